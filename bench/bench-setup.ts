import { sql } from 'kysely';

import type { Runtime } from '../src/app/runtime.ts';
import { publishCourse } from '../src/courses/course-repository.ts';
import type { CourseDraft } from '../src/courses/model.ts';
import {
  DEFAULT_DELIVERY_SETTINGS,
  saveDeliverySettings,
} from '../src/delivery/delivery-settings.ts';
import { nextSendInstant } from '../src/delivery/schedule/index.ts';
import { createOrganization } from '../src/organizations/organization-repository.ts';

/** Twenty zones from UTC+14 to UTC-10, with part-hour offsets among them. */
export const BENCH_ZONES = [
  'Pacific/Kiritimati',
  'Pacific/Auckland',
  'Australia/Sydney',
  'Asia/Tokyo',
  'Asia/Shanghai',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Europe/Moscow',
  'Africa/Cairo',
  'Europe/Berlin',
  'Europe/London',
  'Atlantic/Azores',
  'America/Sao_Paulo',
  'America/St_Johns',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Pacific/Honolulu',
];

/** The day of the benchmark: every learner's 09:00 on it is a wave of sends. */
export const BENCH_DAY_START = new Date('2026-06-14T12:00:00Z');

export function readingCourse(lessons: number): CourseDraft {
  return {
    title: 'Bench reading',
    description: 'Benchmark course',
    language: 'en',
    sourceName: 'bench',
    lessons: Array.from({ length: lessons }, (_, index) => ({
      id: `l${index + 1}`,
      position: index + 1,
      title: `Reading ${index + 1}`,
      body: `Paragraph number ${index + 1}: keep the aisle clear and report spills at once.`,
      questions: [],
    })),
  };
}

/**
 * An organization of `learners` people spread over the zones, each enrolled in a five-lesson
 * course on the "email" kind with the first lesson due at 09:00 local on the bench day.
 * Written with set-based SQL: setting up is not what is measured.
 */
export async function seedLearners(runtime: Runtime, learners: number) {
  const { db } = runtime.context;
  const org = await createOrganization(db, { name: `Bench ${Date.now()}` });
  await saveDeliverySettings(db, org.id, { ...DEFAULT_DELIVERY_SETTINGS });
  const course = await publishCourse(db, org.id, readingCourse(5));

  const zones = sql.join(BENCH_ZONES.map((zone) => sql`${zone}`));
  await sql`
    insert into learners (organization_id, full_name, email, timezone, preferred_channel)
    select ${org.id}::uuid, 'Learner ' || g, 'learner' || g || '@bench.example',
      (array[${zones}])[1 + g % ${BENCH_ZONES.length}], 'email'
    from generate_series(1, ${learners}) as g`.execute(db);

  const slots = BENCH_ZONES.map((zone) => ({
    zone,
    slot: nextSendInstant({ timezone: zone, localTime: '09:00', days: 'daily' }, BENCH_DAY_START),
  }));
  const values = sql.join(
    slots.map(({ zone, slot }) => sql`(${zone}, ${slot.toISOString()}::timestamptz)`),
  );
  await sql`
    insert into enrolments (organization_id, learner_id, course_version_id, channel, send_time,
      days, next_send_at, enrolled_at)
    select ${org.id}::uuid, l.id, ${course.versionId}::uuid, 'email', '09:00', 'daily',
      z.slot, ${BENCH_DAY_START.toISOString()}::timestamptz
    from learners l join (values ${values}) as z (zone, slot) on z.zone = l.timezone
    where l.organization_id = ${org.id}::uuid`.execute(db);
  await sql`analyze`.execute(db);

  return {
    organizationId: org.id,
    slots: slots.map(({ slot }) => slot).sort((a, b) => a.getTime() - b.getTime()),
  };
}
