/**
 * Writes single questions from single sentences of a lesson: a fill-in-the-blank multiple
 * choice, a true/false statement (true as written, or made false by swapping one term), and
 * the closing reflection prompt. The explanation always quotes the source sentence.
 */
import type { Question, QuestionOption } from '../courses/model.ts';
import { seededShuffle } from './deterministic-order.ts';
import { pickDistractors } from './distractors.ts';
import { findTerms } from './key-terms.ts';
import type { Term, TermIndex } from './key-terms.ts';
import { sourceRefFor } from './key-sentences.ts';
import type { LessonSentence } from './key-sentences.ts';
import type { ProcedureStep } from './lesson-text.ts';
import type { Wording } from './question-wording.ts';
import { countWords } from './sentences.ts';
import { mentions, replaceTerm } from './term-text.ts';

export interface QuizContext {
  terms: TermIndex;
  wording: Wording;
  /** Prompts already asked in the course, so a repeated passage is not asked about twice. */
  asked?: Set<string>;
}

const OPTION_KEYS = 'abcdef';
const MAX_DISTRACTORS = 3;
const MIN_DISTRACTORS = 2;
const MIN_PROCEDURE_STEPS = 3;

export function writeMultipleChoice(
  id: string,
  sentence: LessonSentence,
  { terms, wording }: QuizContext,
): Question | undefined {
  for (const answer of answerCandidates(sentence.text, terms)) {
    const seed = `${id}|${sentence.text}|${answer.text}`;
    const distractors = pickDistractors(answer, sentence.text, terms, MAX_DISTRACTORS, seed);
    const blanked = replaceTerm(sentence.text, answer.text, wording.blank);
    const hidden = blanked !== sentence.text && !mentions(blanked, answer.text);
    if (distractors.length < MIN_DISTRACTORS || !hidden) continue;

    const options: Omit<QuestionOption, 'key'>[] = [
      {
        text: answer.text,
        correct: true,
        feedback: wording.rightChoice(answer.text, sentence.text),
      },
      ...distractors.map((text) => ({
        text,
        correct: false,
        feedback: wording.wrongChoice(text, answer.text, sentence.text),
      })),
    ];

    return {
      id,
      kind: 'multiple_choice',
      prompt: wording.fillInPrompt(blanked),
      options: seededShuffle(options, seed).map((option, position) => ({
        key: OPTION_KEYS.charAt(position),
        ...option,
      })),
      explanation: wording.quote(sentence.text),
      sourceRef: sourceRefFor(sentence),
      evidence: sentence.text,
    };
  }
  return undefined;
}

/**
 * The same blank as a multiple choice, answered by typing: the term as written is accepted,
 * and a number also in figures or words ("3" or "three").
 */
export function writeCloze(
  id: string,
  sentence: LessonSentence,
  { terms, wording }: QuizContext,
): Question | undefined {
  for (const answer of answerCandidates(sentence.text, terms)) {
    const blanked = replaceTerm(sentence.text, answer.text, wording.blank);
    if (blanked === sentence.text || mentions(blanked, answer.text)) continue;
    // A blank that takes any of several common words cannot be graded fairly by typing.
    if (answer.kind === 'word' && countWords(answer.text) === 1 && answer.text.length < 5) continue;

    const accepted = [answer.text, ...numberSpellings(answer.text)];
    return {
      id,
      kind: 'cloze',
      prompt: wording.clozePrompt(blanked),
      options: accepted.map((text, position) => ({
        key: OPTION_KEYS.charAt(position),
        text,
        correct: true,
        feedback: wording.rightChoice(answer.text, sentence.text),
      })),
      explanation: wording.quote(sentence.text),
      sourceRef: sourceRefFor(sentence),
      evidence: sentence.text,
    };
  }
  return undefined;
}

const NUMBER_WORDS: Record<string, readonly string[]> = {
  '1': ['one', 'uno'],
  '2': ['two', 'dos'],
  '3': ['three', 'tres'],
  '4': ['four', 'cuatro'],
  '5': ['five', 'cinco'],
  '6': ['six', 'seis'],
  '7': ['seven', 'siete'],
  '8': ['eight', 'ocho'],
  '9': ['nine', 'nueve'],
  '10': ['ten', 'diez'],
};

function numberSpellings(text: string): string[] {
  const words = NUMBER_WORDS[text];
  if (words) return [...words];
  const digits = Object.entries(NUMBER_WORDS).find(([, spelled]) =>
    spelled.includes(text.toLowerCase()),
  )?.[0];
  return digits ? [digits] : [];
}

/**
 * "What is step 3 of <procedure>?" from a numbered list of at least three steps, with other
 * steps of the same list as the wrong options: each is a real step, so none is also right.
 */
export function writeProcedureStep(
  id: string,
  steps: readonly ProcedureStep[],
  wording: Wording,
): Question | undefined {
  if (steps.length < MIN_PROCEDURE_STEPS) return undefined;
  const asked = steps[Math.min(2, steps.length - 1)] as ProcedureStep;
  const seed = `${id}|${asked.list}|${asked.text}`;
  const others = seededShuffle(
    steps.filter((step) => step !== asked && !mentions(step.text, asked.text)),
    seed,
  ).slice(0, MAX_DISTRACTORS);
  if (others.length < MIN_DISTRACTORS) return undefined;

  const procedure = asked.heading === '' ? wording.theProcedure : asked.heading;
  const options: Omit<QuestionOption, 'key'>[] = [
    { text: asked.text, correct: true, feedback: wording.rightStep(asked.number, asked.text) },
    ...others.map((step) => ({
      text: step.text,
      correct: false,
      feedback: wording.wrongStep(step.number, asked.number, asked.text),
    })),
  ];
  return {
    id,
    kind: 'multiple_choice',
    prompt: wording.stepPrompt(asked.number, procedure),
    options: seededShuffle(options, seed).map((option, position) => ({
      key: OPTION_KEYS.charAt(position),
      ...option,
    })),
    explanation: wording.quote(`${asked.number}. ${asked.text}`),
    sourceRef: sourceRefFor(asked.sentence),
    evidence: asked.text,
  };
}

/** A false statement when asked for one and a term can be swapped; otherwise a true one. */
export function writeTrueFalse(
  id: string,
  sentence: LessonSentence,
  { terms, wording }: QuizContext,
  wantFalse: boolean,
): Question {
  const swap = wantFalse ? findSwap(id, sentence.text, terms) : undefined;
  const statement = swap
    ? capitalise(replaceTerm(sentence.text, swap.answer, swap.distractor))
    : sentence.text;
  const isTrue = swap === undefined;

  const trueFeedback = isTrue
    ? wording.statedTrue(sentence.text)
    : wording.missedFalse(swap.answer, swap.distractor, sentence.text);
  const falseFeedback = isTrue
    ? wording.missedTrue(sentence.text)
    : wording.caughtFalse(swap.answer, swap.distractor, sentence.text);

  return {
    id,
    kind: 'true_false',
    prompt: wording.trueFalsePrompt(statement),
    options: [
      { key: 'a', text: wording.trueLabel, correct: isTrue, feedback: trueFeedback },
      { key: 'b', text: wording.falseLabel, correct: !isTrue, feedback: falseFeedback },
    ],
    explanation: wording.quote(sentence.text),
    sourceRef: sourceRefFor(sentence),
    evidence: sentence.text,
  };
}

export function writeReflection(
  id: string,
  courseTitle: string,
  wording: Wording,
  role?: string,
): Question {
  return {
    id,
    kind: 'reflection',
    prompt: wording.reflectionPrompt(courseTitle, role),
    options: [],
    explanation: wording.reflectionExplanation,
  };
}

interface Swap {
  answer: string;
  distractor: string;
}

// Limitation: a swapped word can, by chance, make a statement that is still true.
function findSwap(id: string, sentence: string, terms: TermIndex): Swap | undefined {
  for (const answer of answerCandidates(sentence, terms)) {
    const [distractor] = pickDistractors(answer, sentence, terms, 1, `${id}|${answer.text}`);
    if (distractor === undefined) continue;

    // A term written twice would be swapped twice, which reads as a different sentence.
    const once = sentence.split(answer.text).length === 2;
    const statement = replaceTerm(sentence, answer.text, distractor);
    if (once && statement !== sentence && !mentions(statement, answer.text)) {
      return { answer: answer.text, distractor };
    }
  }
  return undefined;
}

/**
 * Numbers and names make the sharpest questions; recurring words come next, the more
 * frequent the better. A term too large a share of its sentence would leave nothing to read.
 */
export function answerCandidates(sentence: string, terms: TermIndex): Term[] {
  const maxWords = Math.max(1, Math.floor(countWords(sentence) / 3));
  const priority = (term: Term): number => {
    if (term.kind === 'number' || term.shape === 'multi') return 3;
    if (term.kind === 'phrase') return 2.5;
    return 1 + Math.min(terms.wordCounts.get(term.text.toLowerCase()) ?? 0, 6) / 6;
  };

  return findTerms(sentence, terms)
    .filter((term) => countWords(term.text) <= maxWords)
    .map((term, position) => ({ term, position, score: priority(term) }))
    .sort((left, right) => right.score - left.score || left.position - right.position)
    .map((entry) => entry.term);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
