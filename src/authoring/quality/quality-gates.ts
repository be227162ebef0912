/**
 * The quality gates every generated or imported course passes before it can ship as is:
 * each correct answer rests on its lesson and on the place in the source it cites; no wrong
 * option is the right one in other words; no question is asked twice; every lesson is within
 * the length the author asked for; the questions suit the kind of course. The reading level
 * is reported beside them. A course that fails any gate is marked for review, never shipped
 * silently.
 */
import { GRADED_QUESTION_KINDS } from '../../courses/model.ts';
import type { CourseDraft, Lesson, Question } from '../../courses/model.ts';
import { describeBlockLocation } from '../document-model.ts';
import type { ParsedDocument } from '../document-model.ts';
import { countWords } from '../sentences.ts';
import { mentions } from '../term-text.ts';
import { contentWords, coverage, isSameOrParaphrase } from './answer-text.ts';
import { readingLevel } from './reading-level.ts';
import type { ReadingLevel } from './reading-level.ts';

export const QUALITY_GATES = [
  'answer_supported',
  'distractors_distinct',
  'no_duplicates',
  'lesson_length',
  'questions_fit_kind',
] as const;
export type QualityGate = (typeof QUALITY_GATES)[number];

export interface GateProblem {
  lessonId: string;
  questionId?: string;
  message: string;
}

export interface GateResult {
  gate: QualityGate;
  passed: boolean;
  problems: GateProblem[];
}

export interface LessonQuality {
  lessonId: string;
  words: number;
  minutes: number;
  readingLevel: ReadingLevel;
}

export interface QualityReport {
  status: 'ready' | 'needs_review';
  gates: GateResult[];
  readingLevel: ReadingLevel;
  lessons: LessonQuality[];
}

export interface QualityOptions {
  /** The documents the course was made from; without them source locations go unchecked. */
  documents?: readonly ParsedDocument[];
  lessonMinutes?: number;
  wordsPerMinute?: number;
}

const BLANK = /_{3,}/;
const BLANKS = /_{3,}/g;
// Longest and shortest lesson, as shares of the reading length the author asked for.
const MAX_LENGTH_SHARE = 1.6;
const MIN_LENGTH_SHARE = 0.15;
const MIN_SIBLING_SHARE = 0.4;
const DUPLICATE_OVERLAP = 0.9;
// Share of an answer's content words its evidence sentence must contain.
const MIN_ANSWER_COVERAGE = 0.6;
const LESSON_MINUTES = { training: 5, survey: 2, communication: 1 } as const;

/**
 * @example const report = checkQuality(draft, { documents: [parsed] });
 *   report.status // 'ready' or 'needs_review'
 */
export function checkQuality(draft: CourseDraft, options: QualityOptions = {}): QualityReport {
  const kind = draft.kind ?? 'training';
  const wordsPerMinute = options.wordsPerMinute ?? 200;
  const target = (options.lessonMinutes ?? LESSON_MINUTES[kind]) * wordsPerMinute;

  const gates: GateResult[] = [
    gate(
      'answer_supported',
      draft.lessons.flatMap((l) => answerProblems(l, options.documents)),
    ),
    gate('distractors_distinct', draft.lessons.flatMap(distractorProblems)),
    gate('no_duplicates', duplicateProblems(draft.lessons)),
    gate('lesson_length', lengthProblems(draft.lessons, target)),
    gate('questions_fit_kind', kindProblems(draft)),
  ];
  return {
    status: gates.every((result) => result.passed) ? 'ready' : 'needs_review',
    gates,
    readingLevel: readingLevel(draft.lessons.map((l) => l.body).join('\n\n'), draft.language),
    lessons: draft.lessons.map((lesson) => {
      const words = countWords(lesson.body);
      return {
        lessonId: lesson.id,
        words,
        minutes: Math.round((words / wordsPerMinute) * 10) / 10,
        readingLevel: readingLevel(lesson.body, draft.language),
      };
    }),
  };
}

function gate(name: QualityGate, problems: GateProblem[]): GateResult {
  return { gate: name, passed: problems.length === 0, problems };
}

const isGraded = (question: Question): boolean => GRADED_QUESTION_KINDS.includes(question.kind);

/** The text between the outer quotes of a prompt: the sentence a question is built on. */
export function quotedText(prompt: string): string | undefined {
  return /["«“]([\s\S]*)["»”]\s*$/u.exec(prompt)?.[1];
}

function answerProblems(lesson: Lesson, documents?: readonly ParsedDocument[]): GateProblem[] {
  const problems: GateProblem[] = [];
  for (const question of lesson.questions.filter(isGraded)) {
    const say = (message: string) =>
      problems.push({ lessonId: lesson.id, questionId: question.id, message });
    const evidence = question.evidence?.trim() ?? '';
    if (evidence === '') {
      say('no evidence: the sentence the answer rests on is not recorded');
      continue;
    }
    if (!mentions(lesson.body, evidence))
      say(`the lesson does not state its evidence "${evidence}"`);
    if (!question.sourceRef) say('no source location is given');
    else if (documents && !locatedInSource(question.sourceRef, evidence, documents)) {
      say(`the source at ${question.sourceRef} does not state "${evidence}"`);
    }
    for (const message of correctnessProblems(question, lesson, evidence)) say(message);
  }
  return problems;
}

function correctnessProblems(question: Question, lesson: Lesson, evidence: string): string[] {
  const correct = question.options.filter((option) => option.correct);
  const wrong = question.options.filter((option) => !option.correct);
  const sentence = quotedText(question.prompt);
  const blanked = sentence !== undefined && BLANK.test(sentence);
  // A term written twice in its sentence is blanked twice.
  const fill = (text: string): string => (sentence ?? '').replace(BLANKS, () => text);

  switch (question.kind) {
    case 'multiple_choice': {
      if (correct.length !== 1)
        return ['a multiple-choice question needs exactly one right option'];
      const [answer] = correct;
      if (!answer) return [];
      if (blanked) {
        const problems = mentions(fill(answer.text), evidence)
          ? []
          : [`the right option "${answer.text}" does not complete the evidence sentence`];
        for (const option of wrong) {
          if (mentions(lesson.body, fill(option.text))) {
            problems.push(
              `the wrong option "${option.text}" also completes a sentence of the lesson`,
            );
          }
        }
        return problems;
      }
      const problems =
        coverage(answer.text, evidence) >= MIN_ANSWER_COVERAGE
          ? []
          : [`the right option "${answer.text}" is not stated in its evidence`];
      for (const option of wrong) {
        if (coverage(option.text, evidence) === 1 && contentWords(option.text).length > 0) {
          problems.push(`the wrong option "${option.text}" is stated in the evidence too`);
        }
      }
      return problems;
    }
    case 'true_false': {
      const statement = sentence ?? question.prompt;
      const [answer] = correct;
      if (correct.length !== 1 || !answer) return ['a true/false question needs one right option'];
      const saysTrue = question.options.indexOf(answer) === 0;
      const stated = mentions(lesson.body, statement);
      if (saysTrue && !stated)
        return ['the statement is marked true but the lesson does not say it'];
      if (!saysTrue && stated) return ['the statement is marked false but the lesson says it'];
      return [];
    }
    case 'cloze': {
      if (correct.length === 0) return ['a cloze question needs at least one accepted answer'];
      if (!blanked) return ['a cloze prompt needs a quoted sentence with a blank'];
      return correct.some((option) => mentions(fill(option.text), evidence))
        ? []
        : ['no accepted answer completes the evidence sentence'];
    }
    default:
      return [];
  }
}

/** "handbook.pdf, page 3, section "Passwords"" names a block that states the evidence. */
function locatedInSource(
  sourceRef: string,
  evidence: string,
  documents: readonly ParsedDocument[],
): boolean {
  for (const document of documents) {
    for (const section of document.sections) {
      for (const block of section.blocks) {
        const where = describeBlockLocation(block);
        const cited = section.sourceName ? `${section.sourceName}, ${where}` : where;
        const matches = sourceRef === cited || sourceRef.startsWith(`${cited},`);
        if (matches && mentions(block.text, evidence)) return true;
      }
    }
  }
  return false;
}

function distractorProblems(lesson: Lesson): GateProblem[] {
  const problems: GateProblem[] = [];
  for (const question of lesson.questions.filter((q) => q.kind === 'multiple_choice')) {
    const say = (message: string) =>
      problems.push({ lessonId: lesson.id, questionId: question.id, message });
    const answer = question.options.find((option) => option.correct);
    const wrong = question.options.filter((option) => !option.correct);
    if (wrong.length < 2) say('fewer than two wrong options');
    wrong.forEach((option, index) => {
      if (answer && isSameOrParaphrase(option.text, answer.text)) {
        say(`the wrong option "${option.text}" is the answer "${answer.text}" in other words`);
      }
      for (const other of wrong.slice(index + 1)) {
        if (isSameOrParaphrase(option.text, other.text)) {
          say(`the wrong options "${option.text}" and "${other.text}" are the same`);
        }
      }
    });
  }
  return problems;
}

function duplicateProblems(lessons: readonly Lesson[]): GateProblem[] {
  const questions = lessons.flatMap((lesson) =>
    lesson.questions
      .filter((question) => question.kind !== 'acknowledgement')
      .map((question) => ({ lesson, question, words: new Set(contentWords(question.prompt)) })),
  );
  const problems: GateProblem[] = [];
  questions.forEach((first, index) => {
    for (const second of questions.slice(index + 1)) {
      const shared = [...first.words].filter((word) => second.words.has(word)).length;
      const overlap = shared / Math.max(1, Math.max(first.words.size, second.words.size));
      const sameAnswer =
        first.question.kind === second.question.kind &&
        first.question.evidence !== undefined &&
        first.question.evidence === second.question.evidence &&
        correctText(first.question) === correctText(second.question);
      if (overlap >= DUPLICATE_OVERLAP || sameAnswer) {
        problems.push({
          lessonId: second.lesson.id,
          questionId: second.question.id,
          message: `asks the same as ${first.question.id}`,
        });
      }
    }
  });
  return problems;
}

const correctText = (question: Question): string =>
  question.options
    .filter((option) => option.correct)
    .map((option) => option.text)
    .join('|');

function lengthProblems(lessons: readonly Lesson[], target: number): GateProblem[] {
  const most = Math.ceil(target * MAX_LENGTH_SHARE);
  // A short document makes short lessons; only a lesson far shorter than its siblings too
  // is a bad split.
  const average = lessons.reduce((sum, l) => sum + countWords(l.body), 0) / lessons.length;
  const least = Math.floor(Math.min(target * MIN_LENGTH_SHARE, average * MIN_SIBLING_SHARE));
  return lessons.flatMap((lesson) => {
    const words = countWords(lesson.body);
    if (words > most) {
      return [{ lessonId: lesson.id, message: `${words} words is over the ${most}-word bound` }];
    }
    // A single short lesson is what a short document makes; several short ones are a split.
    if (lessons.length > 1 && words < least) {
      return [{ lessonId: lesson.id, message: `${words} words is under the ${least}-word bound` }];
    }
    if (words === 0) return [{ lessonId: lesson.id, message: 'the lesson has no text' }];
    return [];
  });
}

function kindProblems(draft: CourseDraft): GateProblem[] {
  const kind = draft.kind ?? 'training';
  return draft.lessons.flatMap((lesson): GateProblem[] => {
    const graded = lesson.questions.filter(isGraded);
    if (kind === 'training' && graded.length === 0) {
      return [{ lessonId: lesson.id, message: 'a training lesson needs a graded question' }];
    }
    if (kind === 'survey' && graded.length > 0) {
      return graded.map((question) => ({
        lessonId: lesson.id,
        questionId: question.id,
        message: 'a survey grades nothing; use ratings and open questions',
      }));
    }
    if (kind === 'communication' && !lesson.questions.some((q) => q.kind === 'acknowledgement')) {
      return [{ lessonId: lesson.id, message: 'an announcement needs an acknowledgement' }];
    }
    return [];
  });
}
