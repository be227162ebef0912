/**
 * The conversation engine: channel-independent messages out, replies in. Channels adapt the
 * OutboundMessage objects; delivery stores what decideReply decides.
 */
export { decideReply } from './engine.ts';
export type {
  CommandEffect,
  Grade,
  GradeOutcome,
  InboundReply,
  OpenPrompt,
  RecordedAnswer,
  ReplyDecision,
  ReplyInput,
} from './engine-types.ts';

export { parseReply, UNRECOGNISED_REASONS } from './reply-parser.ts';
export type {
  ConfidenceRating,
  ExpectedQuestion,
  ParsedReply,
  ReplyExpectation,
  UnrecognisedReason,
} from './reply-parser.ts';
export { readCommand, REPLY_COMMANDS, type ReplyCommand } from './reply-commands.ts';
export { splitQuestionTag, type TaggedReply } from './reply-tag.ts';
export { buildAnswerPayload, readAnswerPayload, type AnswerPayload } from './button-payload.ts';

export {
  DEFAULT_MAX_MESSAGE_LENGTH,
  renderCourseComplete,
  renderLesson,
  renderQuestion,
} from './render.ts';
export type { LessonRenderOptions, QuestionRenderOptions } from './render.ts';
export { howToAnswer } from './answer-hints.ts';
export type { MessageButton, OutboundMessage } from './outbound-message.ts';

export { catalogFor, joinAlternatives, localeChain, MESSAGE_KEYS, translate } from './catalog.ts';
export type { Catalog, MessageKey, MessageParams } from './catalog.ts';
