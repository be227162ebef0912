import type { EngineContext } from '../../app/context.ts';
import type { Channel, OutboundMessage, SendFailure } from '../../channels/channel.ts';
import type { DeliveryRow, EnrolmentRow, LearnerRow } from '../../db/schema.ts';
import { addressOn } from '../../people/learner-repository.ts';
import type { Random } from '../../shared/random.ts';
import { DeliverySettingsCache, type DeliverySettings } from '../delivery-settings.ts';
import { recordSentLessons } from '../lesson-flow.ts';
import { revokeConsent } from '../consent.ts';
import { composeMessages } from './compose-messages.ts';
import { CourseCache } from './course-cache.ts';
import {
  claimReadyDeliveries,
  finishUnsent,
  markSent,
  recordAttempts,
  recoverExpiredLeases,
  releaseDelivery,
  scheduleRetry,
  switchChannel,
  type AttemptRecord,
} from './delivery-claims.ts';
import { loadBatchInputs, type BatchInputs } from './batch-inputs.ts';
import {
  channelsTried,
  refusalsSoFar,
  refusalSummary,
  type ChannelRefusal,
} from './channel-history.ts';
import { findChannel } from './channel-lookup.ts';
import { holdFor } from './send-rules.ts';
import { RateLimiter } from './rate-limiter.ts';
import { canRetry, DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy.ts';

export interface DispatcherOptions {
  /** Deliveries claimed per round. */
  batchSize: number;
  /** Provider calls in flight at once, per lane. */
  concurrency: number;
  /**
   * Batches in progress at once: while one lane waits on providers, another records its
   * outcomes or claims the next batch, so the database and the network work side by side.
   */
  lanes: number;
  /** How long a claimed send may take before another worker may take it over. */
  leaseSeconds: number;
  retry: RetryPolicy;
  /** Sends per second allowed per organization's account of each channel kind; absent: none. */
  providerRatePerSecond: Readonly<Record<string, number>>;
  random: Random;
}

/**
 * Sends per second per organization and channel kind, since each organization sends through
 * its own provider account (its Twilio number, its WhatsApp number, its Slack app), below what
 * each provider documents: WhatsApp Cloud API 80 messages/s per number; Slack about 1 message/s per channel
 * with bursts; Bot Framework a few per second per conversation; Twilio queues beyond a
 * number's throughput. A burst of one second's worth may go at once.
 * Limitation: fixed defaults, not read from each organization's provider account.
 */
export const DEFAULT_PROVIDER_RATES: Readonly<Record<string, number>> = {
  sms: 30,
  whatsapp: 80,
  slack: 10,
  teams: 15,
  email: 20,
};

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  batchSize: 200,
  concurrency: 32,
  lanes: 2,
  leaseSeconds: 120,
  retry: DEFAULT_RETRY_POLICY,
  providerRatePerSecond: DEFAULT_PROVIDER_RATES,
  random: Math.random,
};

export type DispatchOutcome =
  'sent' | 'held' | 'retry' | 'failed' | 'dead' | 'cancelled' | 'rate_limited' | 'fallback';

export interface DispatchSummary {
  claimed: number;
  recovered: number;
  outcomes: Record<DispatchOutcome, number>;
}

/** What happened to one delivery handed to dispatchOne. */
export type SendResult =
  | { outcome: 'sent'; deliveryId: string }
  | { outcome: Exclude<DispatchOutcome, 'sent'>; deliveryId: string; failure?: SendFailure }
  | { outcome: 'not_ready'; deliveryId: string };

const dispatchers = new WeakMap<EngineContext, Dispatcher>();

/** The dispatcher of an engine context, made on first use and kept with it. */
export function dispatcherFor(
  context: EngineContext,
  options: Partial<DispatcherOptions> = {},
): Dispatcher {
  let dispatcher = dispatchers.get(context);
  if (!dispatcher) {
    dispatcher = new Dispatcher(context, options);
    dispatchers.set(context, dispatcher);
  }
  return dispatcher;
}

/** Replaces the context's dispatcher, e.g. to change rate limits or the retry policy. */
export function configureDispatcher(
  context: EngineContext,
  options: Partial<DispatcherOptions>,
): Dispatcher {
  const dispatcher = new Dispatcher(context, options);
  dispatchers.set(context, dispatcher);
  return dispatcher;
}

/**
 * Hands queued deliveries to their channels once each. A delivery is claimed (queued →
 * sending, with a lease) in a committed statement before its provider is called, and the
 * provider gets its idempotency key, so neither a retry nor a worker killed between the
 * provider's answer and our write makes a second visible message: the copy sent after
 * recovery carries the same key and the provider drops it. Shared send rules (consent, quiet
 * hours, send windows, daily caps, rate limits, fallback channels) are applied here, for
 * every channel alike.
 */
// Limitation: a provider that ignores idempotency keys can show a second copy of a message
// whose worker died between the provider's answer and our write; every adapter passes the key.
export class Dispatcher {
  readonly options: DispatcherOptions;
  readonly settings: DeliverySettingsCache;
  readonly courses: CourseCache;
  private readonly limiter: RateLimiter;

  constructor(
    private readonly context: EngineContext,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
    this.settings = new DeliverySettingsCache(context.db, context.clock);
    this.courses = new CourseCache(context.db);
    this.limiter = new RateLimiter(context.db);
  }

  /** Sends everything ready now, round after round, until a claim comes back empty. */
  async dispatchReady(maxRounds = Number.POSITIVE_INFINITY): Promise<DispatchSummary> {
    const summary: DispatchSummary = {
      claimed: 0,
      recovered: await recoverExpiredLeases(this.context.db, this.context.clock.now()),
      outcomes: emptyOutcomes(),
    };

    let rounds = 0;
    const lane = async () => {
      while (rounds < maxRounds) {
        rounds += 1;
        const now = this.context.clock.now();
        const claimed = await claimReadyDeliveries(
          this.context.db,
          now,
          this.leaseEnd(now),
          this.options.batchSize,
        );
        if (claimed.length === 0) return;

        summary.claimed += claimed.length;
        const results = await this.processBatch(claimed);
        for (const result of results) summary.outcomes[result.outcome as DispatchOutcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: this.options.lanes }, lane));
    return summary;
  }

  /** Sends one delivery now if it is ready and nobody else holds it. */
  async dispatchOne(deliveryId: string): Promise<SendResult> {
    const now = this.context.clock.now();
    const claimed = await claimReadyDeliveries(this.context.db, now, this.leaseEnd(now), 1, [
      deliveryId,
    ]);
    if (claimed.length === 0) return { outcome: 'not_ready', deliveryId };
    const [result] = await this.processBatch(claimed);
    return result ?? { outcome: 'not_ready', deliveryId };
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.options.leaseSeconds * 1000);
  }

  private async processBatch(claimed: readonly DeliveryRow[]): Promise<SendResult[]> {
    const inputs = await loadBatchInputs(this.context, this.courses, claimed);
    const attempts: AttemptRecord[] = [];
    const sentLessons: { delivery: DeliveryRow; providerMessageId: string; sentAt: Date }[] = [];

    // One bad delivery must not stop the others: what it throws is caught for it alone.
    const results = await mapWithConcurrency(claimed, this.options.concurrency, (delivery) =>
      this.processOne(delivery, inputs, attempts, sentLessons).catch((error: unknown) =>
        this.unexpectedError(delivery, error, attempts),
      ),
    );

    if (sentLessons.length > 0) await recordSentLessons(this.context, sentLessons);
    await recordAttempts(this.context.db, attempts);
    return results;
  }

  private async processOne(
    delivery: DeliveryRow,
    inputs: BatchInputs,
    attempts: AttemptRecord[],
    sentLessons: { delivery: DeliveryRow; providerMessageId: string; sentAt: Date }[],
  ): Promise<SendResult> {
    const { db, clock } = this.context;
    const now = clock.now();
    const id = delivery.id;
    const learner = inputs.learners.get(delivery.learnerId);
    const enrolment = delivery.enrolmentId
      ? inputs.enrolments.get(delivery.enrolmentId)
      : undefined;
    const settings = await this.settings.get(delivery.organizationId);

    const cancelReason = learner ? inputs.cancelReason(delivery, enrolment) : 'learner is gone';
    if (cancelReason) {
      await finishUnsent(
        db,
        id,
        'cancelled',
        { code: 'not_needed', reason: cancelReason },
        now,
        false,
      );
      return { outcome: 'cancelled', deliveryId: id };
    }
    const person = learner as LearnerRow;

    if (enrolment && isOnHold(enrolment, now) && delivery.kind !== 'feedback') {
      await releaseDelivery(db, id, enrolment.snoozedUntil);
      return { outcome: 'held', deliveryId: id };
    }

    const refusal = inputs.refusal(delivery, person);
    if (refusal) return this.cannotReach(delivery, person, refusal, settings, attempts, inputs);

    const hold = await holdFor(delivery, person, enrolment, settings, inputs, now);
    if (hold) {
      await releaseDelivery(db, id, hold.until, {
        scheduledFor: hold.scheduledFor,
        historyNote: { status: 'queued', at: now.toISOString(), note: hold.reason },
      });
      attempts.push(attempt(delivery, 'held', now, { code: 'held', reason: hold.reason }));
      return { outcome: 'held', deliveryId: id };
    }

    const limited = await this.takeTokens(delivery, settings, now);
    if (limited) {
      await releaseDelivery(db, id, limited);
      return { outcome: 'rate_limited', deliveryId: id };
    }

    const found = await findChannel(
      this.context.channels,
      delivery.organizationId,
      delivery.channel,
    );
    if (!found.ok) {
      return this.cannotReach(delivery, person, found.error, settings, attempts, inputs);
    }
    const channel = found.value;

    const messages = composeMessages(delivery, inputs.compositionFor(delivery, person));
    if (!messages) {
      const reason = 'the lesson or question it names no longer exists';
      await finishUnsent(db, id, 'cancelled', { code: 'not_needed', reason }, now, false);
      return { outcome: 'cancelled', deliveryId: id };
    }

    inputs.countSend(delivery, person, now);
    const sent = await sendParts(
      channel,
      addressOn(person, delivery.channel) as string,
      delivery,
      messages,
      inputs,
    );
    const finishedAt = clock.now();
    if (sent.ok) {
      attempts.push(attempt(delivery, 'sent', now, undefined, finishedAt));
      if (delivery.kind === 'lesson') {
        sentLessons.push({
          delivery,
          providerMessageId: sent.providerMessageId,
          sentAt: finishedAt,
        });
      } else {
        await markSent(db, id, sent.providerMessageId, finishedAt);
        if (delivery.promptId && delivery.kind !== 'reminder') {
          await db
            .updateTable('prompts')
            .set({ sentAt: finishedAt })
            .where('id', '=', delivery.promptId)
            .execute();
        }
      }
      return { outcome: 'sent', deliveryId: id };
    }

    const failure = sent.failure;
    if (failure.retryable) {
      const attemptNumber = delivery.attempts + 1;
      if (canRetry(attemptNumber, this.options.retry)) {
        const delay = retryDelayMs(
          attemptNumber,
          this.options.retry,
          failure.retryAfterSeconds,
          this.options.random,
        );
        await scheduleRetry(db, id, failure, new Date(finishedAt.getTime() + delay));
        attempts.push(attempt(delivery, 'retry', now, failure, finishedAt));
        return { outcome: 'retry', deliveryId: id, failure };
      }
      const exhausted: SendFailure = {
        ...failure,
        reason: gaveUpAfter(attemptNumber, failure.reason),
        retryable: false,
      };
      return this.cannotReach(delivery, person, exhausted, settings, attempts, inputs, 'exhausted');
    }

    if (failure.code === 'opted_out') {
      await revokeConsent(this.context, person.id, delivery.channel, 'provider refused: opted out');
    }
    return this.cannotReach(delivery, person, failure, settings, attempts, inputs, 'attempted');
  }

  /**
   * The delivery's channel cannot reach the learner: it moves to the organization's next
   * fallback channel that can and was not tried yet, or ends failed (a refusal) or dead
   * (retries ran out) with the reason of every channel that refused it.
   */
  private async cannotReach(
    delivery: DeliveryRow,
    learner: LearnerRow,
    failure: SendFailure,
    settings: DeliverySettings,
    attempts: AttemptRecord[],
    inputs: BatchInputs,
    how: 'refused_before_sending' | 'attempted' | 'exhausted' = 'refused_before_sending',
  ): Promise<SendResult> {
    const attempted = how !== 'refused_before_sending';
    const { db, clock } = this.context;
    const now = clock.now();
    const next = await this.fallbackChannel(delivery, learner, settings, inputs);
    if (next.channel) {
      await switchChannel(db, delivery, next.channel, now, failure);
      attempts.push(attempt(delivery, attempted ? 'failed' : 'held', now, failure));
      return { outcome: 'fallback', deliveryId: delivery.id, failure };
    }

    const refusals = [
      ...refusalsSoFar(delivery.statusHistory),
      { channel: delivery.channel, code: failure.code, reason: failure.reason },
      ...next.unusable,
    ];
    const final: SendFailure = { ...failure, reason: refusalSummary(refusals) };
    const status = how === 'exhausted' ? 'dead' : 'failed';
    await finishUnsent(db, delivery.id, status, final, now, attempted);
    attempts.push(attempt(delivery, status, now, final));
    this.context.logger.warn(
      { deliveryId: delivery.id, code: final.code, reason: final.reason, status },
      status === 'dead' ? 'delivery dead-lettered' : 'delivery failed',
    );
    return { outcome: status, deliveryId: delivery.id, failure: final };
  }

  /**
   * The first of the organization's fallback channels this delivery has not been on and that
   * can reach the learner; otherwise why each untried one cannot.
   */
  private async fallbackChannel(
    delivery: DeliveryRow,
    learner: LearnerRow,
    settings: DeliverySettings,
    inputs: BatchInputs,
  ): Promise<{ channel?: string; unusable: ChannelRefusal[] }> {
    const tried = channelsTried(delivery);
    const unusable: ChannelRefusal[] = [];
    for (const candidate of settings.fallbackChannels) {
      if (tried.has(candidate)) continue;
      tried.add(candidate);
      const refusal = await this.refusalOn(candidate, delivery, learner, inputs);
      if (!refusal) return { channel: candidate, unusable };
      unusable.push({ channel: candidate, code: refusal.code, reason: refusal.reason });
    }
    return { unusable };
  }

  /** Why a delivery cannot go on another channel before anything is sent, if it cannot. */
  private async refusalOn(
    channel: string,
    delivery: DeliveryRow,
    learner: LearnerRow,
    inputs: BatchInputs,
  ): Promise<SendFailure | undefined> {
    const refusal = inputs.refusal({ ...delivery, channel }, learner);
    if (refusal) return refusal;
    const found = await findChannel(this.context.channels, delivery.organizationId, channel);
    return found.ok ? undefined : found.error;
  }

  /**
   * A delivery whose handling threw: a bug, or the database failing mid-send, not an answer
   * of the provider. It counts as an attempt and comes back by the retry policy, so one that
   * throws every time ends dead with the error rather than returning to the queue forever.
   */
  private async unexpectedError(
    delivery: DeliveryRow,
    error: unknown,
    attempts: AttemptRecord[],
  ): Promise<SendResult> {
    const { db, clock, logger } = this.context;
    const now = clock.now();
    logger.error({ err: error, deliveryId: delivery.id }, 'dispatch failed');
    const attemptNumber = delivery.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    const failure = { code: 'internal_error', reason: `unexpected error: ${message}` };

    if (canRetry(attemptNumber, this.options.retry)) {
      const delay = retryDelayMs(attemptNumber, this.options.retry, undefined, this.options.random);
      await scheduleRetry(db, delivery.id, failure, new Date(now.getTime() + delay));
      attempts.push(attempt(delivery, 'retry', now, failure));
      return { outcome: 'retry', deliveryId: delivery.id };
    }

    const dead = { ...failure, reason: gaveUpAfter(attemptNumber, failure.reason) };
    await finishUnsent(db, delivery.id, 'dead', dead, now, true);
    attempts.push(attempt(delivery, 'dead', now, dead));
    logger.warn({ deliveryId: delivery.id, ...dead }, 'delivery dead-lettered');
    return { outcome: 'dead', deliveryId: delivery.id };
  }

  /**
   * The instant to try again when a provider or the organization is over its rate. Limits
   * live in the database and are shared by every worker on it; each take commits on its own,
   * so this runs outside any transaction.
   */
  private async takeTokens(
    delivery: DeliveryRow,
    settings: DeliverySettings,
    now: Date,
  ): Promise<Date | undefined> {
    const providerRate = this.options.providerRatePerSecond[delivery.channel];
    if (providerRate !== undefined) {
      const taken = await this.limiter.take(providerKey(delivery), providerRate, providerRate, now);
      if (!taken.ok) return taken.retryAt;
    }
    if (settings.maxSendsPerMinute !== null) {
      const perSecond = settings.maxSendsPerMinute / 60;
      const burst = Math.max(1, Math.ceil(perSecond));
      const orgKey = `org:${delivery.organizationId}`;
      const taken = await this.limiter.take(orgKey, perSecond, burst, now);
      if (!taken.ok) {
        // The provider's send was taken for this message, which does not go now.
        if (providerRate !== undefined) {
          await this.limiter.giveBack(providerKey(delivery), providerRate);
        }
        return taken.retryAt;
      }
    }
    return undefined;
  }
}

/** One organization's account with one provider: the unit a provider's rate applies to. */
function providerKey(delivery: DeliveryRow): string {
  return `provider:${delivery.channel}:${delivery.organizationId}`;
}

function gaveUpAfter(attempts: number, lastReason: string): string {
  const counted = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  return `gave up after ${counted}; last: ${lastReason}`;
}

/** Paused, or snoozed until a time still ahead: scheduled messages wait. */
function isOnHold(enrolment: EnrolmentRow, now: Date): boolean {
  if (enrolment.snoozedUntil && enrolment.snoozedUntil > now) return true;
  return enrolment.status === 'paused';
}

async function sendParts(
  channel: Channel,
  to: string,
  delivery: DeliveryRow,
  messages: readonly OutboundMessage[],
  inputs: BatchInputs,
): Promise<{ ok: true; providerMessageId: string } | { ok: false; failure: SendFailure }> {
  let providerMessageId = '';
  for (const [index, message] of messages.entries()) {
    const isLast = index === messages.length - 1;
    const key =
      messages.length > 1 ? `${delivery.idempotencyKey}#${index + 1}` : delivery.idempotencyKey;
    let outcome;
    try {
      outcome = await channel.send({
        to,
        message,
        idempotencyKey: key,
        deliveryId: delivery.id,
        question: isLast ? inputs.questionFor(delivery) : undefined,
      });
    } catch (error) {
      // An adapter should answer with a failure, but a thrown error is treated as a 5xx.
      return {
        ok: false,
        failure: { code: 'provider_error', reason: (error as Error).message, retryable: true },
      };
    }
    if (!outcome.ok) return { ok: false, failure: outcome.error };
    providerMessageId = outcome.value.providerMessageId;
  }
  return { ok: true, providerMessageId };
}

function attempt(
  delivery: DeliveryRow,
  outcome: AttemptRecord['outcome'],
  startedAt: Date,
  failure?: { code: string; reason: string; retryAfterSeconds?: number },
  finishedAt: Date = startedAt,
): AttemptRecord {
  return {
    deliveryId: delivery.id,
    organizationId: delivery.organizationId,
    channel: delivery.channel,
    attempt: delivery.attempts + 1,
    outcome,
    errorCode: failure?.code ?? null,
    errorReason: failure?.reason ?? null,
    retryAfterSeconds: failure?.retryAfterSeconds ?? null,
    startedAt,
    finishedAt,
  };
}

function emptyOutcomes(): Record<DispatchOutcome, number> {
  return {
    sent: 0,
    held: 0,
    retry: 0,
    failed: 0,
    dead: 0,
    cancelled: 0,
    rate_limited: 0,
    fallback: 0,
  };
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(runners);
  return results;
}
