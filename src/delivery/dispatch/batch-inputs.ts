import type { EngineContext } from '../../app/context.ts';
import type { SendFailure, SendRequest } from '../../channels/channel.ts';
import type { DeliveryRow, EnrolmentRow, LearnerRow } from '../../db/schema.ts';
import { addressOn } from '../../people/learner-repository.ts';
import { localDate } from '../schedule/index.ts';
import type { CompositionInputs } from './compose-messages.ts';
import { findQuestion } from './compose-messages.ts';
import type { CachedCourse, CourseCache } from './course-cache.ts';

/** Scheduled kinds counted against a learner's daily caps. */
const CAPPED_KINDS = ['lesson', 'review'] as const;
type CappedKind = (typeof CAPPED_KINDS)[number];

/**
 * Everything a batch of claimed deliveries needs, read in a few queries rather than a few per
 * delivery: learners, enrolments, revoked consents, prompts, how many questions each learner
 * has in play, and what each already received today.
 */
export interface BatchInputs {
  learners: Map<string, LearnerRow>;
  enrolments: Map<string, EnrolmentRow>;
  learnedTimes: Map<string, string>;
  /** Why a delivery is no longer needed, or undefined when it still is. */
  cancelReason(delivery: DeliveryRow, enrolment: EnrolmentRow | undefined): string | undefined;
  /** The shared rules checked before every send, whatever the channel. */
  refusal(delivery: DeliveryRow, learner: LearnerRow): SendFailure | undefined;
  isRevoked(learnerId: string, channel: string): boolean;
  compositionFor(delivery: DeliveryRow, learner: LearnerRow): CompositionInputs;
  questionFor(delivery: DeliveryRow): SendRequest['question'];
  /** Capped sends the learner got on their local day `day`. */
  sentOn(learnerId: string, kind: CappedKind, day: string): number;
  /** Counts a send about to happen, so two in one batch both see it. */
  countSend(delivery: DeliveryRow, learner: LearnerRow, at: Date): void;
}

export async function loadBatchInputs(
  context: EngineContext,
  courses: CourseCache,
  claimed: readonly DeliveryRow[],
): Promise<BatchInputs> {
  const { db } = context;
  const learnerIds = unique(claimed.map((delivery) => delivery.learnerId));
  const enrolmentIds = unique(claimed.flatMap((delivery) => delivery.enrolmentId ?? []));
  const promptIds = unique(claimed.flatMap((delivery) => delivery.promptId ?? []));

  const learners = new Map(
    (await db.selectFrom('learners').selectAll().where('id', 'in', learnerIds).execute()).map(
      (row) => [row.id, row],
    ),
  );
  const enrolments = new Map(
    enrolmentIds.length === 0
      ? []
      : (
          await db.selectFrom('enrolments').selectAll().where('id', 'in', enrolmentIds).execute()
        ).map((row) => [row.id, row]),
  );
  const revoked = new Set(
    (
      await db
        .selectFrom('channelConsents')
        .select(['learnerId', 'channel'])
        .where('learnerId', 'in', learnerIds)
        .where('status', '=', 'revoked')
        .execute()
    ).map((row) => `${row.learnerId}:${row.channel}`),
  );
  const prompts = new Map(
    promptIds.length === 0
      ? []
      : (
          await db
            .selectFrom('prompts')
            .select(['id', 'tag', 'round', 'status'])
            .where('id', 'in', promptIds)
            .execute()
        ).map((row) => [row.id, row]),
  );
  const asking = claimed.filter((delivery) => delivery.promptId !== null);
  const openCounts = await countOpenPrompts(context, asking);
  const sentToday = await loadSentToday(context, claimed, learners);
  const scheduled = claimed.some(
    (delivery) => delivery.kind === 'lesson' || delivery.kind === 'review',
  );
  const learnedTimes = new Map(
    scheduled
      ? (
          await db
            .selectFrom('learnerSendProfiles')
            .select(['learnerId', 'localTime'])
            .where('learnerId', 'in', learnerIds)
            .execute()
        ).map((row) => [row.learnerId, row.localTime])
      : [],
  );

  const courseOf = new Map<string, CachedCourse>();
  for (const enrolment of enrolments.values()) {
    courseOf.set(enrolment.id, await courses.get(enrolment.courseVersionId));
  }

  const isRevoked = (learnerId: string, channel: string) => revoked.has(`${learnerId}:${channel}`);
  return {
    learners,
    enrolments,
    learnedTimes,
    cancelReason(delivery, enrolment) {
      if (enrolment?.status === 'withdrawn' && delivery.kind !== 'feedback') {
        return 'the enrolment was withdrawn';
      }
      const prompt = delivery.promptId ? prompts.get(delivery.promptId) : undefined;
      if (delivery.kind === 'reminder' && prompt?.status !== 'open') {
        return 'the question was answered or closed before the reminder went';
      }
      if (delivery.kind === 'review' && prompt?.status === 'closed') {
        return 'a newer question replaced the review before it went';
      }
      return undefined;
    },
    refusal(delivery, learner) {
      if (learner.status !== 'active') {
        return { code: 'unreachable', reason: `learner is ${learner.status}`, retryable: false };
      }
      if (!addressOn(learner, delivery.channel)) {
        return {
          code: 'unreachable',
          reason: `learner has no address on ${delivery.channel}`,
          retryable: false,
        };
      }
      if (isRevoked(learner.id, delivery.channel)) {
        return {
          code: 'opted_out',
          reason: `learner opted out of ${delivery.channel}`,
          retryable: false,
        };
      }
      return undefined;
    },
    isRevoked,
    compositionFor(delivery, learner) {
      const enrolment = delivery.enrolmentId ? enrolments.get(delivery.enrolmentId) : undefined;
      const prompt = delivery.promptId ? prompts.get(delivery.promptId) : undefined;
      return {
        learner,
        course: delivery.enrolmentId ? courseOf.get(delivery.enrolmentId) : undefined,
        prompt,
        showTag: (openCounts.get(`${delivery.learnerId}:${delivery.channel}`) ?? 0) > 1,
        courseFinished: enrolment?.status === 'completed',
      };
    },
    questionFor(delivery) {
      const course = delivery.enrolmentId ? courseOf.get(delivery.enrolmentId) : undefined;
      const prompt = delivery.promptId ? prompts.get(delivery.promptId) : undefined;
      const question = course ? findQuestion(course, delivery.questionId) : undefined;
      if (!question || !prompt || !delivery.questionId) return undefined;
      const showTag = (openCounts.get(`${delivery.learnerId}:${delivery.channel}`) ?? 0) > 1;
      return {
        questionId: delivery.questionId,
        kind: question.kind,
        tag: showTag ? prompt.tag : undefined,
      };
    },
    sentOn(learnerId, kind, day) {
      return sentToday.get(`${learnerId}:${kind}:${day}`) ?? 0;
    },
    countSend(delivery, learner, at) {
      if (delivery.kind !== 'lesson' && delivery.kind !== 'review') return;
      const key = `${learner.id}:${delivery.kind}:${localDate(at, learner.timezone)}`;
      sentToday.set(key, (sentToday.get(key) ?? 0) + 1);
    },
  };
}

/** Open prompts per learner and channel: tags are shown when there is more than one. */
async function countOpenPrompts(context: EngineContext, asking: readonly DeliveryRow[]) {
  const counts = new Map<string, number>();
  if (asking.length === 0) return counts;
  const rows = await context.db
    .selectFrom('prompts')
    .select((eb) => ['learnerId', 'channel', eb.fn.countAll<number>().as('open')])
    .where('learnerId', 'in', unique(asking.map((delivery) => delivery.learnerId)))
    .where('status', '!=', 'closed')
    .groupBy(['learnerId', 'channel'])
    .execute();
  for (const row of rows) counts.set(`${row.learnerId}:${row.channel}`, Number(row.open));
  return counts;
}

/**
 * Lessons and reviews each learner of the batch already got, per local day. Two days back is
 * enough: "today" on any clock on Earth began less than 27 hours ago.
 */
async function loadSentToday(
  context: EngineContext,
  claimed: readonly DeliveryRow[],
  learners: Map<string, LearnerRow>,
) {
  const counted = new Map<string, number>();
  const capped = claimed.filter(
    (delivery) => delivery.kind === 'lesson' || delivery.kind === 'review',
  );
  if (capped.length === 0) return counted;

  const since = new Date(context.clock.now().getTime() - 2 * 86_400_000);
  const rows = await context.db
    .selectFrom('deliveries')
    .select(['learnerId', 'kind', 'sentAt'])
    .where('learnerId', 'in', unique(capped.map((delivery) => delivery.learnerId)))
    .where('sentAt', '>=', since)
    .where('kind', 'in', [...CAPPED_KINDS])
    .execute();
  for (const row of rows) {
    const learner = learners.get(row.learnerId);
    if (!learner || !row.sentAt) continue;
    const key = `${row.learnerId}:${row.kind}:${localDate(row.sentAt, learner.timezone)}`;
    counted.set(key, (counted.get(key) ?? 0) + 1);
  }
  return counted;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
