/**
 * An answer posted from a web page, turned into the same InboundMessage a chat reply is, so it
 * is graded by the conversation engine like any other. A page only accepts the answers it
 * offers: its own buttons' payloads, or text for its own free-text questions.
 */
import { createHash } from 'node:crypto';
import type { InboundOutcome } from '../../conversation/reply-service.ts';
import { CHANNEL_KINDS, type ChannelKind } from '../../people/learner.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { InboundMessage } from '../channel.ts';

export interface AnswerTarget {
  channel: string;
  /** The learner's address on that channel. */
  sender: string;
  /** Payloads this page's buttons post. */
  payloads: readonly string[];
  /** Free-text questions answerable here: question key to its prompt's tag. */
  freeText: ReadonlyMap<string, string>;
}

export interface PostedAnswer {
  payload?: string;
  text?: string;
  question?: string;
}

export type AnswerRefusal = 'not_offered' | 'empty' | 'unknown_channel';

const MAX_TEXT_LENGTH = 2000;

/**
 * @param token the page's token: the same post twice is the same message, recorded once.
 */
export function inboundFromAnswer(
  target: AnswerTarget,
  posted: PostedAnswer,
  token: string,
  receivedAt: Date,
): Result<InboundMessage, AnswerRefusal> {
  const channel: ChannelKind | undefined = CHANNEL_KINDS.find((kind) => kind === target.channel);
  if (!channel) return err('unknown_channel');
  const base = { channel, sender: target.sender, receivedAt };

  if (posted.payload !== undefined) {
    if (!target.payloads.includes(posted.payload)) return err('not_offered');
    const providerMessageId = messageId(token, 'payload', posted.payload);
    return ok({ ...base, payload: posted.payload, providerMessageId });
  }

  const tag = posted.question === undefined ? undefined : target.freeText.get(posted.question);
  if (tag === undefined) return err('not_offered');
  const text = (posted.text ?? '').trim().slice(0, MAX_TEXT_LENGTH);
  if (text === '') return err('empty');
  // "#7 ..." always reads as tag 7, so the text lands on this question whatever else is open.
  const providerMessageId = messageId(token, 'text', `${posted.question}\n${text}`);
  return ok({ ...base, text: `#${tag} ${text}`, providerMessageId });
}

/** What the learner is told after posting, by the engine's outcome. */
export type AnswerNotice = 'recorded' | 'already' | 'closed' | 'unclear' | 'unknown' | 'received';

export function noticeFor(outcome: InboundOutcome | 'error' | string): AnswerNotice {
  switch (outcome) {
    case 'graded':
      return 'recorded';
    case 'duplicate':
    case 'duplicate_message':
    case 'first_answer_kept':
      return 'already';
    case 'stale_button':
    case 'nothing_open':
      return 'closed';
    case 'not_understood':
    case 'which_question':
      return 'unclear';
    case 'unknown_sender':
      return 'unknown';
    default:
      return 'received';
  }
}

export const NOTICE_TEXTS: Record<AnswerNotice, { text: string; tone: 'ok' | 'warn' }> = {
  recorded: { text: 'Thanks, your answer is recorded.', tone: 'ok' },
  already: {
    text: 'You had already answered this question; your first answer counts.',
    tone: 'ok',
  },
  closed: { text: 'This question is closed now, so the answer was not recorded.', tone: 'warn' },
  unclear: { text: 'That answer could not be read. Please try again.', tone: 'warn' },
  unknown: {
    text: 'This link no longer matches a learner, so nothing was recorded.',
    tone: 'warn',
  },
  received: { text: 'Received.', tone: 'ok' },
};

export function isAnswerNotice(value: string | undefined): value is AnswerNotice {
  return value !== undefined && value in NOTICE_TEXTS;
}

function messageId(token: string, kind: string, value: string): string {
  const digest = createHash('sha256').update(`${token}\n${kind}\n${value}`).digest('hex');
  return `web:${digest.slice(0, 40)}`;
}
