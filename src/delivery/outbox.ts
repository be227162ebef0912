import type { EngineContext } from '../app/context.ts';
import type { OutboundMessage, SendFailure } from '../channels/channel.ts';
import type { QuestionKind } from '../courses/model.ts';
import type { DeliveriesTable, LearnerRow } from '../db/schema.ts';
import { dispatcherFor } from './dispatch/dispatcher.ts';

export { revokeConsent } from './consent.ts';

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
  /** Kept for callers written before prompts were linked to deliveries; unused. */
  question?: { questionId: string; kind: QuestionKind; tag?: number };
}

export type OutboxResult =
  | { status: 'sent' | 'already_sent'; deliveryId: string }
  | { status: 'failed' | 'retry'; deliveryId: string; failure: SendFailure };

/**
 * Records a message as a delivery and hands it to the dispatcher at once. The delivery row,
 * keyed by its idempotency key, is the memory of what was sent: a second call with the same
 * key sends nothing. A refusal is stored on the delivery with a code and a reason an admin can
 * read; a provider refusing for now leaves it queued for the dispatcher to retry with backoff.
 */
export async function sendThroughOutbox(
  context: EngineContext,
  item: OutboundItem,
): Promise<OutboxResult> {
  const deliveryId = await queueMessage(context, item);
  const result = await dispatcherFor(context).dispatchOne(deliveryId);

  switch (result.outcome) {
    case 'sent':
      return { status: 'sent', deliveryId };
    case 'not_ready':
    case 'cancelled':
      return { status: 'already_sent', deliveryId };
    case 'failed':
    case 'dead':
      return { status: 'failed', deliveryId, failure: failureOf(result) };
    default:
      return { status: 'retry', deliveryId, failure: failureOf(result) };
  }
}

/** Queues a message with fixed content; returns its delivery id (the existing one on repeat). */
export async function queueMessage(context: EngineContext, item: OutboundItem): Promise<string> {
  const now = context.clock.now();
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
      nextAttemptAt: now,
      messages: JSON.stringify(item.messages),
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

function failureOf(result: { failure?: SendFailure }): SendFailure {
  return (
    result.failure ?? {
      code: 'rate_limited',
      reason: 'held by a send rule; the dispatcher sends it later',
      retryable: true,
    }
  );
}
