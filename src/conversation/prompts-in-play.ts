import type { Kysely } from 'kysely';
import type { Database, StoredOption } from '../db/schema.ts';
import type { OpenPrompt, RecordedAnswer } from './engine-types.ts';

/**
 * The prompts a reply may answer, oldest first: those open or answered on the channel when
 * the reply arrived. A prompt opened after that cannot be what the learner answered, even
 * when it is in play by the time the reply is handled: two quick replies to one question
 * (a changed answer) are both about that question, although grading the first one already
 * asked the next. The earlier prompt its opening closed takes its place.
 *
 * Limitation: WhatsApp stamps messages to the second, so a reply within the second a
 * question went out is read as sent before it.
 */
export async function promptsInPlay(
  db: Kysely<Database>,
  learnerId: string,
  channel: string,
  receivedAt: Date,
): Promise<OpenPrompt[]> {
  const rows = await selectPrompts(db)
    .where('prompts.learnerId', '=', learnerId)
    .where('prompts.channel', '=', channel)
    .where('prompts.status', '!=', 'closed')
    .orderBy('prompts.sentAt')
    .execute();

  const seen = rows.filter((row) => row.sentAt <= receivedAt);
  const openedLater = rows.filter((row) => row.sentAt > receivedAt && row.round === 0);
  for (const next of openedLater) {
    const earlier = await lessonPromptBefore(db, next, receivedAt);
    if (earlier && !seen.some((row) => row.id === earlier.id)) seen.push(earlier);
  }
  return seen.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime()).map(toOpenPrompt);
}

/** One prompt with the answer it holds now, whatever its status; undefined once deleted. */
export async function promptWithAnswer(
  db: Kysely<Database>,
  promptId: string,
): Promise<OpenPrompt | undefined> {
  const row = await selectPrompts(db).where('prompts.id', '=', promptId).executeTakeFirst();
  return row && toOpenPrompt(row);
}

/** The enrolment's own question that was in play before `next` opened and closed it. */
function lessonPromptBefore(
  db: Kysely<Database>,
  next: { id: string; enrolmentId: string },
  receivedAt: Date,
) {
  return selectPrompts(db)
    .where('prompts.enrolmentId', '=', next.enrolmentId)
    .where('prompts.round', '=', 0)
    .where('prompts.id', '!=', next.id)
    .where('prompts.sentAt', '<=', receivedAt)
    .orderBy('prompts.sentAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

function selectPrompts(db: Kysely<Database>) {
  return db
    .selectFrom('prompts')
    .innerJoin('questions', 'questions.id', 'prompts.questionId')
    .leftJoin('responses', 'responses.promptId', 'prompts.id')
    .select([
      'prompts.id',
      'prompts.enrolmentId',
      'prompts.tag',
      'prompts.sentAt',
      'prompts.round',
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
    ]);
}

type PromptRow = Awaited<ReturnType<ReturnType<typeof selectPrompts>['executeTakeFirstOrThrow']>>;

function toOpenPrompt(row: PromptRow): OpenPrompt {
  return {
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
  };
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
