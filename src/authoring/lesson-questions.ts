/**
 * Writes the 1-3 questions of one lesson from its own sentences, each from a different
 * sentence: multiple choice first, then true/false, then multiple choice again. True/false
 * statements alternate true and false across the course: a false one follows a true one
 * (when a term can be swapped), a true one follows a false one.
 */
import type { Question } from '../courses/model.ts';
import { isStatement, rankKeySentences } from './key-sentences.ts';
import type { LessonSentence } from './key-sentences.ts';
import { writeMultipleChoice, writeTrueFalse } from './quiz-questions.ts';
import type { QuizContext } from './quiz-questions.ts';
import { countWords } from './sentences.ts';

const QUESTION_PLAN = ['multiple_choice', 'true_false', 'multiple_choice'] as const;
const MIN_FALLBACK_WORDS = 4;

export interface LessonQuestions {
  questions: Question[];
  /** Carried to the next lesson so the alternation runs across the whole course. */
  nextStatementFalse: boolean;
}

export function writeLessonQuestions(
  lessonId: string,
  sentences: readonly LessonSentence[],
  count: number,
  statementFalse: boolean,
  context: QuizContext,
): LessonQuestions {
  const ranked = rankKeySentences(sentences, context.terms);
  const used = new Set<LessonSentence>();
  const questions: Question[] = [];
  let wantFalse = statementFalse;
  const addStatement = (id: string, sentence: LessonSentence): void => {
    const question = writeTrueFalse(id, sentence, context, wantFalse);
    questions.push(question);
    used.add(sentence);
    wantFalse = question.options[0]?.correct === true;
  };

  for (const kind of QUESTION_PLAN.slice(0, count)) {
    const id = `${lessonId}-q${questions.length + 1}`;
    const unused = spreadOut(
      ranked.filter((sentence) => !used.has(sentence)),
      used,
    );

    if (kind === 'multiple_choice') {
      const written = firstWritten(unused, (sentence) =>
        writeMultipleChoice(id, sentence, context),
      );
      if (written) {
        questions.push(written.question);
        used.add(written.sentence);
        continue;
      }
    }

    const sentence = unused[0];
    if (sentence === undefined) break;
    addStatement(id, sentence);
  }

  const fallback = questions.length === 0 ? longestSentence(sentences) : undefined;
  if (fallback) addStatement(`${lessonId}-q1`, fallback);
  return { questions, nextStatementFalse: wantFalse };
}

/** Sentences from paragraphs not yet asked about come first, so questions cover the lesson. */
function spreadOut(
  sentences: readonly LessonSentence[],
  used: ReadonlySet<LessonSentence>,
): LessonSentence[] {
  const usedLines = new Set([...used].map((sentence) => sentence.line));
  const fresh = sentences.filter((sentence) => !usedLines.has(sentence.line));
  return [...fresh, ...sentences.filter((sentence) => usedLines.has(sentence.line))];
}

function firstWritten(
  sentences: readonly LessonSentence[],
  write: (sentence: LessonSentence) => Question | undefined,
): { question: Question; sentence: LessonSentence } | undefined {
  for (const sentence of sentences) {
    const question = write(sentence);
    if (question) return { question, sentence };
  }
  return undefined;
}

/** When no sentence has a key term, a plain true statement still checks the reading. */
function longestSentence(sentences: readonly LessonSentence[]): LessonSentence | undefined {
  const candidates = sentences.filter(
    (sentence) => countWords(sentence.text) >= MIN_FALLBACK_WORDS,
  );
  const statements = candidates.filter((sentence) => isStatement(sentence.text));
  const pool = statements.length ? statements : candidates;
  return pool.reduce<LessonSentence | undefined>(
    (best, sentence) =>
      best && countWords(best.text) >= countWords(sentence.text) ? best : sentence,
    undefined,
  );
}
