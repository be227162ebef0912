import {
  createEmptyCard,
  fsrs,
  generatorParameters,
  Rating,
  type Card,
  type FSRS,
  type FSRSParameters,
  type Grade,
} from 'ts-fsrs';

/**
 * Delivery reviews by whole days: a question comes back on a later day, never minutes later,
 * so ts-fsrs runs without its short-term learning steps. Fuzz stays off, so the day a missed
 * question returns is exact and testable.
 */
export const PRODUCT_FSRS_PARAMETERS: Partial<FSRSParameters> = {
  enable_fuzz: false,
  enable_short_term: false,
};

export interface Review {
  card: Card;
  /** FSRS's probability of recall at the review, before it; null for a card never reviewed. */
  predictedRecall: number | null;
}

/** A scheduler; tests of ts-fsrs's own defaults pass `{ enable_fuzz: false }`. */
export function createReviewScheduler(parameters = PRODUCT_FSRS_PARAMETERS): FSRS {
  return fsrs(generatorParameters(parameters));
}

/** A graded answer's rating: right is Good, wrong is Again. */
export function ratingFor(correct: boolean): Grade {
  return correct ? Rating.Good : Rating.Again;
}

/**
 * Reviews a card and returns exactly the card ts-fsrs gives (state, due and lapses are never
 * written by us, pitfall FS-02), with the recall it predicted.
 */
export function reviewCard(scheduler: FSRS, card: Card, rating: Grade, at: Date): Review {
  const predictedRecall =
    card.last_review === undefined ? null : scheduler.get_retrievability(card, at, false);
  return { card: scheduler.next(card, at, rating).card, predictedRecall };
}

export function newCard(at: Date): Card {
  return createEmptyCard(at);
}
