import { sql } from 'kysely';
import type { EngineContext } from '../app/context.ts';
import type { OutboundMessage, SendFailure } from '../channels/channel.ts';
import type { QuestionKind } from '../courses/model.ts';
import type { DeliveriesTable, LearnerRow } from '../db/schema.ts';
import { addressOn } from '../people/learner-repository.ts';

export interface OutboundItem {
  learner: LearnerRow;
  channel: string;
  kind: DeliveriesTable['kind'];
  /** Stable for the same logical message, so a retry never makes a second visible one. */
  idempotencyKey: string;
  messages: readonly OutboundMessage[];
  enrolmentId?: string;
  lessonId?: string;
  questionId?: string;
  question?: { questionId: string; kind: QuestionKind; tag?: number };
}

export type OutboxResult =
  | { status: 'sent' | 'already_sent'; deliveryId: string }
  | { status: 'failed' | 'retry'; deliveryId: string; failure: SendFailure };

/**
 * Records a delivery and hands its messages to the channel once. The delivery row, keyed by
 * its idempotency key, is the memory of what was sent: a second call with the same key sends
 * nothing. A failure is stored on the delivery with a code and a reason an admin can read.
 */
export async function sendThroughOutbox(
  context: EngineContext,
  item: OutboundItem,
): Promise<OutboxResult> {
  const now = context.clock.now();
  const deliveryId = await recordDelivery(context, item, now);
  const delivery = await context.db
    .selectFrom('deliveries')
    .select(['id', 'status'])
    .where('id', '=', deliveryId)
    .executeTakeFirstOrThrow();
  if (delivery.status !== 'queued') return { status: 'already_sent', deliveryId };

  const refusal = await refusalFor(context, item);
  if (refusal) {
    await markFailed(context, deliveryId, refusal, now);
    return { status: 'failed', deliveryId, failure: refusal };
  }

  const address = addressOn(item.learner, item.channel) as string;
  const channel = await context.channels.forOrganization(item.learner.organizationId, item.channel);
  if (!channel) {
    const failure: SendFailure = {
      code: 'not_configured',
      reason: `no ${item.channel} channel is configured for this organization`,
      retryable: false,
    };
    await markFailed(context, deliveryId, failure, now);
    return { status: 'failed', deliveryId, failure };
  }
  let providerMessageId = '';
  for (const [index, message] of item.messages.entries()) {
    const isLast = index === item.messages.length - 1;
    const outcome = await channel.send({
      to: address,
      message,
      idempotencyKey:
        item.messages.length > 1 ? `${item.idempotencyKey}#${index + 1}` : item.idempotencyKey,
      question: isLast ? item.question : undefined,
    });
    if (!outcome.ok && outcome.error.retryable) {
      // Kept queued: the job that called us fails and the queue retries it with backoff;
      // the idempotency key stops parts that did go out from going out twice.
      await context.db
        .updateTable('deliveries')
        .set({ errorCode: outcome.error.code, errorReason: outcome.error.reason })
        .where('id', '=', deliveryId)
        .execute();
      return { status: 'retry', deliveryId, failure: outcome.error };
    }
    if (!outcome.ok) {
      await markFailed(context, deliveryId, outcome.error, context.clock.now());
      if (outcome.error.code === 'opted_out') {
        await revokeConsent(context, item.learner.id, item.channel, 'provider refused: opted out');
      }
      return { status: 'failed', deliveryId, failure: outcome.error };
    }
    providerMessageId = outcome.value.providerMessageId;
  }

  const sentAt = context.clock.now();
  await context.db
    .updateTable('deliveries')
    .set({
      status: 'sent',
      providerMessageId,
      sentAt,
      statusHistory: sql`status_history || ${JSON.stringify([{ status: 'sent', at: sentAt }])}::jsonb`,
    })
    .where('id', '=', deliveryId)
    .execute();
  context.logger.debug(
    { deliveryId, learnerId: item.learner.id, channel: item.channel, kind: item.kind },
    'message sent',
  );
  return { status: 'sent', deliveryId };
}

async function recordDelivery(context: EngineContext, item: OutboundItem, now: Date) {
  const inserted = await context.db
    .insertInto('deliveries')
    .values({
      organizationId: item.learner.organizationId,
      learnerId: item.learner.id,
      enrolmentId: item.enrolmentId ?? null,
      lessonId: item.lessonId ?? null,
      questionId: item.questionId ?? null,
      kind: item.kind,
      channel: item.channel,
      idempotencyKey: item.idempotencyKey,
      providerMessageId: null,
      statusHistory: JSON.stringify([{ status: 'queued', at: now }]),
      errorCode: null,
      errorReason: null,
      scheduledFor: now,
      sentAt: null,
    })
    .onConflict((conflict) => conflict.column('idempotencyKey').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;

  const existing = await context.db
    .selectFrom('deliveries')
    .select('id')
    .where('idempotencyKey', '=', item.idempotencyKey)
    .executeTakeFirstOrThrow();
  return existing.id;
}

/** The shared rules checked before every send, whatever the channel. */
async function refusalFor(
  context: EngineContext,
  item: OutboundItem,
): Promise<SendFailure | undefined> {
  if (item.learner.status !== 'active') {
    return { code: 'unreachable', reason: `learner is ${item.learner.status}`, retryable: false };
  }
  if (!addressOn(item.learner, item.channel)) {
    return {
      code: 'unreachable',
      reason: `learner has no address on ${item.channel}`,
      retryable: false,
    };
  }
  const consent = await context.db
    .selectFrom('channelConsents')
    .select('status')
    .where('learnerId', '=', item.learner.id)
    .where('channel', '=', item.channel)
    .executeTakeFirst();
  if (consent?.status === 'revoked') {
    return { code: 'opted_out', reason: `learner opted out of ${item.channel}`, retryable: false };
  }
  return undefined;
}

async function markFailed(
  context: EngineContext,
  deliveryId: string,
  failure: SendFailure,
  at: Date,
): Promise<void> {
  await context.db
    .updateTable('deliveries')
    .set({
      status: 'failed',
      errorCode: failure.code,
      errorReason: failure.reason,
      statusHistory: sql`status_history || ${JSON.stringify([
        { status: 'failed', at, errorCode: failure.code },
      ])}::jsonb`,
    })
    .where('id', '=', deliveryId)
    .execute();
  context.logger.warn(
    { deliveryId, code: failure.code, reason: failure.reason },
    'delivery failed',
  );
}

/**
 * Records that a learner may no longer be messaged on a channel. A provider refusing a send
 * because the person opted out with the carrier is as binding as a STOP sent to us.
 */
export async function revokeConsent(
  context: EngineContext,
  learnerId: string,
  channel: string,
  source: string,
): Promise<void> {
  const recordedAt = context.clock.now();
  await context.db
    .insertInto('channelConsents')
    .values({ learnerId, channel, status: 'revoked', source, recordedAt })
    .onConflict((conflict) =>
      conflict.columns(['learnerId', 'channel']).doUpdateSet({ status: 'revoked', source, recordedAt }),
    )
    .execute();
  context.logger.info({ learnerId, channel, source }, 'channel consent revoked');
}
