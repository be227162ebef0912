import { DateTime } from 'luxon';

import type { EngineContext } from '../../app/context.ts';
import { dispatcherFor } from '../dispatch/dispatcher.ts';

/** Replies needed before a send time is learned from them. */
export const MIN_SAMPLES = 5;
/** A reply within this long was read when it arrived: the current time already works. */
const PROMPT_REPLY_MINUTES = 30;
const ROUND_TO_MINUTES = 15;
/** Never learn a time in the night, whatever the replies say. */
const EARLIEST = 7 * 60;
const LATEST = 20 * 60;

export interface ReplySample {
  sentAt: Date;
  receivedAt: Date;
}

/**
 * The local send time the learner's reply delays point to, or undefined to keep the current
 * one: when most replies come long after the message, the median local time at which they do
 * come is when this person reads; rounded to 15 minutes and kept between 07:00 and 20:00.
 *
 * @example learnedSendTime(samples, 'Europe/Madrid') // '12:30' for replies around 12:25
 */
export function learnedSendTime(
  samples: readonly ReplySample[],
  timezone: string,
): string | undefined {
  if (samples.length < MIN_SAMPLES) return undefined;

  const delays = samples.map(
    (sample) => (sample.receivedAt.getTime() - sample.sentAt.getTime()) / 60_000,
  );
  if (median(delays) <= PROMPT_REPLY_MINUTES) return undefined;

  const minutes = samples.map((sample) => {
    const local = DateTime.fromJSDate(sample.receivedAt, { zone: timezone });
    return local.hour * 60 + local.minute;
  });
  const rounded = Math.round(median(minutes) / ROUND_TO_MINUTES) * ROUND_TO_MINUTES;
  const clamped = Math.min(LATEST, Math.max(EARLIEST, rounded));
  const hours = String(Math.floor(clamped / 60)).padStart(2, '0');
  return `${hours}:${String(clamped % 60).padStart(2, '0')}`;
}

/**
 * Learns the send time of learners whose organization enabled it, from their last 20 replies.
 * Returns how many profiles changed.
 */
export async function updateSendProfiles(
  context: EngineContext,
  learnerIds: readonly string[],
): Promise<number> {
  if (learnerIds.length === 0) return 0;
  const dispatcher = dispatcherFor(context);
  const learners = await context.db
    .selectFrom('learners')
    .select(['id', 'organizationId', 'timezone'])
    .where('id', 'in', [...learnerIds])
    .execute();

  let changed = 0;
  for (const learner of learners) {
    if (!(await dispatcher.settings.get(learner.organizationId)).sendTimeOptimization) continue;
    const samples = await context.db
      .selectFrom('responses')
      .innerJoin('prompts', 'prompts.id', 'responses.promptId')
      .select(['prompts.sentAt', 'responses.receivedAt'])
      .where('responses.learnerId', '=', learner.id)
      .where('prompts.round', '=', 0)
      .orderBy('responses.receivedAt', 'desc')
      .limit(20)
      .execute();
    const localTime = learnedSendTime(samples, learner.timezone);
    if (!localTime) continue;

    const updatedAt = context.clock.now();
    await context.db
      .insertInto('learnerSendProfiles')
      .values({ learnerId: learner.id, localTime, samples: samples.length, updatedAt })
      .onConflict((conflict) =>
        conflict.column('learnerId').doUpdateSet({ localTime, samples: samples.length, updatedAt }),
      )
      .execute();
    changed += 1;
  }
  return changed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
