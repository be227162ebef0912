/**
 * Builds a course draft from one or more documents without any network or model: the
 * documents are read, cut into lessons of about the author's reading length, and every lesson
 * gets a summary in its own sentences and questions made from them (or, for a survey or a
 * communication, ratings and acknowledgements). The same input always gives the same course.
 */
import type { CourseDraft, Lesson, Question } from '../courses/model.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import type { ParsedDocument } from './document-model.ts';
import { readGeneratorOptions } from './generator-options.ts';
import type { GenerateOptions, GeneratorSettings } from './generator-options.ts';
import { readText } from './ingestion/ingest-document.ts';
import type { DocumentFormat } from './ingestion/detect-format.ts';
import { buildTermIndex } from './key-terms.ts';
import { writeAcknowledgement, writeSurveyItems } from './kind-questions.ts';
import { detectLanguage } from './language.ts';
import type { ContentLanguage } from './language.ts';
import { writeLessonQuestions } from './lesson-questions.ts';
import { planLessons } from './lesson-planner.ts';
import type { LessonUnit } from './lesson-planner.ts';
import { summarizeLesson } from './lesson-summary.ts';
import { describeLessons } from './lesson-text.ts';
import type { LessonText } from './lesson-text.ts';
import { wordingFor } from './question-wording.ts';
import type { Wording } from './question-wording.ts';
import { writeReflection } from './quiz-questions.ts';
import type { QuizContext } from './quiz-questions.ts';
import { countWords, splitSentences } from './sentences.ts';
import { smsVariant } from './sms-variant.ts';

/** Formats a source can arrive in as a string; the others come already parsed. */
export const SOURCE_FORMATS = ['markdown', 'text', 'html'] as const;
export type SourceFormat = DocumentFormat;

export interface CourseSource {
  /** File name or title the author knows the document by; named in errors and the draft. */
  name: string;
  content: string;
  format: SourceFormat;
  /** The parsed document, required for PDF, DOCX and PPTX (see ingestDocument). */
  document?: ParsedDocument;
}

export interface OfflineCourse {
  draft: CourseDraft;
  /** The documents as read, for the quality gates to check source locations against. */
  documents: ParsedDocument[];
  warnings: string[];
}

// A sentence shorter than this ("Contacts", "See below.") teaches nothing on its own.
const MIN_USABLE_WORDS = 4;

/**
 * @example
 *   const result = generateCourse({ name: 'forklift.md', content, format: 'markdown' });
 *   if (result.ok) console.log(result.value.lessons.length);
 */
export function generateCourse(
  source: CourseSource | readonly CourseSource[],
  options: GenerateOptions = {},
): Result<CourseDraft, string> {
  const generated = generateOfflineCourse(Array.isArray(source) ? source : [source], options);
  return generated.ok ? ok(generated.value.draft) : generated;
}

/** A course cut into lessons, before any question is written: what every generator starts from. */
export interface PreparedCourse {
  document: ParsedDocument;
  documents: ParsedDocument[];
  sourceName: string;
  language: ContentLanguage;
  settings: GeneratorSettings;
  wording: Wording;
  texts: LessonText[];
  context: QuizContext;
  totalWords: number;
}

export function generateOfflineCourse(
  sources: readonly CourseSource[],
  options: GenerateOptions = {},
): Result<OfflineCourse, string> {
  const prepared = prepareCourse(sources, options);
  return prepared.ok ? ok(buildCourse(prepared.value)) : prepared;
}

/** Reads the sources, checks the options and plans the lessons. */
export function prepareCourse(
  sources: readonly CourseSource[],
  options: GenerateOptions = {},
): Result<PreparedCourse, string> {
  const sourceName = sources.map((source) => source.name).join(', ') || 'no document';
  const settings = readGeneratorOptions(sourceName, options);
  if (!settings.ok) return settings;
  const cannot = (reason: string): Result<never, string> =>
    err(`Cannot generate a course from "${sourceName}": ${reason}`);
  if (sources.length === 0) return cannot('no document was given.');

  const documents: ParsedDocument[] = [];
  for (const source of sources) {
    const read = readSource(source);
    if (!read.ok) return cannot(read.error);
    documents.push(read.value);
  }

  const document = mergeDocuments(documents, sources);
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
  const wording = wordingFor(language, settings.value.tone);
  const planned = planLessons(document, {
    targetWords: settings.value.lessonMinutes * settings.value.wordsPerMinute,
    maxLessons: settings.value.maxLessons,
    lessonCount: settings.value.lessonCount,
  });
  const texts = describeLessons(document, mergeGroupsWithoutProse(planned), wording);
  return ok({
    document,
    // Source locations of a merged course name their file, so the gates check the merged one.
    documents: documents.length > 1 ? [document] : documents,
    sourceName,
    language,
    settings: settings.value,
    wording,
    texts,
    context: { terms: buildTermIndex(sentences), wording },
    totalWords: texts.reduce((sum, text) => sum + text.words, 0),
  });
}

function readSource(source: CourseSource): Result<ParsedDocument, string> {
  if (source.document) return ok(source.document);
  if (!(SOURCE_FORMATS as readonly string[]).includes(source.format)) {
    return err(
      `the format "${String(source.format)}" cannot be read from text; use "markdown", ` +
        '"text" or "html", or read the file with readSourceFile.',
    );
  }
  if (source.content.trim() === '') return err('the document is empty.');
  return ok(readText(source.format as 'markdown' | 'text' | 'html', source.content, source.name));
}

/** Several files make one course: their sections follow one another, each naming its file. */
function mergeDocuments(
  documents: readonly ParsedDocument[],
  sources: readonly CourseSource[],
): ParsedDocument {
  const [first] = documents;
  if (documents.length === 1 && first) return first;
  return {
    title: first?.title ?? 'Untitled course',
    sections: documents.flatMap((document, index) =>
      document.sections.map((section) => ({ ...section, sourceName: sources[index]?.name })),
    ),
  };
}

function buildCourse(prepared: PreparedCourse): OfflineCourse {
  const { document, documents, sourceName, language, settings, texts, context } = prepared;
  const lessons = writeLessons(texts, document.title, context, settings);
  addSmsVariants(lessons, settings, language);
  const warnings = planWarnings(prepared, lessons.length);
  if (isTranslated(settings, language)) {
    warnings.push(
      `The course is in the document's language (${language}), not ${settings.outputLanguage}: ` +
        "the offline generator only uses the document's own sentences. Configure an LLM " +
        'provider to generate it in another language.',
    );
  }
  return {
    draft: {
      title: document.title,
      description: describeCourse(prepared, lessons.length),
      language,
      sourceName,
      kind: settings.kind,
      lessons,
    },
    documents,
    warnings,
  };
}

export function addSmsVariants(
  lessons: Lesson[],
  settings: GeneratorSettings,
  language: string,
): void {
  if (settings.smsSegments === undefined) return;
  for (const lesson of lessons) {
    lesson.smsBody = smsVariant(lesson, {
      lessonCount: lessons.length,
      segments: settings.smsSegments,
      locale: language,
    });
  }
}

/** True when the author asked for a language other than the document's. */
export function isTranslated(settings: GeneratorSettings, language: string): boolean {
  const wanted = settings.outputLanguage?.toLowerCase().split('-')[0];
  return wanted !== undefined && wanted !== language;
}

export function describeCourse(prepared: PreparedCourse, lessonCount: number): string {
  return prepared.wording.description(
    lessonCount,
    Math.max(1, Math.round(prepared.totalWords / prepared.settings.wordsPerMinute)),
    prepared.sourceName,
    prepared.settings.audience,
  );
}

export function planWarnings(prepared: PreparedCourse, lessonCount: number): string[] {
  const { settings } = prepared;
  const warnings: string[] = [];
  if (settings.lessonCount !== undefined && lessonCount !== settings.lessonCount) {
    warnings.push(
      `${lessonCount} lessons instead of the ${settings.lessonCount} asked for: the ` +
        'document does not have enough separate parts.',
    );
  }
  return warnings;
}

export function writeLessons(
  texts: readonly LessonText[],
  courseTitle: string,
  shared: QuizContext,
  settings: GeneratorSettings,
): Lesson[] {
  const context: QuizContext = { ...shared, asked: new Set<string>() };
  let statementFalse = false;
  const lessons = texts.map((text, index): Lesson => {
    const id = `l${index + 1}`;
    let questions: Question[];
    if (settings.kind === 'survey') {
      questions = writeSurveyItems(
        id,
        text.title,
        settings.questionsPerLesson,
        context.wording,
        settings.role,
      );
    } else if (settings.kind === 'communication') {
      questions = [writeAcknowledgement(id, context.wording)];
    } else {
      const written = writeLessonQuestions(
        id,
        text.sentences,
        settings.questionsPerLesson,
        statementFalse,
        context,
        text.steps,
      );
      statementFalse = written.nextStatementFalse;
      questions = written.questions;
    }
    return {
      id,
      position: index + 1,
      title: text.title,
      body: text.body,
      summary: summarizeLesson(text.sentences, context.terms),
      questions,
    };
  });

  if (settings.kind === 'training')
    addClosingReflection(lessons, courseTitle, context.wording, settings);
  return lessons;
}

function addClosingReflection(
  lessons: Lesson[],
  courseTitle: string,
  wording: Wording,
  settings: GeneratorSettings,
): void {
  const last = lessons.at(-1);
  last?.questions.push(
    writeReflection(
      `${last.id}-q${last.questions.length + 1}`,
      courseTitle,
      wording,
      settings.role,
    ),
  );
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
