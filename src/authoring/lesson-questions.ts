/**
 * Writes the 1-5 questions of one lesson from its own sentences, each from a different
 * sentence: multiple choice first (about a procedure step when the lesson has a numbered
 * procedure), then true/false, then a cloze to type, then multiple choice and true/false
 * again. True/false statements alternate true and false across the course: a false one
 * follows a true one (when a term can be swapped), a true one follows a false one.
 */
import type { Question } from '../courses/model.ts';
import { isStatement, rankKeySentences } from './key-sentences.ts';
import type { LessonSentence } from './key-sentences.ts';
import type { ProcedureStep } from './lesson-text.ts';
import {
  writeCloze,
  writeMultipleChoice,
  writeProcedureStep,
  writeTrueFalse,
} from './quiz-questions.ts';
import type { QuizContext } from './quiz-questions.ts';
import { countWords } from './sentences.ts';

const QUESTION_PLAN = [
  'multiple_choice',
  'true_false',
  'cloze',
  'multiple_choice',
  'true_false',
] as const;
export const MAX_QUESTIONS_PER_LESSON = QUESTION_PLAN.length;
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
  steps: readonly ProcedureStep[] = [],
): LessonQuestions {
  const ranked = rankKeySentences(sentences, context.terms);
  const used = new Set<LessonSentence>();
  const questions: Question[] = [];
  const asked = context.asked ?? new Set<string>();
  const fresh = (question: Question | undefined): Question | undefined =>
    question && !keysOf(question).some((key) => asked.has(key)) ? question : undefined;
  const keep = (question: Question): void => {
    questions.push(question);
    for (const key of keysOf(question)) asked.add(key);
  };
  let wantFalse = statementFalse;
  const addStatement = (id: string, candidates: readonly LessonSentence[]): boolean => {
    for (const sentence of candidates) {
      const question = fresh(writeTrueFalse(id, sentence, context, wantFalse));
      if (!question) continue;
      keep(question);
      used.add(sentence);
      wantFalse = question.options[0]?.correct === true;
      return true;
    }
    return false;
  };

  let procedureAsked = false;
  for (const kind of QUESTION_PLAN.slice(0, count)) {
    const id = `${lessonId}-q${questions.length + 1}`;
    const unused = spreadOut(
      ranked.filter((sentence) => !used.has(sentence)),
      used,
    );

    if (kind === 'multiple_choice' && !procedureAsked) {
      procedureAsked = true;
      const step = longestProcedure(steps);
      const written = fresh(step ? writeProcedureStep(id, step, context.wording) : undefined);
      if (written) {
        keep(written);
        continue;
      }
    }

    if (kind === 'cloze') {
      const written = firstWritten(unused, (sentence) => fresh(writeCloze(id, sentence, context)));
      if (written) {
        keep(written.question);
        used.add(written.sentence);
        continue;
      }
    }

    if (kind === 'multiple_choice') {
      const written = firstWritten(unused, (sentence) =>
        fresh(writeMultipleChoice(id, sentence, context)),
      );
      if (written) {
        keep(written.question);
        used.add(written.sentence);
        continue;
      }
    }

    if (unused.length === 0 || !addStatement(id, unused)) break;
  }

  const fallback = questions.length === 0 ? longestSentence(sentences) : undefined;
  if (fallback) addStatement(`${lessonId}-q1`, [fallback]);
  return { questions, nextStatementFalse: wantFalse };
}

/**
 * A question is asked once per course: not the same prompt with the same answer, and not a
 * second time about the same source sentence (documents repeat passages).
 */
function keysOf(question: Question): string[] {
  const squash = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();
  const answer = question.options.filter((option) => option.correct).map((option) => option.text);
  const keys = [`prompt:${squash(question.prompt)}|${answer.join('|')}`];
  if (question.evidence) keys.push(`evidence:${squash(question.evidence)}`);
  return keys;
}

/** The steps of the lesson's longest numbered list, in order. */
function longestProcedure(steps: readonly ProcedureStep[]): ProcedureStep[] | undefined {
  const lists = new Map<string, ProcedureStep[]>();
  for (const step of steps) lists.set(step.list, [...(lists.get(step.list) ?? []), step]);
  return [...lists.values()].sort((a, b) => b.length - a.length)[0];
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
