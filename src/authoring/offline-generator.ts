/**
 * Builds a course draft from a Markdown or plain-text document without any network or model:
 * the document is read, cut into lessons of about five minutes of reading, and every lesson
 * gets questions made from its own sentences. The same input always gives the same course.
 */
import type { CourseDraft, Lesson } from '../courses/model.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import type { ParsedDocument } from './document-model.ts';
import { readGeneratorOptions } from './generator-options.ts';
import type { GenerateOptions } from './generator-options.ts';
import { buildTermIndex } from './key-terms.ts';
import { detectLanguage } from './language.ts';
import { writeLessonQuestions } from './lesson-questions.ts';
import { planLessons } from './lesson-planner.ts';
import type { LessonUnit } from './lesson-planner.ts';
import { describeLessons } from './lesson-text.ts';
import { readMarkdown } from './markdown-reader.ts';
import { readPlainText } from './plain-text-reader.ts';
import { wordingFor } from './question-wording.ts';
import { writeReflection } from './quiz-questions.ts';
import { countWords, splitSentences } from './sentences.ts';

export const SOURCE_FORMATS = ['markdown', 'text'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface CourseSource {
  /** File name or title the author knows the document by; named in errors and the draft. */
  name: string;
  content: string;
  format: SourceFormat;
}

// A sentence shorter than this ("Contacts", "See below.") teaches nothing on its own.
const MIN_USABLE_WORDS = 4;

/**
 * @example
 *   const result = generateCourse({ name: 'forklift.md', content, format: 'markdown' });
 *   if (result.ok) console.log(result.value.lessons.length);
 */
export function generateCourse(
  source: CourseSource,
  options: GenerateOptions = {},
): Result<CourseDraft, string> {
  const settings = readGeneratorOptions(source.name, options);
  if (!settings.ok) return settings;
  const { lessonMinutes, wordsPerMinute, maxLessons, questionsPerLesson } = settings.value;

  const cannot = (reason: string): Result<never, string> =>
    err(`Cannot generate a course from "${source.name}": ${reason}`);
  if (!(SOURCE_FORMATS as readonly string[]).includes(source.format)) {
    return cannot(
      `the format "${String(source.format)}" is not supported; use "markdown" or "text".`,
    );
  }
  if (source.content.trim() === '') return cannot('the document is empty.');

  const document = readDocument(source);
  const sentences = document.sections.flatMap((section) =>
    section.blocks.flatMap((block) => splitSentences(block.text)),
  );
  if (!sentences.some(isUsableSentence)) {
    return cannot(
      'no readable sentences are left once code, headings and markup are removed. ' +
        'Add paragraphs of prose and try again.',
    );
  }

  const language = detectLanguage(sentences.join(' '));
  const wording = wordingFor(language);
  const planned = planLessons(document, {
    targetWords: lessonMinutes * wordsPerMinute,
    maxLessons,
  });
  const texts = describeLessons(document, mergeGroupsWithoutProse(planned), wording);
  const context = { terms: buildTermIndex(sentences), wording };

  let statementFalse = false;
  const lessons: Lesson[] = texts.map((text, index) => {
    const id = `l${index + 1}`;
    const written = writeLessonQuestions(
      id,
      text.sentences,
      questionsPerLesson,
      statementFalse,
      context,
    );
    statementFalse = written.nextStatementFalse;
    return {
      id,
      position: index + 1,
      title: text.title,
      body: text.body,
      questions: written.questions,
    };
  });

  const last = lessons.at(-1);
  last?.questions.push(
    writeReflection(`${last.id}-q${last.questions.length + 1}`, document.title, wording),
  );

  const totalWords = texts.reduce((sum, text) => sum + text.words, 0);
  return ok({
    title: document.title,
    description: wording.description(
      lessons.length,
      Math.max(1, Math.round(totalWords / wordsPerMinute)),
      source.name,
    ),
    language,
    sourceName: source.name,
    lessons,
  });
}

function readDocument(source: CourseSource): ParsedDocument {
  return source.format === 'markdown'
    ? readMarkdown(source.content, source.name)
    : readPlainText(source.content, source.name);
}

function isUsableSentence(sentence: string): boolean {
  return countWords(sentence) >= MIN_USABLE_WORDS && /\p{L}/u.test(sentence);
}

/** A lesson of fragments only ("Policy owner: Legal") has nothing to ask; it joins a neighbour. */
function mergeGroupsWithoutProse(groups: readonly LessonUnit[][]): LessonUnit[][] {
  const hasProse = (group: readonly LessonUnit[]): boolean =>
    group.some((unit) => splitSentences(unit.block.text).some(isUsableSentence));

  const merged: LessonUnit[][] = [];
  let carried: LessonUnit[] = [];
  for (const group of groups) {
    const combined = [...carried, ...group];
    if (hasProse(combined)) {
      merged.push(combined);
      carried = [];
    } else {
      carried = combined;
    }
  }

  const last = merged.at(-1);
  if (carried.length > 0 && last) last.push(...carried);
  return merged;
}
