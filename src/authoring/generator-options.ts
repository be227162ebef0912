/**
 * The knobs an author controls, checked once and filled with defaults. Reading speed and
 * lesson length follow common guidance for adult readers (about 200 words a minute,
 * five-minute micro-lessons); announcements and surveys default to shorter items.
 */
import { COURSE_KINDS } from '../courses/model.ts';
import type { CourseKind } from '../courses/model.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { MAX_QUESTIONS_PER_LESSON } from './lesson-questions.ts';
import { TONES } from './question-wording.ts';
import type { Tone } from './question-wording.ts';

export interface GenerateOptions {
  /** training (default), survey or communication. */
  kind?: CourseKind;
  /** Reading time each lesson aims for; default 5 (survey 2, communication 1). */
  lessonMinutes?: number;
  /** Upper bound on the number of lessons; longer documents get longer lessons. Default 30. */
  maxLessons?: number;
  /** Exactly this many lessons, when the document has enough parts. */
  lessonCount?: number;
  /** Questions drawn from each lesson's text, 1-5; default 2. */
  questionsPerLesson?: number;
  /** Default 200. */
  wordsPerMinute?: number;
  /** Who the course is for ("warehouse staff"); named in the description. */
  audience?: string;
  /** The learners' role ("forklift operator"); used in reflection and survey prompts. */
  role?: string;
  tone?: Tone;
  /** BCP 47 language the course should be written in; the offline generator cannot translate. */
  outputLanguage?: string;
  /** Make an SMS version of each lesson that fits this many segments. */
  smsSegments?: number;
}

export interface GeneratorSettings {
  kind: CourseKind;
  lessonMinutes: number;
  maxLessons: number;
  lessonCount?: number;
  questionsPerLesson: number;
  wordsPerMinute: number;
  audience?: string;
  role?: string;
  tone: Tone;
  outputLanguage?: string;
  smsSegments?: number;
}

const LESSON_MINUTES: Record<CourseKind, number> = { training: 5, survey: 2, communication: 1 };
const MAX_SMS_SEGMENTS = 10;

export function readGeneratorOptions(
  sourceName: string,
  options: GenerateOptions,
): Result<GeneratorSettings, string> {
  const given = definedOnly(options);
  const kind = given.kind ?? 'training';
  const settings: GeneratorSettings = {
    lessonMinutes: LESSON_MINUTES[kind] ?? 5,
    maxLessons: 30,
    questionsPerLesson: 2,
    wordsPerMinute: 200,
    tone: 'neutral',
    ...given,
    kind,
  };
  const problem = (detail: string): Result<never, string> =>
    err(`Cannot generate a course from "${sourceName}": ${detail}`);

  if (!(COURSE_KINDS as readonly string[]).includes(settings.kind)) {
    return problem(`kind must be one of ${COURSE_KINDS.join(', ')}, got "${settings.kind}".`);
  }
  if (!(TONES as readonly string[]).includes(settings.tone)) {
    return problem(`tone must be one of ${TONES.join(', ')}, got "${settings.tone}".`);
  }
  for (const key of ['lessonMinutes', 'wordsPerMinute'] as const) {
    const value = settings[key];
    if (!Number.isFinite(value) || value <= 0) {
      return problem(`${key} must be a positive number, got ${value}.`);
    }
  }
  for (const key of ['maxLessons', 'lessonCount'] as const) {
    const value = settings[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      return problem(`${key} must be a whole number of at least 1, got ${value}.`);
    }
  }
  const questions = settings.questionsPerLesson;
  if (!Number.isInteger(questions) || questions < 1 || questions > MAX_QUESTIONS_PER_LESSON) {
    return problem(
      `questionsPerLesson must be a whole number from 1 to ${MAX_QUESTIONS_PER_LESSON}, ` +
        `got ${questions}.`,
    );
  }
  const segments = settings.smsSegments;
  if (
    segments !== undefined &&
    (!Number.isInteger(segments) || segments < 1 || segments > MAX_SMS_SEGMENTS)
  ) {
    return problem(
      `smsSegments must be a whole number from 1 to ${MAX_SMS_SEGMENTS}, got ${segments}.`,
    );
  }
  return ok(settings);
}

function definedOnly(options: GenerateOptions): GenerateOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined && value !== ''),
  );
}
