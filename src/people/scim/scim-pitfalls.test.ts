import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDueLessons } from '../../delivery/due-lessons.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { ManualClock } from '../../shared/clock.ts';
import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { silentSimulator, tickAndDrain } from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createFilterCohort } from '../cohorts/cohort-membership.ts';
import { createAutoEnrolmentRule } from '../enrolment/auto-enrolment-rules.ts';
import { SCHEMA } from './scim-schema.ts';
import { scimTestClient, type ScimTestClient } from './scim-test-client.ts';

const PATCH = [SCHEMA.patchOp];

describe(`SCIM pitfalls with delivery on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-02T12:00:00Z');
  const simulator = silentSimulator(clock);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let scim: ScimTestClient;
  let courses: { sales: string; finance: string };

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    scim = await scimTestClient(runtime, 'pitfall-co');
    const db = runtime.context.db;
    courses = {
      sales: (await publishCourse(db, scim.organizationId, readingCourse(5))).versionId,
      finance: (
        await publishCourse(db, scim.organizationId, { ...readingCourse(2), title: 'Ledger' })
      ).versionId,
    };
    for (const [department, versionId] of [
      ['Sales', courses.sales],
      ['Finance', courses.finance],
    ] as const) {
      const cohort = await createFilterCohort(
        db,
        scim.organizationId,
        department,
        `department eq "${department}"`,
        clock.now(),
      );
      if (!cohort.ok) throw new Error(cohort.error);
      await createAutoEnrolmentRule(
        db,
        scim.organizationId,
        {
          name: `${department} course`,
          cohortId: cohort.value.cohortId,
          courseVersionId: versionId,
          channel: 'simulator',
          sendTime: '09:00',
          days: 'daily',
        },
        clock.now(),
      );
    }
  });
  afterAll(() => runtime.close());

  /** Ana Silva in Sales, with one lesson sent and the next one claimed and queued. */
  const activeLearnerWithQueuedLesson = async (userName: string) => {
    clock.set('2026-03-02T12:00:00Z');
    const created = await scim.call('POST', '/Users', {
      schemas: [SCHEMA.user, SCHEMA.enterprise],
      userName,
      displayName: 'Ana Silva',
      emails: [{ value: userName, type: 'work', primary: true }],
      timezone: 'Europe/Lisbon',
      [SCHEMA.enterprise]: { department: 'Sales' },
    });
    const id = String(created.body.id);
    clock.set('2026-03-03T09:00:01Z');
    await tickAndDrain(runtime);
    // Lesson 2 is claimed, as the tick does, but not yet dispatched by a worker.
    clock.set('2026-03-04T09:00:01Z');
    await claimDueLessons(runtime.context, clock.now());
    return id;
  };
  const deliveriesOf = (learnerId: string) =>
    runtime.context.db
      .selectFrom('deliveries')
      .select(['status', 'errorCode', 'kind'])
      .where('learnerId', '=', learnerId)
      .orderBy('createdAt')
      .execute();
  const enrolmentOf = (learnerId: string, versionId: string) =>
    runtime.context.db
      .selectFrom('enrolments')
      .selectAll()
      .where('learnerId', '=', learnerId)
      .where('courseVersionId', '=', versionId)
      .executeTakeFirst();

  describe('SC-01: deactivation as Entra ID and Okta send it', () => {
    it.each([
      ['a', { op: 'Replace', path: 'active', value: 'False' }],
      ['b', { op: 'Add', path: 'active', value: 'False' }],
      ['c', { op: 'replace', value: { active: false } }],
    ])(
      '%s: 200 with active false; queued sends cancelled, history kept',
      async (label, operation) => {
        const id = await activeLearnerWithQueuedLesson(`ana.${label}@example.com`);
        const before = await deliveriesOf(id);

        const reply = await scim.call('PATCH', `/Users/${id}`, {
          schemas: PATCH,
          Operations: [operation],
        });

        expect(reply.status).toBe(200);
        expect(reply.body.active).toBe(false);
        expect(before.map((delivery) => delivery.status)).toEqual(['sent', 'queued']);
        expect(await deliveriesOf(id)).toEqual([
          { status: 'sent', errorCode: null, kind: 'lesson' },
          { status: 'cancelled', errorCode: 'learner_inactive', kind: 'lesson' },
        ]);
        expect(await enrolmentOf(id, courses.sales)).toMatchObject({
          status: 'paused',
          nextSendAt: null,
          lessonsCompleted: 1,
        });
      },
    );

    it('d: "True" reactivates, and the schedule resumes at the next slot', async () => {
      const id = await activeLearnerWithQueuedLesson('ana.d@example.com');
      await scim.call('PATCH', `/Users/${id}`, {
        schemas: PATCH,
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
      });
      clock.set('2026-03-07T10:00:00Z');

      const reply = await scim.call('PATCH', `/Users/${id}`, {
        schemas: PATCH,
        Operations: [{ op: 'Replace', path: 'active', value: 'True' }],
      });
      const enrolment = await enrolmentOf(id, courses.sales);

      expect(reply).toMatchObject({ status: 200, body: { active: true } });
      expect(enrolment).toMatchObject({ status: 'active', nextLessonPosition: 2 });
      // Lisbon is on UTC in March: the next 09:00 after Saturday 10:00 is Sunday's.
      expect(enrolment?.nextSendAt?.toISOString()).toBe('2026-03-08T09:00:00.000Z');
    });

    it('e: "maybe" is 400 invalidValue, and the learner stays active', async () => {
      const id = await activeLearnerWithQueuedLesson('ana.e@example.com');

      const reply = await scim.call('PATCH', `/Users/${id}`, {
        schemas: PATCH,
        Operations: [{ op: 'replace', path: 'active', value: 'maybe' }],
      });

      expect(reply).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
      expect((await enrolmentOf(id, courses.sales))?.status).toBe('active');
      expect((await deliveriesOf(id)).map((delivery) => delivery.status)).toEqual([
        'sent',
        'queued',
      ]);
    });
  });

  describe('SC-03: path-less Replace with dotted keys and extension URNs', () => {
    it('stores the nested values, and the learner moves to the Finance course', async () => {
      clock.set('2026-03-09T12:00:00Z');
      const created = await scim.call('POST', '/Users', {
        schemas: [SCHEMA.user, SCHEMA.enterprise],
        userName: 'ana.silva@example.com',
        emails: [{ value: 'ana.silva@example.com', type: 'work', primary: true }],
        [SCHEMA.enterprise]: { department: 'Sales' },
      });
      const id = String(created.body.id);

      await scim.call('PATCH', `/Users/${id}`, {
        schemas: PATCH,
        Operations: [
          {
            op: 'Replace',
            value: {
              displayName: 'Ana Silva',
              'name.givenName': 'Ana',
              'name.familyName': 'Silva',
              [`${SCHEMA.enterprise}:department`]: 'Finance',
              [`${SCHEMA.enterprise}:employeeNumber`]: 'E-0042',
            },
          },
        ],
      });
      const after = await scim.call('GET', `/Users/${id}`);

      expect(after.body).toMatchObject({
        displayName: 'Ana Silva',
        name: { givenName: 'Ana', familyName: 'Silva' },
        [SCHEMA.enterprise]: { department: 'Finance', employeeNumber: 'E-0042' },
      });
      expect(JSON.stringify(after.body)).not.toContain('name.givenName');
      expect(await enrolmentOf(id, courses.finance)).toMatchObject({ status: 'active' });
      expect(await enrolmentOf(id, courses.sales)).toMatchObject({ status: 'withdrawn' });
    });
  });
});
