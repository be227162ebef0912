/** The input and output of the conversation engine's one decision: what to do with a reply. */
import type { Question } from '../courses/model.ts';
import type { OutboundMessage } from './outbound-message.ts';
import type { ReplyCommand } from './reply-commands.ts';
import type { ConfidenceRating, UnrecognisedReason } from './reply-parser.ts';

export type RecordedAnswer =
  | { kind: 'option'; optionKey: string }
  | { kind: 'rating'; rating: ConfidenceRating }
  | { kind: 'free_text'; text: string };

/**
 * A question sent to the learner on this channel that may still receive replies. A prompt
 * stays open for a while after it is answered, so repeats and late changes are recognised.
 */
export interface OpenPrompt {
  promptId: string;
  enrolmentId: string;
  /**
   * A short decimal number without leading zeros ("7"), unique among the learner's open
   * prompts on the channel. It must be shown on the question whenever more than one is open.
   */
  tag: string;
  question: Question;
  sentAt: Date;
  /** The first answer recorded for this prompt; null while unanswered. */
  answer: RecordedAnswer | null;
  /** Whether the learner was already told a repeated answer is recorded: told at most once. */
  duplicateNoticeSent: boolean;
}

export interface InboundReply {
  /** What the learner typed; a button tap may come with no text at all. */
  text: string | null;
  /** The tapped button's payload, when the channel reports one. */
  buttonPayload: string | null;
  receivedAt: Date;
}

export interface ReplyInput {
  /** The learner's BCP 47 locale, e.g. "es-MX". */
  locale: string;
  openPrompts: readonly OpenPrompt[];
  inbound: InboundReply;
}

export const GRADE_OUTCOMES = ['correct', 'incorrect', 'recorded'] as const;
export type GradeOutcome = (typeof GRADE_OUTCOMES)[number];

export interface Grade {
  /** Reflections and confidence ratings are recorded, neither right nor wrong. */
  outcome: GradeOutcome;
  answer: RecordedAnswer;
  answeredAt: Date;
  secondsToAnswer: number;
}

/**
 * What a command asks the rest of the product to do. opt_out: send nothing more; pause: hold
 * sends until the learner confirms STOP or says START; advance: send the next lesson now.
 */
export type CommandEffect =
  | 'none'
  | 'opt_out'
  | 'pause'
  | 'opt_in'
  | 'advance'
  // PAUSE: hold lessons until START; SNOOZE n DAYS: hold them for n days.
  | 'hold'
  | 'snooze';

type Replies = { replies: OutboundMessage[] };

export type ReplyDecision =
  | ({ kind: 'graded'; promptId: string; enrolmentId: string; grade: Grade } & Replies)
  | ({
      kind: 'duplicate';
      promptId: string;
      enrolmentId: string;
      /** True when this decision sends the "already recorded" notice; store it on the prompt. */
      markDuplicateNoticeSent: boolean;
    } & Replies)
  | ({ kind: 'first_answer_kept'; promptId: string; enrolmentId: string } & Replies)
  | ({ kind: 'command'; command: ReplyCommand; effect: CommandEffect } & Replies)
  | ({ kind: 'not_understood'; promptId: string; reason: UnrecognisedReason } & Replies)
  | ({ kind: 'which_question'; unknownTag: string | null } & Replies)
  | ({ kind: 'stale_button' } & Replies)
  | ({ kind: 'nothing_open' } & Replies);
