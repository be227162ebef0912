/**
 * The knobs of the offline course generator, checked once and filled with defaults. Reading
 * speed and lesson length follow common guidance for adult readers (about 200 words a minute,
 * five-minute micro-lessons).
 */
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';

export interface GenerateOptions {
  /** Reading time each lesson aims for; default 5. */
  lessonMinutes?: number;
  /** Upper bound on the number of lessons; longer documents get longer lessons. Default 20. */
  maxLessons?: number;
  /** Questions drawn from each lesson's text, 1-3; default 2. */
  questionsPerLesson?: number;
  /** Default 200. */
  wordsPerMinute?: number;
}

export type GeneratorSettings = Required<GenerateOptions>;

const DEFAULTS: GeneratorSettings = {
  lessonMinutes: 5,
  maxLessons: 20,
  questionsPerLesson: 2,
  wordsPerMinute: 200,
};

export function readGeneratorOptions(
  sourceName: string,
  options: GenerateOptions,
): Result<GeneratorSettings, string> {
  const settings: GeneratorSettings = { ...DEFAULTS, ...definedOnly(options) };
  const problem = (detail: string): Result<never, string> =>
    err(`Cannot generate a course from "${sourceName}": ${detail}`);

  for (const key of ['lessonMinutes', 'wordsPerMinute'] as const) {
    const value = settings[key];
    if (!Number.isFinite(value) || value <= 0) {
      return problem(`${key} must be a positive number, got ${value}.`);
    }
  }
  if (!Number.isInteger(settings.maxLessons) || settings.maxLessons < 1) {
    return problem(`maxLessons must be a whole number of at least 1, got ${settings.maxLessons}.`);
  }
  const questions = settings.questionsPerLesson;
  if (!Number.isInteger(questions) || questions < 1 || questions > 3) {
    return problem(`questionsPerLesson must be 1, 2 or 3, got ${questions}.`);
  }
  return ok(settings);
}

function definedOnly(options: GenerateOptions): GenerateOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
