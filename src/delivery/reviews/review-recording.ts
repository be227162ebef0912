import type { EngineContext } from '../../app/context.ts';
import { cardFromStored, storedFromCard } from './review-card.ts';
import { createReviewScheduler, newCard, ratingFor, reviewCard } from './review-scheduler.ts';

const BATCH = 500;

/**
 * Applies graded answers not yet applied to their cards: every question is a card per learner
 * enrolment, and each right or wrong answer (to the lesson's question, a review or a
 * retention check) reviews it at the moment it was given. Each answer is applied once (the
 * review log is keyed by the response), in the order answers came. Returns how many, and whose.
 */
export async function applyPendingReviews(
  context: EngineContext,
): Promise<{ applied: number; learnerIds: string[] }> {
  const scheduler = createReviewScheduler();
  const learnerIds = new Set<string>();
  let applied = 0;

  for (;;) {
    const pending = await context.db
      .selectFrom('responses')
      .innerJoin('prompts', 'prompts.id', 'responses.promptId')
      .innerJoin('enrolments', 'enrolments.id', 'responses.enrolmentId')
      .leftJoin('reviewLogs', 'reviewLogs.responseId', 'responses.id')
      .select([
        'responses.id',
        'responses.organizationId',
        'responses.learnerId',
        'responses.enrolmentId',
        'responses.questionId',
        'responses.correct',
        'responses.receivedAt',
        'prompts.round',
        'enrolments.completedAt',
      ])
      .where('reviewLogs.id', 'is', null)
      .where('responses.correct', 'is not', null)
      .orderBy('responses.receivedAt')
      .limit(BATCH)
      .execute();
    if (pending.length === 0) return { applied, learnerIds: [...learnerIds] };

    for (const response of pending) {
      await context.db.transaction().execute(async (trx) => {
        const stored = await trx
          .selectFrom('reviewCards')
          .selectAll()
          .where('enrolmentId', '=', response.enrolmentId)
          .where('questionId', '=', response.questionId)
          .forUpdate()
          .executeTakeFirst();
        const loaded = stored
          ? cardFromStored(stored)
          : { ok: true as const, value: newCard(response.receivedAt) };
        if (!loaded.ok) throw new Error(`review card ${stored?.id}: ${loaded.error}`);

        const before = loaded.value;
        const review = reviewCard(
          scheduler,
          before,
          ratingFor(response.correct === true),
          response.receivedAt,
        );
        const columns = { ...storedFromCard(review.card), updatedAt: context.clock.now() };
        const card = stored
          ? await trx
              .updateTable('reviewCards')
              .set(columns)
              .where('id', '=', stored.id)
              .returning('id')
              .executeTakeFirstOrThrow()
          : await trx
              .insertInto('reviewCards')
              .values({
                organizationId: response.organizationId,
                learnerId: response.learnerId,
                enrolmentId: response.enrolmentId,
                questionId: response.questionId,
                ...columns,
              })
              .returning('id')
              .executeTakeFirstOrThrow();

        await trx
          .insertInto('reviewLogs')
          .values({
            cardId: card.id,
            responseId: response.id,
            organizationId: response.organizationId,
            learnerId: response.learnerId,
            phase: phaseOf(response),
            rating: ratingFor(response.correct === true),
            stateBefore: before.state,
            predictedRecall: review.predictedRecall,
            recalled: response.correct === true,
            reviewedAt: response.receivedAt,
            dueAfter: review.card.due,
          })
          .onConflict((conflict) => conflict.column('responseId').doNothing())
          .execute();
      });
      applied += 1;
      learnerIds.add(response.learnerId);
    }
  }
}

/** A lesson's own question, a review during the course, or a retention check after it. */
function phaseOf(response: { round: number; completedAt: Date | null; receivedAt: Date }) {
  if (response.round === 0) return 'lesson' as const;
  return response.completedAt !== null && response.completedAt <= response.receivedAt
    ? ('retention' as const)
    : ('review' as const);
}
