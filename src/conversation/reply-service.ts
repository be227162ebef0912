import type { EngineContext } from '../app/context.ts';
import type { InboundMessage, OutboundMessage } from '../channels/channel.ts';
import type { StoredOption } from '../db/schema.ts';
import {
  askQuestion,
  completeLesson,
  loadEnrolment,
  recordEvent,
} from '../delivery/lesson-flow.ts';
import { pauseEnrolments, resumeEnrolments } from '../delivery/engagement/pause.ts';
import { sendThroughOutbox } from '../delivery/outbox.ts';
import { findLearnerByAddress } from '../people/learner-repository.ts';
import { translate } from './catalog.ts';
import { decideReply } from './engine.ts';
import type { Grade, OpenPrompt, RecordedAnswer, ReplyDecision } from './engine-types.ts';
import type { LearnerRow } from '../db/schema.ts';
import { DEFAULT_SNOOZE_DAYS, snoozeDays } from './reply-commands.ts';

export type InboundOutcome = 'unknown_sender' | 'duplicate_message' | ReplyDecision['kind'];

/**
 * Takes one learner reply from any channel through the conversation engine and applies the
 * decision: records the grade, sends feedback and the next question, honours commands.
 * A message seen before (a provider retrying its webhook) changes nothing.
 */
export async function handleInbound(
  context: EngineContext,
  inbound: InboundMessage,
  /** The organization whose webhook received it; senders are only matched within it. */
  organizationId?: string,
): Promise<InboundOutcome> {
  const log = context.logger.child({
    channel: inbound.channel,
    messageId: inbound.providerMessageId,
  });
  const learner = await findLearnerByAddress(
    context.db,
    organizationId,
    inbound.channel,
    inbound.sender,
  );
  if (!learner) {
    log.warn('reply from an unknown sender ignored');
    return 'unknown_sender';
  }
  if (await alreadyHandled(context, inbound)) {
    log.info({ learnerId: learner.id }, 'duplicate inbound message ignored');
    return 'duplicate_message';
  }

  const prompts = await promptsInPlay(context, learner.id, inbound.channel);
  const decision = decideReply({
    locale: learner.locale,
    openPrompts: prompts,
    inbound: {
      text: inbound.text ?? null,
      buttonPayload: inbound.payload ?? null,
      receivedAt: inbound.receivedAt,
    },
  });

  await applyDecision(context, learner, inbound, decision);
  await context.db
    .insertInto('inboundMessages')
    .values({
      organizationId: learner.organizationId,
      channel: inbound.channel,
      providerMessageId: inbound.providerMessageId,
      learnerId: learner.id,
      outcome: decision.kind,
      receivedAt: inbound.receivedAt,
    })
    .onConflict((conflict) => conflict.columns(['channel', 'providerMessageId']).doNothing())
    .execute();
  log.info({ learnerId: learner.id, outcome: decision.kind }, 'reply handled');
  return decision.kind;
}

async function applyDecision(
  context: EngineContext,
  learner: LearnerRow,
  inbound: InboundMessage,
  decision: ReplyDecision,
): Promise<void> {
  const reply = (key: string, messages: readonly OutboundMessage[]) =>
    messages.length === 0
      ? Promise.resolve()
      : sendThroughOutbox(context, {
          learner,
          channel: inbound.channel,
          kind: 'feedback',
          idempotencyKey: key,
          messages,
        }).then(() => undefined);

  switch (decision.kind) {
    case 'graded':
      return applyGrade(context, learner, inbound, decision);
    case 'duplicate':
      if (decision.markDuplicateNoticeSent) {
        await context.db
          .updateTable('prompts')
          .set({ duplicateNoticeSent: true })
          .where('id', '=', decision.promptId)
          .execute();
      }
      return reply(`duplicate:${decision.promptId}`, decision.replies);
    case 'command':
      return applyCommand(context, learner, inbound, decision, reply);
    default:
      return reply(`reply:${inbound.channel}:${inbound.providerMessageId}`, decision.replies);
  }
}

async function applyGrade(
  context: EngineContext,
  learner: LearnerRow,
  inbound: InboundMessage,
  decision: Extract<ReplyDecision, { kind: 'graded' }>,
): Promise<void> {
  const prompt = await context.db
    .selectFrom('prompts')
    .selectAll()
    .where('id', '=', decision.promptId)
    .executeTakeFirstOrThrow();
  const stored = await storeResponse(context, prompt, decision.grade, inbound.providerMessageId);
  if (!stored) return;

  await sendThroughOutbox(context, {
    learner,
    channel: inbound.channel,
    kind: 'feedback',
    idempotencyKey: `feedback:${prompt.id}`,
    messages: decision.replies,
    enrolmentId: prompt.enrolmentId,
    questionId: prompt.questionId,
  });

  // A review or retention check stands alone: its answer goes to spaced repetition only.
  if (prompt.round > 0) return;

  const { enrolment, course } = await loadEnrolment(context, prompt.enrolmentId);
  const lesson = course.lessons.find((candidate) =>
    candidate.questions.some((question) => question.dbId === prompt.questionId),
  );
  if (!lesson || enrolment.status !== 'active') return;
  const index = lesson.questions.findIndex((question) => question.dbId === prompt.questionId);
  const next = lesson.questions[index + 1];
  if (next) await askQuestion(context, enrolment, learner, next);
  else await completeLesson(context, enrolment.id, learner, course);
}

/** Stores the answer once; a concurrent copy of the same reply finds it stored and stops. */
async function storeResponse(
  context: EngineContext,
  prompt: {
    id: string;
    organizationId: string;
    learnerId: string;
    enrolmentId: string;
    questionId: string;
    sentAt: Date;
  },
  grade: Grade,
  messageId: string,
): Promise<boolean> {
  const inserted = await context.db
    .insertInto('responses')
    .values({
      organizationId: prompt.organizationId,
      promptId: prompt.id,
      learnerId: prompt.learnerId,
      enrolmentId: prompt.enrolmentId,
      questionId: prompt.questionId,
      answer: answerText(grade.answer),
      optionKey: grade.answer.kind === 'option' ? grade.answer.optionKey : null,
      correct: grade.outcome === 'recorded' ? null : grade.outcome === 'correct',
      rating: grade.answer.kind === 'rating' ? grade.answer.rating : null,
      latencyMs: Math.max(0, grade.answeredAt.getTime() - prompt.sentAt.getTime()),
      receivedAt: grade.answeredAt,
    })
    .onConflict((conflict) => conflict.column('promptId').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;

  await context.db
    .updateTable('prompts')
    .set({ status: 'answered' })
    .where('id', '=', prompt.id)
    .where('status', '=', 'open')
    .execute();
  await recordEvent(
    context,
    { id: prompt.enrolmentId, organizationId: prompt.organizationId, learnerId: prompt.learnerId },
    'question_answered',
    {
      questionId: prompt.questionId,
      outcome: grade.outcome,
      messageId,
      secondsToAnswer: grade.secondsToAnswer,
    },
  );
  return true;
}

async function applyCommand(
  context: EngineContext,
  learner: LearnerRow,
  inbound: InboundMessage,
  decision: Extract<ReplyDecision, { kind: 'command' }>,
  reply: (key: string, messages: readonly OutboundMessage[]) => Promise<void>,
): Promise<void> {
  const now = context.clock.now();
  // The confirmation of STOP is the last message the learner gets on this channel, so it
  // goes out before the consent is revoked.
  await reply(`reply:${inbound.channel}:${inbound.providerMessageId}`, decision.replies);

  if (decision.effect === 'opt_out' || decision.effect === 'opt_in') {
    const status = decision.effect === 'opt_out' ? 'revoked' : 'granted';
    await context.db
      .insertInto('channelConsents')
      .values({
        learnerId: learner.id,
        channel: inbound.channel,
        status,
        source: `learner replied ${decision.command}`,
        recordedAt: now,
      })
      .onConflict((conflict) =>
        conflict.columns(['learnerId', 'channel']).doUpdateSet({
          status,
          source: `learner replied ${decision.command}`,
          recordedAt: now,
        }),
      )
      .execute();
    context.logger.info(
      { learnerId: learner.id, channel: inbound.channel, status },
      'channel consent changed',
    );
  }

  if (decision.effect === 'pause' || decision.effect === 'hold') {
    // A pause holds every lesson on this channel until START; resuming sends the next lesson
    // at its next slot, never the backlog.
    await pauseEnrolments(context, learner.id, inbound.channel);
  }
  if (decision.effect === 'snooze') {
    const days = snoozeDays(inbound.text ?? '') ?? DEFAULT_SNOOZE_DAYS;
    await pauseEnrolments(context, learner.id, inbound.channel, days);
    await reply(`snooze:${inbound.channel}:${inbound.providerMessageId}`, [
      { text: translate(learner.locale, 'command.snooze', { days }) },
    ]);
  }
  if (decision.effect === 'opt_in') {
    await resumeEnrolments(context, learner.id, inbound.channel);
  }

  if (decision.effect === 'advance') {
    // "next": the learner's next lesson on this channel is due now.
    await context.db
      .updateTable('enrolments')
      .set({ nextSendAt: now, nextOnRequest: true })
      .where('learnerId', '=', learner.id)
      .where('channel', '=', inbound.channel)
      .where('status', '=', 'active')
      .where('nextSendAt', 'is not', null)
      .execute();
    await context.jobs.send('deliveryTick', { at: now.toISOString() });
  }
}

/** Prompts a reply may answer: open ones, and answered ones that still recognise repeats. */
async function promptsInPlay(
  context: EngineContext,
  learnerId: string,
  channel: string,
): Promise<OpenPrompt[]> {
  const rows = await context.db
    .selectFrom('prompts')
    .innerJoin('questions', 'questions.id', 'prompts.questionId')
    .leftJoin('responses', 'responses.promptId', 'prompts.id')
    .select([
      'prompts.id',
      'prompts.enrolmentId',
      'prompts.tag',
      'prompts.sentAt',
      'prompts.duplicateNoticeSent',
      'questions.key',
      'questions.kind',
      'questions.prompt',
      'questions.options',
      'questions.explanation',
      'questions.sourceRef',
      'responses.answer',
      'responses.optionKey',
      'responses.rating',
    ])
    .where('prompts.learnerId', '=', learnerId)
    .where('prompts.channel', '=', channel)
    .where('prompts.status', '!=', 'closed')
    .orderBy('prompts.sentAt')
    .execute();

  return rows.map((row) => ({
    promptId: row.id,
    enrolmentId: row.enrolmentId,
    tag: String(row.tag),
    sentAt: row.sentAt,
    duplicateNoticeSent: row.duplicateNoticeSent,
    question: {
      id: row.key,
      kind: row.kind,
      prompt: row.prompt,
      options: row.options as StoredOption[],
      explanation: row.explanation,
      sourceRef: row.sourceRef ?? undefined,
    },
    answer: recordedAnswer(row),
  }));
}

function recordedAnswer(row: {
  answer: string | null;
  optionKey: string | null;
  rating: number | null;
}): RecordedAnswer | null {
  if (row.answer === null) return null;
  if (row.optionKey !== null) return { kind: 'option', optionKey: row.optionKey };
  if (row.rating !== null) return { kind: 'rating', rating: row.rating as 1 | 2 | 3 | 4 | 5 };
  return { kind: 'free_text', text: row.answer };
}

function answerText(answer: RecordedAnswer): string {
  switch (answer.kind) {
    case 'option':
      return answer.optionKey;
    case 'rating':
      return String(answer.rating);
    case 'free_text':
      return answer.text;
  }
}

async function alreadyHandled(context: EngineContext, inbound: InboundMessage) {
  const seen = await context.db
    .selectFrom('inboundMessages')
    .select('id')
    .where('channel', '=', inbound.channel)
    .where('providerMessageId', '=', inbound.providerMessageId)
    .executeTakeFirst();
  return seen !== undefined;
}
