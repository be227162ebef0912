import { State, type Card } from 'ts-fsrs';

import { err, ok, type Result } from '../../shared/result.ts';

/**
 * A card as the database keeps it (review_cards), in the query builder's camelCase. Dates come
 * back as Date from timestamptz columns; anything else (JSON, a CSV, an older export) may carry
 * strings, which are read only when they name their offset.
 */
export interface StoredCard {
  due: Date | string;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps?: number | null;
  reps: number;
  lapses: number;
  state: number;
  lastReview: Date | string | null;
}

/** An instant with an explicit zone: "Z" or "+hh:mm". A naive one is read differently per host. */
const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Maps a stored card to the ts-fsrs Card: snake_case keys, real Dates, learning_steps kept.
 * A naive timestamp such as "2026-01-05 09:10:00" is refused here, when the card is loaded,
 * with a message saying so, instead of failing or drifting by the host's offset at review time
 * (pitfall FS-01).
 *
 * @example cardFromStored({ due: '2026-01-05T09:10:00Z', stability: 2.31, ... }).value.due
 *   // Date 2026-01-05T09:10:00.000Z
 */
export function cardFromStored(stored: StoredCard): Result<Card, string> {
  const due = instantOf(stored.due, 'due');
  if (!due.ok) return due;
  const lastReview =
    stored.lastReview === null ? ok(undefined) : instantOf(stored.lastReview, 'lastReview');
  if (!lastReview.ok) return lastReview;
  if (!(stored.state in State) || !Number.isInteger(stored.state)) {
    return err(`card state ${stored.state} is not a ts-fsrs State (0 New ... 3 Relearning)`);
  }

  return ok({
    due: due.value,
    stability: stored.stability,
    difficulty: stored.difficulty,
    elapsed_days: stored.elapsedDays,
    scheduled_days: stored.scheduledDays,
    learning_steps: stored.learningSteps ?? 0,
    reps: stored.reps,
    lapses: stored.lapses,
    state: stored.state as State,
    last_review: lastReview.value,
  });
}

/** The columns to store for a card exactly as ts-fsrs returned it; nothing is overridden. */
export function storedFromCard(card: Card): Omit<StoredCard, 'due' | 'lastReview'> & {
  due: Date;
  lastReview: Date | null;
  learningSteps: number;
} {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.last_review ?? null,
  };
}

function instantOf(value: Date | string, field: string): Result<Date, string> {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? err(`${field} is an invalid Date`) : ok(value);
  }
  if (!ZONED_INSTANT.test(value)) {
    return err(
      `${field} "${value}" has no UTC offset; store review times as ISO-8601 with "Z" ` +
        '(a naive time would be read in the server zone)',
    );
  }
  return ok(new Date(value));
}
