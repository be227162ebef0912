/**
 * Messages held while a learner's window was closed go out, in order, once the learner has
 * answered the re-engagement template. Each is judged against the window at the instant it
 * is sent. A learner who has since opted out or left gets none of them.
 */
import type { Kysely } from 'kysely';
import type { Database, LearnerRow } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { SendFailure } from '../channel.ts';
import {
  claimHeld,
  countPending,
  firstHeld,
  markEnded,
  markSent,
  returnToHeld,
  type LoggedMessage,
} from './message-log.ts';
import {
  findConversation,
  hasPendingTemplate,
  isWindowOpen,
  type ConversationKey,
} from './service-window.ts';
import type { WhatsAppSender } from './whatsapp-sender.ts';

export interface HeldMessageDependencies {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  sender: WhatsAppSender;
  windowMarginMs: number;
}

export interface ReleaseSummary {
  sent: number;
  /** Given back to wait for a later release (window closed again, rate limit...). */
  waiting: number;
  /** Ended for good: refused by WhatsApp, or the learner opted out or left. */
  ended: number;
}

/** Failures after which nothing else held for the learner can go either. */
const ENDS_THE_LINE = new Set<SendFailure['code']>(['unreachable', 'opted_out', 'not_configured']);

export async function releaseHeldMessages(
  deps: HeldMessageDependencies,
  key: ConversationKey,
): Promise<ReleaseSummary> {
  const summary: ReleaseSummary = { sent: 0, waiting: 0, ended: 0 };
  const learner = await deps.sender.findLearner(key.waId);
  const refusal = await refusalFor(deps.db, learner);
  const claimed = await claimHeld(deps.db, key, deps.clock.now());
  if (claimed.length === 0) return summary;

  if (refusal || !learner) {
    const error = refusal ?? { code: 'unreachable', reason: 'no learner has this number' };
    await markEnded(deps.db, ids(claimed), 'cancelled', error);
    deps.logger.info({ cancelled: claimed.length, code: error.code }, 'held messages cancelled');
    return { ...summary, ended: claimed.length };
  }

  for (const [index, held] of claimed.entries()) {
    const rest = claimed.slice(index + 1);
    const state = await findConversation(deps.db, key);
    if (!isWindowOpen(state, deps.clock.now(), deps.windowMarginMs)) {
      await returnToHeld(deps.db, ids([held, ...rest]), {
        code: 'outside_window',
        reason: 'the window closed again before the message could be sent',
      });
      return { ...summary, waiting: summary.waiting + rest.length + 1 };
    }

    const sent = await deps.sender.sendFreeForm(key.waId, held.message, learner.locale);
    if (sent.ok) {
      await markSent(deps.db, held.id, sent.value, deps.clock.now());
      summary.sent += 1;
      continue;
    }

    const error = { code: sent.error.providerCode ?? sent.error.code, reason: sent.error.reason };
    if (sent.error.retryable || sent.error.code === 'outside_window') {
      await returnToHeld(deps.db, ids([held, ...rest]), error);
      return { ...summary, waiting: summary.waiting + rest.length + 1 };
    }
    if (ENDS_THE_LINE.has(sent.error.code)) {
      await markEnded(deps.db, ids([held, ...rest]), 'failed', error);
      return { ...summary, ended: summary.ended + rest.length + 1 };
    }
    await markEnded(deps.db, [held.id], 'failed', error);
    summary.ended += 1;
  }
  deps.logger.info({ ...summary }, 'held WhatsApp messages released');
  return summary;
}

/**
 * Sends a re-engagement template for messages put back in line after WhatsApp refused them
 * for a closed window (error 131047 in a status callback), unless one is already pending.
 */
export async function reengage(deps: HeldMessageDependencies, key: ConversationKey): Promise<void> {
  const now = deps.clock.now();
  const state = await findConversation(deps.db, key);
  if (isWindowOpen(state, now, deps.windowMarginMs)) {
    await releaseHeldMessages(deps, key);
    return;
  }
  if (hasPendingTemplate(state, now) || (await countPending(deps.db, key)) === 0) return;

  const first = await firstHeld(deps.db, key);
  const learner = await deps.sender.findLearner(key.waId);
  const sent = await deps.sender.sendReengagement(key, learner, first?.message.text ?? '', now);
  if (!sent.ok) {
    // Limitation: the deliveries of these messages already read "sent" and no status
    // callback will say otherwise; the messages stay held and go if the learner writes.
    deps.logger.warn({ code: sent.error.code }, 're-engagement template could not be sent');
  }
}

async function refusalFor(
  db: Kysely<Database>,
  learner: LearnerRow | undefined,
): Promise<{ code: string; reason: string } | undefined> {
  if (!learner) return undefined;
  if (learner.status !== 'active') {
    return { code: 'unreachable', reason: `learner is ${learner.status}` };
  }
  const consent = await db
    .selectFrom('channelConsents')
    .select('status')
    .where('learnerId', '=', learner.id)
    .where('channel', '=', 'whatsapp')
    .executeTakeFirst();
  return consent?.status === 'revoked'
    ? { code: 'opted_out', reason: 'learner opted out of WhatsApp while messages were held' }
    : undefined;
}

function ids(messages: readonly LoggedMessage[]): string[] {
  return messages.map((message) => message.id);
}
