import type { Kysely } from 'kysely';

import type { Database } from '../db/schema.ts';
import { localDate } from '../delivery/schedule/index.ts';
import { currentStreak } from './streaks.ts';

export interface LearnerStreak {
  learnerId: string;
  /** Scheduled days in a row, up to today, on which the learner answered. */
  streak: number;
  /** The learner's local date at `now`, "YYYY-MM-DD": the day the streak is counted up to. */
  today: string;
}

/**
 * A learner's current streak, on their own calendar: a day is scheduled when a lesson went to
 * them that local day, and answered when they replied that local day. Weekends, holidays and
 * pauses send no lesson, so they neither count nor break the streak.
 *
 * @example await learnerStreak(db, learnerId, clock.now())
 *   // { learnerId, streak: 6, today: '2026-03-10' }
 */
export async function learnerStreak(
  db: Kysely<Database>,
  learnerId: string,
  now: Date,
): Promise<LearnerStreak> {
  const learner = await db
    .selectFrom('learners')
    .select('timezone')
    .where('id', '=', learnerId)
    .executeTakeFirst();
  if (!learner) throw new Error(`No learner has the id ${learnerId}`);

  // Limitation: every past day is read in the learner's zone of today; after a move, a send
  // near midnight may land on the neighbouring date.
  const dayOf = (instant: Date) => localDate(instant, learner.timezone);

  // Limitation: reads every lesson send and reply of the learner, a few hundred a year; cap
  // the window here if streaks ever run for years.
  const lessons = await db
    .selectFrom('deliveries')
    .select('sentAt')
    .where('learnerId', '=', learnerId)
    .where('kind', '=', 'lesson')
    .where('sentAt', 'is not', null)
    .execute();
  const replies = await db
    .selectFrom('responses')
    .select('receivedAt')
    .where('learnerId', '=', learnerId)
    .execute();

  // Limitation: a reply after local midnight to yesterday's lesson counts for today, so
  // yesterday stays unanswered.
  const today = dayOf(now);
  const streak = currentStreak({
    scheduledDays: lessons.map((lesson) => dayOf(lesson.sentAt as Date)),
    answeredDays: replies.map((reply) => dayOf(reply.receivedAt)),
    today,
  });
  return { learnerId, streak, today };
}
