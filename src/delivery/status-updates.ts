import { sql } from 'kysely';
import type { EngineContext } from '../app/context.ts';
import type { DeliveryStatusUpdate } from '../channels/channel.ts';
import type { DeliveryStatus, StatusChange } from '../db/schema.ts';
import { revokeConsent } from './outbox.ts';

/**
 * How far a message has got. Providers call back late, twice and out of order; a status only
 * replaces the current one when it is further along, so "delivered" never goes back to
 * "sent", and a failure (as final as a delivery) is never overwritten by a late "sent".
 */
const PROGRESS: Record<DeliveryStatus, number> = {
  queued: 0,
  sending: 0,
  sent: 1,
  delivered: 2,
  failed: 2,
  dead: 2,
  cancelled: 2,
  read: 3,
};

export type StatusOutcome = 'applied' | 'recorded' | 'duplicate' | 'unknown_message';

/**
 * Applies a provider's status callback to the delivery it names. Every distinct status is kept
 * in the history; a repeat of the same status for the same message changes nothing; an error
 * code, once known, is never lost.
 */
export async function applyStatusUpdate(
  context: EngineContext,
  organizationId: string,
  update: DeliveryStatusUpdate,
): Promise<StatusOutcome> {
  const applied = await context.db.transaction().execute(async (trx) => {
    const delivery = await trx
      .selectFrom('deliveries')
      .select(['id', 'learnerId', 'status', 'statusHistory', 'errorCode', 'errorReason'])
      .where('organizationId', '=', organizationId)
      .where('channel', '=', update.channel)
      .where('providerMessageId', '=', update.providerMessageId)
      .forUpdate()
      .executeTakeFirst();
    if (!delivery) {
      context.logger.warn(
        { channel: update.channel, providerMessageId: update.providerMessageId },
        'status callback for an unknown message ignored',
      );
      return { outcome: 'unknown_message' as const };
    }

    const seen = delivery.statusHistory.some(
      (change) => change.status === update.status && change.errorCode === update.errorCode,
    );
    if (seen) return { outcome: 'duplicate' as const };

    const change: StatusChange = {
      status: update.status,
      at: update.at.toISOString(),
      ...(update.errorCode ? { errorCode: update.errorCode } : {}),
    };
    const advances = PROGRESS[update.status] > PROGRESS[delivery.status];
    await trx
      .updateTable('deliveries')
      .set({
        statusHistory: sql`status_history || ${JSON.stringify([change])}::jsonb`,
        ...(advances ? { status: update.status } : {}),
        errorCode: delivery.errorCode ?? update.errorCode ?? null,
        errorReason: delivery.errorReason ?? update.errorReason ?? null,
      })
      .where('id', '=', delivery.id)
      .execute();

    return { outcome: advances ? ('applied' as const) : ('recorded' as const), delivery };
  });

  // After the commit: on the embedded database a second statement outside the transaction
  // would wait for the transaction's own lock.
  if (update.optedOut && 'delivery' in applied && applied.delivery) {
    await revokeConsent(context, applied.delivery.learnerId, update.channel, 'provider: opted out');
  }
  return applied.outcome;
}
