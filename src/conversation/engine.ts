/**
 * The conversation engine's decision for one inbound reply: which open prompt it answers, how
 * it is graded, and what to say back. Pure: storage, sending and the clock stay with the
 * caller, who records the grade, applies a command's effect and sends the replies.
 */
import { exampleReply, howToAnswer } from './answer-hints.ts';
import { isAnswerPayload, readAnswerPayload } from './button-payload.ts';
import { joinAlternatives, translate, type MessageKey } from './catalog.ts';
import type {
  CommandEffect,
  OpenPrompt,
  RecordedAnswer,
  ReplyDecision,
  ReplyInput,
} from './engine-types.ts';
import { answerLabel, gradeAnswer, isSameAnswer } from './grade-feedback.ts';
import type { ReplyCommand } from './reply-commands.ts';
import { parseReply, type ParsedReply, type UnrecognisedReason } from './reply-parser.ts';
import { splitQuestionTag } from './reply-tag.ts';

interface Context {
  locale: string;
  openPrompts: readonly OpenPrompt[];
  receivedAt: Date;
}

/**
 * @example decideReply({ locale: 'en', openPrompts: [prompt], inbound: { text: 'b', ... } })
 *   // { kind: 'graded', promptId, grade: { outcome: 'correct', ... }, replies: [...] }
 */
export function decideReply(input: ReplyInput): ReplyDecision {
  const { locale, openPrompts, inbound } = input;
  const context: Context = { locale, openPrompts, receivedAt: inbound.receivedAt };
  const text = inbound.text ?? '';

  // Some channels hand a tapped button's payload over as the message text.
  const payload = inbound.buttonPayload ?? (isAnswerPayload(text) ? text : null);
  const button = payload === null ? null : readAnswerPayload(payload);
  if (payload !== null && button?.ok) {
    const { tag, questionId } = button.value;
    const prompt = openPrompts.find((p) => p.tag === tag && p.question.id === questionId);
    if (!prompt) return { kind: 'stale_button', replies: [say(locale, 'route.staleButton')] };
    return decideAnswer(prompt, parseReply(payload, { question: prompt.question }), context);
  }

  const openTags = openPrompts.map((p) => p.tag);
  const { tag } = splitQuestionTag(text, openTags);
  const prompt = tag === null ? onlyPrompt(openPrompts) : openPrompts.find((p) => p.tag === tag);
  const parsed = parseReply(text, { question: prompt?.question, openTags });

  if (parsed.kind === 'command') return decideCommand(parsed.command, locale);
  if (openPrompts.length === 0) return nothingOpen(locale);
  if (!prompt) return whichQuestion(context, tag);
  return decideAnswer(prompt, parsed, context);
}

function onlyPrompt(openPrompts: readonly OpenPrompt[]): OpenPrompt | undefined {
  return openPrompts.length === 1 ? openPrompts[0] : undefined;
}

function decideAnswer(prompt: OpenPrompt, parsed: ParsedReply, context: Context): ReplyDecision {
  const { locale } = context;
  if (parsed.kind === 'command') return decideCommand(parsed.command, locale);
  if (parsed.kind === 'unrecognised') {
    return decideUnrecognised(prompt, parsed.reason, parsed.given, context);
  }

  const answer = recordedAnswerOf(parsed);
  const { promptId, enrolmentId, question } = prompt;

  if (prompt.answer !== null && isSameAnswer(prompt.answer, answer)) {
    // A re-delivered webhook or a double tap: never graded twice, acknowledged at most once.
    const notify = !prompt.duplicateNoticeSent;
    const replies = notify ? [say(locale, 'answer.alreadyRecorded')] : [];
    return { kind: 'duplicate', promptId, enrolmentId, markDuplicateNoticeSent: notify, replies };
  }

  if (prompt.answer !== null) {
    const text =
      prompt.answer.kind === 'free_text'
        ? translate(locale, 'answer.firstReflectionKept')
        : translate(locale, 'answer.firstCounts', {
            answer: answerLabel(question, prompt.answer, locale),
          });
    return { kind: 'first_answer_kept', promptId, enrolmentId, replies: [{ text }] };
  }

  const graded = gradeAnswer(question, answer, locale);
  const grade = {
    outcome: graded.outcome,
    answer,
    answeredAt: context.receivedAt,
    secondsToAnswer: Math.max(
      0,
      Math.round((context.receivedAt.getTime() - prompt.sentAt.getTime()) / 1000),
    ),
  };
  return { kind: 'graded', promptId, enrolmentId, grade, replies: [{ text: graded.text }] };
}

function recordedAnswerOf(
  parsed: Extract<ParsedReply, { kind: 'answer' | 'rating' | 'free_text' }>,
): RecordedAnswer {
  switch (parsed.kind) {
    case 'answer':
      return { kind: 'option', optionKey: parsed.optionKey };
    case 'rating':
      return { kind: 'rating', rating: parsed.rating };
    case 'free_text':
      return { kind: 'free_text', text: parsed.text };
  }
}

const NOT_UNDERSTOOD_KEYS: Record<UnrecognisedReason, MessageKey> = {
  empty: 'notUnderstood.empty',
  several_answers: 'notUnderstood.severalAnswers',
  no_such_option: 'notUnderstood.noSuchOption',
  out_of_range: 'notUnderstood.outOfRange',
  not_understood: 'notUnderstood.general',
  no_question: 'notUnderstood.general',
};

function decideUnrecognised(
  prompt: OpenPrompt,
  reason: UnrecognisedReason,
  given: string | null,
  context: Context,
): ReplyDecision {
  const { locale, openPrompts } = context;

  // "Thanks!" after answering is not a failed answer: say what is (or is not) waiting instead.
  if (prompt.answer !== null) {
    const waiting = openPrompts.some((p) => p.answer === null);
    return waiting ? whichQuestion(context, null) : nothingOpen(locale);
  }

  // Tags are on screen only when several prompts are open, so the hint uses them only then.
  const shownTag = openPrompts.length > 1 ? prompt.tag : undefined;
  const hint = howToAnswer(prompt.question, locale, shownTag);
  const text = translate(locale, NOT_UNDERSTOOD_KEYS[reason], { hint, given: given ?? '' });
  return { kind: 'not_understood', promptId: prompt.promptId, reason, replies: [{ text }] };
}

const COMMAND_OUTCOMES: Record<ReplyCommand, { effect: CommandEffect; reply: MessageKey | null }> =
  {
    help: { effect: 'none', reply: 'command.help' },
    stop: { effect: 'opt_out', reply: 'command.stop' },
    stop_intent: { effect: 'pause', reply: 'command.stopIntent' },
    start: { effect: 'opt_in', reply: 'command.start' },
    // The next lesson itself is the answer to "next"; delivery sends it.
    next: { effect: 'advance', reply: null },
    pause: { effect: 'hold', reply: 'command.pause' },
    // The confirmation names the number of days, which the delivery side reads and sends.
    snooze: { effect: 'snooze', reply: null },
  };

function decideCommand(command: ReplyCommand, locale: string): ReplyDecision {
  const { effect, reply } = COMMAND_OUTCOMES[command];
  const replies = reply === null ? [] : [say(locale, reply)];
  return { kind: 'command', command, effect, replies };
}

/**
 * Asks the learner to start with a tag, with examples from unanswered prompts, oldest first.
 * With every open prompt already answered there is nothing to ask about.
 */
function whichQuestion(context: Context, unknownTag: string | null): ReplyDecision {
  const { locale, openPrompts } = context;

  const unanswered = openPrompts.filter((p) => p.answer === null);
  if (unanswered.length === 0) return nothingOpen(locale);

  const candidates = [...unanswered]
    .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())
    .slice(0, 2);
  const examples = candidates.map((p) => exampleReply(p.question, locale, p.tag));

  const ask = translate(locale, 'route.whichQuestion', {
    examples: joinAlternatives(locale, examples),
  });
  const text =
    unknownTag === null
      ? ask
      : `${translate(locale, 'route.unknownTag', { tag: unknownTag })} ${ask}`;
  return { kind: 'which_question', unknownTag, replies: [{ text }] };
}

function nothingOpen(locale: string): ReplyDecision {
  return { kind: 'nothing_open', replies: [say(locale, 'route.nothingOpen')] };
}

function say(locale: string, key: MessageKey): { text: string } {
  return { text: translate(locale, key) };
}
