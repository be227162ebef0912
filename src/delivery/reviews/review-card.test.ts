import { afterEach, describe, expect, it } from 'vitest';
import { Rating, State } from 'ts-fsrs';

import { cardFromStored, storedFromCard, type StoredCard } from './review-card.ts';
import { createReviewScheduler, newCard, reviewCard } from './review-scheduler.ts';

/** Pitfall FS-01's row, with its times written as the storage rule asks: ISO-8601 with "Z". */
const storedRow: StoredCard = {
  due: '2026-01-05T09:10:00Z',
  stability: 2.31,
  difficulty: 5.9,
  elapsedDays: 0,
  scheduledDays: 0,
  learningSteps: 1,
  reps: 1,
  lapses: 0,
  state: 1,
  lastReview: '2026-01-05T09:00:00Z',
};

describe('pitfall FS-01: a stored card maps to a ts-fsrs Card, snake_case and real Dates', () => {
  const hostZone = process.env.TZ;
  afterEach(() => {
    if (hostZone === undefined) delete process.env.TZ;
    else process.env.TZ = hostZone;
  });

  it('maps every field, dates as the instants written', () => {
    const card = cardFromStored(storedRow);

    expect(card).toEqual({
      ok: true,
      value: {
        due: new Date('2026-01-05T09:10:00Z'),
        last_review: new Date('2026-01-05T09:00:00Z'),
        stability: 2.31,
        difficulty: 5.9,
        elapsed_days: 0,
        scheduled_days: 0,
        learning_steps: 1,
        reps: 1,
        lapses: 0,
        state: State.Learning,
      },
    });
  });

  it('refuses a naive timestamp when loading, saying what to store instead', () => {
    const naive = cardFromStored({ ...storedRow, due: '2026-01-05 09:10:00' });

    expect(naive).toEqual({
      ok: false,
      error:
        'due "2026-01-05 09:10:00" has no UTC offset; store review times as ISO-8601 with "Z" ' +
        '(a naive time would be read in the server zone)',
    });
    expect(cardFromStored({ ...storedRow, lastReview: '2026-01-05 09:00:00' }).ok).toBe(false);
  });

  it.each(['UTC', 'Asia/Tokyo'])(
    'reviews the loaded card as the in-memory one, with TZ=%s',
    (zone) => {
      process.env.TZ = zone;
      const scheduler = createReviewScheduler({ enable_fuzz: false });
      const now = new Date('2026-01-06T09:00:00Z');
      const loaded = cardFromStored(storedRow);
      if (!loaded.ok) throw new Error(loaded.error);
      const inMemory = {
        ...loaded.value,
        due: new Date(Date.UTC(2026, 0, 5, 9, 10)),
        last_review: new Date(Date.UTC(2026, 0, 5, 9, 0)),
      };

      const fromStorage = reviewCard(scheduler, loaded.value, Rating.Good, now);
      const direct = reviewCard(scheduler, inMemory, Rating.Good, now);
      expect(fromStorage).toEqual(direct);
      expect(fromStorage.card.due.toISOString()).toBe(direct.card.due.toISOString());
    },
  );

  it('round-trips through the stored columns unchanged', () => {
    const loaded = cardFromStored(storedRow);
    if (!loaded.ok) throw new Error(loaded.error);

    expect(cardFromStored(storedFromCard(loaded.value))).toEqual(loaded);
  });
});

describe('pitfall FS-02: state transitions come from ts-fsrs and are stored as they are', () => {
  const scheduler = createReviewScheduler({ enable_fuzz: false });

  it('New→Learning, Hard keeps Learning, graduates to Review, Again lapses to Relearning', () => {
    let at = new Date('2026-03-02T09:00:00Z');
    const again = reviewCard(scheduler, newCard(at), Rating.Again, at).card;
    expect(again.state).toBe(State.Learning);

    at = again.due;
    const hard = reviewCard(scheduler, again, Rating.Hard, at).card;
    expect(hard.state).toBe(State.Learning);

    let card = hard;
    for (let step = 0; step < 5 && card.state !== State.Review; step += 1) {
      at = card.due;
      card = reviewCard(scheduler, card, Rating.Good, at).card;
    }
    expect(card.state).toBe(State.Review);
    expect(card.lapses).toBe(0);

    at = card.due;
    const lapsed = reviewCard(scheduler, card, Rating.Again, at).card;
    expect(lapsed.state).toBe(State.Relearning);
    expect(lapsed.lapses).toBe(1);
    expect(lapsed.due.getTime() - at.getTime()).toBe(10 * 60_000);

    const relearning = reviewCard(scheduler, lapsed, Rating.Hard, lapsed.due).card;
    expect(relearning.state).toBe(State.Relearning);
    expect(storedFromCard(relearning).state).toBe(State.Relearning);
  });

  it('predicts no recall for a card never reviewed, and a probability after', () => {
    const at = new Date('2026-03-02T09:00:00Z');
    const first = reviewCard(scheduler, newCard(at), Rating.Good, at);
    const later = new Date('2026-03-05T09:00:00Z');
    const second = reviewCard(scheduler, first.card, Rating.Good, later);

    expect(first.predictedRecall).toBeNull();
    expect(second.predictedRecall).toBeGreaterThan(0);
    expect(second.predictedRecall).toBeLessThan(1);
  });
});
