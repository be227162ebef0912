import type { EngineContext } from '../app/context.ts';
import type { InboundMessage, OutboundMessage } from '../channels/channel.ts';
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
import { claimInboundMessage, releaseInboundClaim, settleInboundClaim } from './inbound-claims.ts';
import { promptsInPlay, promptWithAnswer } from './prompts-in-play.ts';
import { DEFAULT_SNOOZE_DAYS, snoozeRequest } from './reply-commands.ts';

export type InboundOutcome = 'unknown_sender' | 'duplicate_message' | ReplyDecision['kind'];

/**
 * Takes one learner reply from any channel through the conversation engine and applies the
 * decision: records the grade, sends feedback and the next question, honours commands.
 *
 * Safe with any number of workers on one database, each running many at once:
 * - the provider message id is claimed first, in one statement, so a copy of a message (a
 *   provider retrying its webhook) changes nothing, even while the first is in hand;
 * - an answer is recorded only by the reply that wins the prompt's single response row; a
 *   reply that loses it is a later answer to an answered question, and is told so.
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

  const claimId = await claimInboundMessage(context.db, learner, inbound, context.clock.now());
  if (!claimId) {
    log.info({ learnerId: learner.id }, 'duplicate inbound message ignored');
    return 'duplicate_message';
  }

  try {
    const outcome = await replyTo(context, learner, inbound);
    await settleInboundClaim(context.db, claimId, outcome);
    log.info({ learnerId: learner.id, outcome }, 'reply handled');
    return outcome;
  } catch (error) {
    await releaseInboundClaim(context.db, claimId);
    throw error;
  }
}

async function replyTo(
  context: EngineContext,
  learner: LearnerRow,
  inbound: InboundMessage,
): Promise<ReplyDecision['kind']> {
  const prompts = await promptsInPlay(context.db, learner.id, inbound.channel, inbound.receivedAt);
  const decision = decide(learner, prompts, inbound);
  if (decision.kind !== 'graded') {
    await applyDecision(context, learner, inbound, decision);
    return decision.kind;
  }
  if (await applyGrade(context, learner, inbound, decision)) return 'graded';

  // Another reply of this learner answered the prompt between our read and our write. This
  // one is the later answer, decided again against the prompt as it is now: "your first
  // answer counts", or "already recorded" when both said the same.
  const answered = await promptWithAnswer(context.db, decision.promptId);
  const later = decide(learner, answered ? [answered] : [], inbound);
  if (later.kind === 'graded') {
    throw new Error(
      `Prompt ${decision.promptId} lost its answer while reply ` +
        `${inbound.providerMessageId} was handled; the reply is released to be retried`,
    );
  }
  await applyDecision(context, learner, inbound, later);
  return later.kind;
}

function decide(
  learner: LearnerRow,
  openPrompts: OpenPrompt[],
  inbound: InboundMessage,
): ReplyDecision {
  return decideReply({
    locale: learner.locale,
    openPrompts,
    inbound: {
      text: inbound.text ?? null,
      buttonPayload: inbound.payload ?? null,
      receivedAt: inbound.receivedAt,
    },
  });
}

async function applyDecision(
  context: EngineContext,
  learner: LearnerRow,
  inbound: InboundMessage,
  decision: Exclude<ReplyDecision, { kind: 'graded' }>,
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

/** Records the grade and moves the lesson on; false when another reply answered first. */
async function applyGrade(
  context: EngineContext,
  learner: LearnerRow,
  inbound: InboundMessage,
  decision: Extract<ReplyDecision, { kind: 'graded' }>,
): Promise<boolean> {
  const prompt = await context.db
    .selectFrom('prompts')
    .selectAll()
    .where('id', '=', decision.promptId)
    .executeTakeFirstOrThrow();
  const stored = await storeResponse(context, prompt, decision.grade, inbound.providerMessageId);
  if (!stored) return false;

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
  if (prompt.round > 0) return true;

  const { enrolment, course } = await loadEnrolment(context, prompt.enrolmentId);
  const lesson = course.lessons.find((candidate) =>
    candidate.questions.some((question) => question.dbId === prompt.questionId),
  );
  if (!lesson || enrolment.status !== 'active') return true;
  const index = lesson.questions.findIndex((question) => question.dbId === prompt.questionId);
  const next = lesson.questions[index + 1];
  if (next) await askQuestion(context, enrolment, learner, next);
  else await completeLesson(context, enrolment.id, learner, course);
  return true;
}

/**
 * Stores the answer unless the prompt has one: the insert on the unique response per prompt
 * is the claim, so of two replies racing for one prompt exactly one stores, on any worker.
 */
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
  const replyKey = `reply:${inbound.channel}:${inbound.providerMessageId}`;
  // The confirmation of STOP is the last message the learner gets on this channel, so it
  // goes out before the consent is revoked; that of START is the first one after it is
  // granted again, so it goes out after (before, the outbox would refuse it as opted out).
  if (decision.effect !== 'opt_in') await reply(replyKey, decision.replies);

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
    const { days, capped } = snoozeRequest(inbound.text ?? '') ?? {
      days: DEFAULT_SNOOZE_DAYS,
      capped: false,
    };
    await pauseEnrolments(context, learner.id, inbound.channel, days);
    const key = capped ? 'command.snoozeCapped' : 'command.snooze';
    await reply(`snooze:${inbound.channel}:${inbound.providerMessageId}`, [
      { text: translate(learner.locale, key, { days }) },
    ]);
  }
  if (decision.effect === 'opt_in') {
    await resumeEnrolments(context, learner.id, inbound.channel);
    await reply(replyKey, decision.replies);
  }

  if (decision.effect === 'advance') {
    const answer = await advanceToNextLesson(context, learner.id, inbound.channel);
    if (answer) {
      await reply(`next:${inbound.channel}:${inbound.providerMessageId}`, [
        { text: translate(learner.locale, answer) },
      ]);
    }
  }
}

/**
 * "next": the learner's next lesson on this channel is due now, and the lesson itself is the
 * answer. When none can come, the learner is told why instead of hearing nothing.
 */
async function advanceToNextLesson(
  context: EngineContext,
  learnerId: string,
  channel: string,
): Promise<'command.nextWhilePaused' | 'command.nextNone' | undefined> {
  const now = context.clock.now();
  const advanced = await context.db
    .updateTable('enrolments')
    .set({ nextSendAt: now, nextOnRequest: true })
    .where('learnerId', '=', learnerId)
    .where('channel', '=', channel)
    .where('status', '=', 'active')
    .where('nextSendAt', 'is not', null)
    .returning('id')
    .execute();
  if (advanced.length > 0) {
    await context.jobs.send('deliveryTick', { at: now.toISOString() });
    return undefined;
  }

  const paused = await context.db
    .selectFrom('enrolments')
    .select('id')
    .where('learnerId', '=', learnerId)
    .where('channel', '=', channel)
    .where('status', '=', 'paused')
    .executeTakeFirst();
  return paused ? 'command.nextWhilePaused' : 'command.nextNone';
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
