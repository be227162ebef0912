import type { Kysely } from 'kysely';

import type { Database } from '../db/schema.ts';

export interface RecallBucket {
  /** Predicted recall range, e.g. 0.8 to 0.9. */
  from: number;
  to: number;
  reviews: number;
  /** Mean predicted recall of the reviews in the bucket. */
  predicted: number;
  /** Share of those reviews answered right. */
  observed: number;
}

/**
 * Predicted against observed recall of an organization's reviews and retention checks, in
 * tenths of predicted recall: how well the spaced-repetition model fits these learners.
 */
export async function recallCalibration(
  db: Kysely<Database>,
  organizationId: string,
): Promise<RecallBucket[]> {
  const logs = await db
    .selectFrom('reviewLogs')
    .select(['predictedRecall', 'recalled'])
    .where('organizationId', '=', organizationId)
    .where('predictedRecall', 'is not', null)
    .execute();

  const buckets = new Map<number, { count: number; predicted: number; recalled: number }>();
  for (const log of logs) {
    const predicted = log.predictedRecall as number;
    const tenth = Math.min(9, Math.floor(predicted * 10));
    const bucket = buckets.get(tenth) ?? { count: 0, predicted: 0, recalled: 0 };
    bucket.count += 1;
    bucket.predicted += predicted;
    bucket.recalled += log.recalled ? 1 : 0;
    buckets.set(tenth, bucket);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([tenth, bucket]) => ({
      from: tenth / 10,
      to: (tenth + 1) / 10,
      reviews: bucket.count,
      predicted: bucket.predicted / bucket.count,
      observed: bucket.recalled / bucket.count,
    }));
}
