import { sql } from 'kysely';

import type { EngineContext } from '../../app/context.ts';
import { dispatcherFor } from '../dispatch/dispatcher.ts';
import { lessonScheduleOf, slotOnDay } from '../enrolment-schedule.ts';
import { queueQuestions, type QuestionToAsk } from '../lesson-followups.ts';
import { localDate } from '../schedule/index.ts';

// Limitation: a review left unanswered is not asked again until the card is reviewed another
// way; its idempotency key names the card's repetition, which only an answer moves on.

/** The latest "today" on Earth is 14 hours ahead of UTC: a card due later is not due anywhere. */
const AHEAD_MS = 15 * 3_600_000;

/**
 * Queues short review messages for cards whose day has come: a card is due on the learner's
 * local date of its FSRS due instant, and goes at their send time on that day, never on an
 * earlier day. At most the organization's daily review cap per learner and day is queued;
 * the rest come on the following days. After a course ends, cards keep coming back on the same
 * schedule, as retention checks. Returns how many were queued.
 */
export async function scheduleReviews(context: EngineContext, at: Date): Promise<number> {
  const { db } = context;
  const dispatcher = dispatcherFor(context);
  const cards = await db
    .selectFrom('reviewCards')
    .innerJoin('enrolments', 'enrolments.id', 'reviewCards.enrolmentId')
    .innerJoin('learners', 'learners.id', 'reviewCards.learnerId')
    .select([
      'reviewCards.id',
      'reviewCards.organizationId',
      'reviewCards.learnerId',
      'reviewCards.enrolmentId',
      'reviewCards.questionId',
      'reviewCards.due',
      'reviewCards.reps',
      'learners.timezone',
      'enrolments.channel',
      'enrolments.sendTime',
      'enrolments.cadence',
      'enrolments.days',
      'enrolments.startsOn',
    ])
    .where('reviewCards.due', '<=', new Date(at.getTime() + AHEAD_MS))
    .where('enrolments.status', 'in', ['active', 'completed'])
    .where('learners.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          // This review of the card (its current repetition) was already queued or sent.
          selectFrom('deliveries')
            .select('deliveries.id')
            .where(
              'deliveries.idempotencyKey',
              '=',
              sql<string>`'review:' || review_cards.id || ':' || review_cards.reps`,
            ),
        ),
      ),
    )
    .orderBy('reviewCards.due')
    .execute();

  const perLearner = new Map<string, number>();
  const items: QuestionToAsk[] = [];
  for (const card of cards) {
    const today = localDate(at, card.timezone);
    if (localDate(card.due, card.timezone) > today) continue;

    const settings = await dispatcher.settings.get(card.organizationId);
    const taken = perLearner.get(card.learnerId) ?? 0;
    if (taken >= settings.dailyReviewCap) continue;

    // A card due on a day off (a weekend of a weekdays cadence, a holiday) waits for the next
    // day lessons come on.
    const slot = slotOnDay(lessonScheduleOf(card, card, settings), today);
    if (!slot || slot > at) continue;

    perLearner.set(card.learnerId, taken + 1);
    items.push({
      organizationId: card.organizationId,
      learnerId: card.learnerId,
      enrolmentId: card.enrolmentId,
      questionId: card.questionId,
      channel: card.channel,
      round: card.reps,
      kind: 'review',
      idempotencyKey: `review:${card.id}:${card.reps}`,
      notBefore: slot,
    });
  }
  if (items.length === 0) return 0;

  await db.transaction().execute((trx) => queueQuestions(trx, items, at));
  return items.length;
}
