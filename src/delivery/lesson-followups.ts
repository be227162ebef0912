import { sql, type Transaction } from 'kysely';

import type { Database } from '../db/schema.ts';

type Trx = Transaction<Database>;

/** A question to put to a learner: the lesson's own (round 0) or a review of it (round 1+). */
export interface QuestionToAsk {
  organizationId: string;
  learnerId: string;
  enrolmentId: string;
  questionId: string;
  channel: string;
  round: number;
  kind: 'question' | 'review';
  idempotencyKey: string;
  /** When the question may go; now for a lesson's next question. */
  notBefore: Date;
}

/** Tags count up to 99 per learner and channel, then wrap to the smallest one free. */
const MAX_TAG = 99;
const RECENT_PROMPTS = 200;

/**
 * Opens the prompts of `items` and queues their deliveries, in the caller's transaction.
 * Asking the next question of an enrolment closes its earlier ones: an answer that arrives
 * after the lesson moved on is late, and is told so rather than graded against the wrong one.
 * Running it twice for the same question and round changes nothing.
 */
export async function queueQuestions(
  trx: Trx,
  items: readonly QuestionToAsk[],
  now: Date,
): Promise<string[]> {
  if (items.length === 0) return [];

  // Reviews stay open until answered: they stand beside the lesson in progress.
  const lessonQuestions = items.filter((item) => item.kind === 'question');
  for (const item of lessonQuestions) {
    await trx
      .updateTable('prompts')
      .set({ status: 'closed' })
      .where('enrolmentId', '=', item.enrolmentId)
      .where('status', '!=', 'closed')
      .where('round', '=', 0)
      .where('questionId', '!=', item.questionId)
      .execute();
  }

  const promptIds = await openPrompts(trx, items, now);
  const inserted = await trx
    .insertInto('deliveries')
    .values(
      items.map((item, index) => ({
        organizationId: item.organizationId,
        learnerId: item.learnerId,
        enrolmentId: item.enrolmentId,
        lessonId: null,
        questionId: item.questionId,
        promptId: promptIds[index] ?? null,
        kind: item.kind,
        channel: item.channel,
        idempotencyKey: item.idempotencyKey,
        providerMessageId: null,
        statusHistory: JSON.stringify([{ status: 'queued', at: now }]),
        errorCode: null,
        errorReason: null,
        scheduledFor: item.notBefore,
        nextAttemptAt: item.notBefore,
        sentAt: null,
      })),
    )
    .onConflict((conflict) => conflict.column('idempotencyKey').doNothing())
    .returning('id')
    .execute();
  if (inserted.length === items.length) return inserted.map((row) => row.id);

  const existing = await trx
    .selectFrom('deliveries')
    .select('id')
    .where(
      'idempotencyKey',
      'in',
      items.map((item) => item.idempotencyKey),
    )
    .execute();
  return existing.map((row) => row.id);
}

/** The prompt id of each item, opening the missing ones with fresh tags. */
async function openPrompts(trx: Trx, items: readonly QuestionToAsk[], now: Date) {
  const existing = await trx
    .selectFrom('prompts')
    .select(['id', 'enrolmentId', 'questionId', 'round'])
    .where(
      'enrolmentId',
      'in',
      items.map((item) => item.enrolmentId),
    )
    .execute();
  const keyOf = (row: { enrolmentId: string; questionId: string; round: number }) =>
    `${row.enrolmentId}:${row.questionId}:${row.round}`;
  const byKey = new Map(existing.map((row) => [keyOf(row), row.id]));

  const missing = items.filter((item) => !byKey.has(keyOf(item)));
  if (missing.length > 0) {
    const tags = await nextTags(trx, missing);
    const opened = await trx
      .insertInto('prompts')
      .values(
        missing.map((item, index) => ({
          organizationId: item.organizationId,
          learnerId: item.learnerId,
          enrolmentId: item.enrolmentId,
          questionId: item.questionId,
          channel: item.channel,
          round: item.round,
          tag: tags[index] ?? 1,
          sentAt: now,
        })),
      )
      .onConflict((conflict) =>
        conflict.columns(['enrolmentId', 'questionId', 'round']).doNothing(),
      )
      .returning(['id', 'enrolmentId', 'questionId', 'round'])
      .execute();
    for (const row of opened) byKey.set(keyOf(row), row.id);
  }
  return items.map((item) => byKey.get(keyOf(item)));
}

/**
 * Tags count up per learner and channel and are not reused while in play: a late repeat of
 * "2B" must not land on the next question that would otherwise take tag 2. Past 99 they wrap
 * to the smallest tag not in play, so they stay short to type.
 */
async function nextTags(trx: Trx, items: readonly QuestionToAsk[]): Promise<number[]> {
  const learnerIds = [...new Set(items.map((item) => item.learnerId))];
  const recent = await sql<{ learnerId: string; channel: string; tag: number; status: string }>`
    select learner_id, channel, tag, status from (
      select learner_id, channel, tag, status,
        row_number() over (partition by learner_id, channel order by sent_at desc) as recency
      from prompts where learner_id in (${sql.join(learnerIds)})
    ) as ranked where recency <= ${RECENT_PROMPTS}`.execute(trx);

  const state = new Map<string, { highest: number; inPlay: Set<number> }>();
  for (const row of recent.rows) {
    const key = `${row.learnerId}:${row.channel}`;
    const entry = state.get(key) ?? { highest: 0, inPlay: new Set<number>() };
    entry.highest = Math.max(entry.highest, row.tag);
    if (row.status !== 'closed') entry.inPlay.add(row.tag);
    state.set(key, entry);
  }

  return items.map((item) => {
    const key = `${item.learnerId}:${item.channel}`;
    const entry = state.get(key) ?? { highest: 0, inPlay: new Set<number>() };
    // Asking a lesson question closes the enrolment's other prompts in this transaction.
    let tag = entry.highest < MAX_TAG ? entry.highest + 1 : 1;
    while (entry.inPlay.has(tag)) tag += 1;
    entry.highest = tag;
    entry.inPlay.add(tag);
    state.set(key, entry);
    return tag;
  });
}
