import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';

import type { SendFailure } from '../../channels/channel.ts';
import type { Database, DeliveryAttemptsTable, DeliveryRow } from '../../db/schema.ts';
import type { ChannelRefusalEntry } from './channel-history.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Claims up to `limit` deliveries that are ready, moving them from queued to sending with a
 * lease, in one statement. The state change commits before any provider is called: a second
 * worker skips the rows (SKIP LOCKED, then the status), and a worker that dies mid-send leaves
 * them leased rather than lost; recoverExpiredLeases hands them back.
 */
export async function claimReadyDeliveries(
  db: Db,
  now: Date,
  leaseUntil: Date,
  limit: number,
  onlyIds?: readonly string[],
): Promise<DeliveryRow[]> {
  if (onlyIds && onlyIds.length === 0) return [];

  // The rows are picked in a materialized CTE, evaluated once. Inside `WHERE id IN (...)` the
  // planner may run the locking subquery again for each row of the outer scan, and with SKIP
  // LOCKED every run picks other rows: one worker claimed 180 rows in a batch of 10.
  return db
    .with(
      (cte) => cte('ready').materialized(),
      (qb) => {
        let ready = qb
          .selectFrom('deliveries')
          .select('id')
          .where('status', '=', 'queued')
          .where('nextAttemptAt', '<=', now);
        if (onlyIds) ready = ready.where('id', 'in', onlyIds);
        return ready.orderBy('nextAttemptAt').limit(limit).forUpdate().skipLocked();
      },
    )
    .updateTable('deliveries')
    .set({ status: 'sending', leaseUntil, lastAttemptAt: now })
    .from('ready')
    .whereRef('deliveries.id', '=', 'ready.id')
    .where('deliveries.status', '=', 'queued')
    .returningAll('deliveries')
    .execute();
}

/**
 * Hands back deliveries whose lease ran out: their worker died or hung between the claim and
 * the outcome. Each goes out again with the same idempotency key, so a provider that already
 * accepted it drops the copy; the lost attempt is counted and logged as interrupted.
 */
export async function recoverExpiredLeases(db: Kysely<Database>, now: Date): Promise<number> {
  const recovered = await db
    .updateTable('deliveries')
    .set({
      status: 'queued',
      nextAttemptAt: now,
      leaseUntil: null,
      attempts: sql`attempts + 1`,
    })
    .where('status', '=', 'sending')
    .where('leaseUntil', '<', now)
    .returning(['id', 'organizationId', 'channel', 'attempts', 'lastAttemptAt'])
    .execute();
  if (recovered.length === 0) return 0;

  await recordAttempts(
    db,
    recovered.map((row) => ({
      deliveryId: row.id,
      organizationId: row.organizationId,
      channel: row.channel,
      attempt: row.attempts,
      outcome: 'interrupted' as const,
      errorCode: 'lease_expired',
      errorReason: 'the worker stopped before recording the outcome; sent again with the same key',
      retryAfterSeconds: null,
      startedAt: row.lastAttemptAt ?? now,
      finishedAt: now,
    })),
  );
  return recovered.length;
}

export type AttemptRecord = Insertable<DeliveryAttemptsTable>;

export async function recordAttempts(db: Db, attempts: readonly AttemptRecord[]): Promise<void> {
  if (attempts.length === 0) return;
  await db
    .insertInto('deliveryAttempts')
    .values([...attempts])
    .execute();
}

/** Puts a claimed delivery back in the queue until `until`, without counting an attempt. */
export async function releaseDelivery(
  db: Db,
  deliveryId: string,
  until: Date | null,
  changes: {
    scheduledFor?: Date;
    historyNote?: { status: 'queued'; at: string; note: string };
  } = {},
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: 'queued',
      nextAttemptAt: until,
      leaseUntil: null,
      ...(changes.scheduledFor ? { scheduledFor: changes.scheduledFor } : {}),
      ...(changes.historyNote
        ? { statusHistory: sql`status_history || ${JSON.stringify([changes.historyNote])}::jsonb` }
        : {}),
    })
    .where('id', '=', deliveryId)
    .where('status', '=', 'sending')
    .execute();
}

/** Schedules the next attempt after a refusal the provider said may pass (5xx, 429). */
export async function scheduleRetry(
  db: Db,
  deliveryId: string,
  failure: { code: string; reason: string },
  nextAttemptAt: Date,
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: 'queued',
      attempts: sql`attempts + 1`,
      nextAttemptAt,
      leaseUntil: null,
      errorCode: failure.code,
      errorReason: failure.reason,
    })
    .where('id', '=', deliveryId)
    .where('status', '=', 'sending')
    .execute();
}

/**
 * Ends a delivery without sending it: failed (the provider or a send rule refused it), dead
 * (retries ran out: the dead-letter an admin sees, with the reason) or cancelled (no longer
 * needed, such as a reminder for a question answered meanwhile).
 */
export async function finishUnsent(
  db: Db,
  deliveryId: string,
  status: 'failed' | 'dead' | 'cancelled',
  failure: { code: string; reason: string },
  at: Date,
  attempted: boolean,
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status,
      leaseUntil: null,
      nextAttemptAt: null,
      errorCode: failure.code,
      errorReason: failure.reason,
      ...(attempted ? { attempts: sql`attempts + 1` } : {}),
      statusHistory: sql`status_history || ${JSON.stringify([
        { status, at: at.toISOString(), errorCode: failure.code },
      ])}::jsonb`,
    })
    .where('id', '=', deliveryId)
    .where('status', 'in', ['sending', 'queued'])
    .execute();
}

/** Records that the provider accepted a delivery. */
export async function markSent(
  db: Db,
  deliveryId: string,
  providerMessageId: string,
  sentAt: Date,
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: 'sent',
      providerMessageId,
      sentAt,
      leaseUntil: null,
      nextAttemptAt: null,
      attempts: sql`attempts + 1`,
      statusHistory: sql`status_history || ${JSON.stringify([
        { status: 'sent', at: sentAt.toISOString() },
      ])}::jsonb`,
    })
    .where('id', '=', deliveryId)
    .where('status', '=', 'sending')
    .execute();
}

/**
 * Moves a delivery to another channel when its own cannot reach the learner, remembering in
 * the status history which channel refused and why (see channel-history.ts).
 */
export async function switchChannel(
  db: Db,
  delivery: Pick<DeliveryRow, 'id' | 'channel' | 'preferredChannel'>,
  channel: string,
  now: Date,
  failure: SendFailure,
): Promise<void> {
  const refusal: ChannelRefusalEntry = {
    status: 'queued',
    at: now.toISOString(),
    errorCode: failure.code,
    channel: delivery.channel,
    reason: failure.reason,
    fallbackTo: channel,
  };
  await db
    .updateTable('deliveries')
    .set({
      status: 'queued',
      channel,
      preferredChannel: delivery.preferredChannel ?? delivery.channel,
      nextAttemptAt: now,
      leaseUntil: null,
      errorCode: failure.code,
      errorReason: `${delivery.channel}: ${failure.reason}; falling back to ${channel}`,
      statusHistory: sql`status_history || ${JSON.stringify([refusal])}::jsonb`,
    })
    .where('id', '=', delivery.id)
    .where('status', '=', 'sending')
    .execute();
}
