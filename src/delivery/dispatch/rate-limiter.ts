import { sql, type Kysely } from 'kysely';

import type { Database } from '../../db/schema.ts';

export type RateLimitTake = { ok: true } | { ok: false; retryAt: Date };

/**
 * Rate limits keyed by name ("provider:sms:<org>", "org:<org>"), by the generic cell rate
 * algorithm: each key remembers when its next send is due at the steady rate, and a burst of
 * `burst` sends may run ahead of that. The state is a row of rate_limit_cells, so every worker
 * on one database shares each limit, and a take is one upsert: PostgreSQL locks the row while
 * it checks and moves it, so two workers can never both take the last send. Whole
 * milliseconds only, so limits are exact. Time comes from the caller, so simulated time
 * drives them too; workers' clocks are assumed to agree to well under one interval.
 *
 * Call it with the engine's database, never inside a transaction: a take must commit at once
 * for the other workers to see it (and the embedded database has a single connection).
 */
export class RateLimiter {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Takes one send, or says when the next one is allowed.
   * @example await limiter.take('org:42', 10, 10, now) // { ok: true } or { ok: false, retryAt }
   */
  async take(key: string, perSecond: number, burst: number, now: Date): Promise<RateLimitTake> {
    const at = now.getTime();
    const interval = intervalMs(key, perSecond);
    const tolerance = Math.round(interval * (Math.max(1, burst) - 1));

    // A new key starts with its full burst; a known one moves on by one interval from its due
    // time (or from now, when it has been idle), unless that due time is beyond the burst.
    const stored = sql.ref('rateLimitCells.theoreticalArrivalMs');
    const due = sql<number>`greatest(${stored}, ${at}::bigint)`;
    const taken = await this.db
      .insertInto('rateLimitCells')
      .values({ key, theoreticalArrivalMs: at + interval, updatedAt: now })
      .onConflict((conflict) =>
        conflict
          .column('key')
          .doUpdateSet({ theoreticalArrivalMs: sql`${due} + ${interval}::bigint`, updatedAt: now })
          .where(sql`${due} - ${tolerance}::bigint`, '<=', at),
      )
      .returning('key')
      .executeTakeFirst();
    if (taken) return { ok: true };

    // Refused. Read when the send becomes due; another worker's give-back may have made it
    // due already, and then the delivery may simply be tried again now.
    const cell = await this.db
      .selectFrom('rateLimitCells')
      .select('theoreticalArrivalMs')
      .where('key', '=', key)
      .executeTakeFirst();
    const dueAt = (cell?.theoreticalArrivalMs ?? at) - tolerance;
    return { ok: false, retryAt: new Date(Math.max(dueAt, at)) };
  }

  /** Gives back a send taken for a message that did not go after all. */
  async giveBack(key: string, perSecond: number): Promise<void> {
    const interval = intervalMs(key, perSecond);
    await this.db
      .updateTable('rateLimitCells')
      .set((eb) => ({ theoreticalArrivalMs: eb('theoreticalArrivalMs', '-', interval) }))
      .where('key', '=', key)
      .execute();
  }
}

function intervalMs(key: string, perSecond: number): number {
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
    throw new Error(`Rate limit "${key}": sends per second must be above 0, got ${perSecond}`);
  }
  return Math.max(1, Math.round(1000 / perSecond));
}
