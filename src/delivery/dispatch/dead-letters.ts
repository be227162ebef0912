import { sql } from 'kysely';

import type { EngineContext } from '../../app/context.ts';
import type { DeliveryStatus } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';

export interface RequeuedDelivery {
  deliveryId: string;
  status: 'queued';
  channel: string;
  nextAttemptAt: Date;
}

export type RequeueProblem =
  | { kind: 'not_found'; message: string }
  | { kind: 'not_dead_letter'; status: DeliveryStatus; message: string };

const DEAD_LETTER_STATUSES = ['dead', 'failed'] as const;

/**
 * Puts a dead or failed delivery back in the queue, e.g. once an admin has fixed what refused
 * it: on the channel first chosen for it, with a fresh attempt budget and a fresh list of
 * channels to fall back on, ready now. The status history records the requeue; the
 * idempotency key is kept, so a provider that took an earlier attempt after all drops the copy.
 * With `organizationId`, a delivery of another organization is answered as not found.
 *
 * @example await requeueDeadLetter(context, deliveryId, { organizationId: org.id })
 *   // { ok: true, value: { deliveryId, status: 'queued', channel: 'sms', nextAttemptAt } }
 */
// Limitation: a requeued lesson goes when it is sent again, possibly after lessons that came
// after it in the course; the send rules (quiet hours, daily cap) still apply to it.
export async function requeueDeadLetter(
  context: EngineContext,
  deliveryId: string,
  options: { organizationId?: string } = {},
): Promise<Result<RequeuedDelivery, RequeueProblem>> {
  const now = context.clock.now();

  // One statement: the status test and the change cannot be split by a concurrent requeue.
  // `status` on the right-hand side is the value before this update (a RequeueEntry).
  const requeued = await context.db
    .updateTable('deliveries')
    .set({
      status: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      scheduledFor: now,
      leaseUntil: null,
      channel: sql<string>`coalesce(preferred_channel, channel)`,
      statusHistory: sql`status_history || jsonb_build_array(jsonb_build_object(
        'status', 'queued',
        'at', ${now.toISOString()}::text,
        'requeuedFrom', status,
        'note', 'sent again by an admin with a fresh attempt budget'))`,
    })
    .where('id', '=', deliveryId)
    .where('status', 'in', [...DEAD_LETTER_STATUSES])
    .$if(options.organizationId !== undefined, (query) =>
      query.where('organizationId', '=', options.organizationId as string),
    )
    .returning(['id', 'channel', 'nextAttemptAt'])
    .executeTakeFirst();
  if (requeued) {
    context.logger.info({ deliveryId, channel: requeued.channel }, 'dead letter requeued');
    return ok({
      deliveryId: requeued.id,
      status: 'queued',
      channel: requeued.channel,
      nextAttemptAt: requeued.nextAttemptAt ?? now,
    });
  }

  const current = await context.db
    .selectFrom('deliveries')
    .select(['status', 'organizationId'])
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  const foreign =
    options.organizationId !== undefined && current?.organizationId !== options.organizationId;
  if (!current || foreign) {
    return err({ kind: 'not_found', message: `No delivery ${deliveryId} in this organization` });
  }
  return err({
    kind: 'not_dead_letter',
    status: current.status,
    message:
      `Delivery ${deliveryId} is ${current.status}; only a dead or failed delivery can be ` +
      'sent again',
  });
}
