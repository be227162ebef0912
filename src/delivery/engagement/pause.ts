import { sql } from 'kysely';

import type { EngineContext } from '../../app/context.ts';
import { dispatcherFor } from '../dispatch/dispatcher.ts';
import { lessonScheduleOf } from '../enrolment-schedule.ts';
import { nextLessonInstant } from '../schedule/index.ts';

/** Why an enrolment is paused, when the learner asked for it in the chat. */
export const PAUSED_BY_LEARNER = 'learner_paused';
export const SNOOZED_BY_LEARNER = 'learner_snoozed';

/**
 * Pauses the learner's active enrolments on a channel: nothing scheduled goes until START
 * (or, with `days`, until the snooze ends at the same local time that many days later).
 * Returns how many enrolments changed.
 */
export async function pauseEnrolments(
  context: EngineContext,
  learnerId: string,
  channel: string,
  days?: number,
): Promise<number> {
  const now = context.clock.now();
  const until = days === undefined ? null : new Date(now.getTime() + days * 86_400_000);
  const paused = await context.db
    .updateTable('enrolments')
    .set({
      status: 'paused',
      pausedReason: days === undefined ? PAUSED_BY_LEARNER : SNOOZED_BY_LEARNER,
      snoozedUntil: until,
    })
    .where('learnerId', '=', learnerId)
    .where('channel', '=', channel)
    .where('status', '=', 'active')
    .returning('id')
    .execute();
  return paused.length;
}

/**
 * Resumes enrolments a learner paused or snoozed, and lets held messages go. Resuming never
 * sends the backlog: the next lesson is due at the next slot of the cadence, one a day.
 */
export async function resumeEnrolments(
  context: EngineContext,
  learnerId: string,
  channel?: string,
): Promise<number> {
  const now = context.clock.now();
  let query = context.db
    .selectFrom('enrolments')
    .innerJoin('learners', 'learners.id', 'enrolments.learnerId')
    .selectAll('enrolments')
    .select('learners.timezone')
    .where('enrolments.learnerId', '=', learnerId)
    .where('enrolments.status', '=', 'paused')
    .where('enrolments.pausedReason', 'in', [PAUSED_BY_LEARNER, SNOOZED_BY_LEARNER]);
  if (channel !== undefined) query = query.where('enrolments.channel', '=', channel);
  const paused = await query.execute();

  const dispatcher = dispatcherFor(context);
  for (const enrolment of paused) {
    const settings = await dispatcher.settings.get(enrolment.organizationId);
    const schedule = lessonScheduleOf(enrolment, enrolment, settings);
    const nextSendAt =
      enrolment.nextSendAt === null
        ? null
        : nextLessonInstant(schedule, now, enrolment.lessonsSent + 1);
    await context.db
      .updateTable('enrolments')
      .set({ status: 'active', pausedReason: null, snoozedUntil: null, nextSendAt })
      .where('id', '=', enrolment.id)
      .execute();
    await releaseHeldDeliveries(context, enrolment.id, now);
  }
  return paused.length;
}

/** Ends snoozes whose time has come. */
export async function resumeSnoozedEnrolments(context: EngineContext, at: Date): Promise<number> {
  const due = await context.db
    .selectFrom('enrolments')
    .select(['learnerId'])
    .where('status', '=', 'paused')
    .where('pausedReason', '=', SNOOZED_BY_LEARNER)
    .where('snoozedUntil', '<=', at)
    .execute();
  let resumed = 0;
  for (const learnerId of new Set(due.map((row) => row.learnerId))) {
    resumed += await resumeEnrolments(context, learnerId);
  }
  return resumed;
}

/** Messages held for a pause go back through the send rules now (windows, quiet hours). */
async function releaseHeldDeliveries(context: EngineContext, enrolmentId: string, now: Date) {
  await context.db
    .updateTable('deliveries')
    .set({ nextAttemptAt: now })
    .where('enrolmentId', '=', enrolmentId)
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('nextAttemptAt', 'is', null), eb('nextAttemptAt', '>', now)]))
    .where(sql<boolean>`kind <> 'reminder'`)
    .execute();
}
