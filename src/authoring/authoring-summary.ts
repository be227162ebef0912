/**
 * What an author reads after generating a course: its lessons with their length and
 * questions, the quality gates passed and failed, the reading level, how it was generated and
 * what it cost, and any warning. The same summary prints as text or JSON.
 */
import type { CourseDraft, QuestionKind } from '../courses/model.ts';
import type { GenerationRecord } from './author-course.ts';
import type { QualityReport } from './quality/quality-gates.ts';

export interface CourseSummary {
  title: string;
  kind: string;
  language: string;
  source: string;
  status: QualityReport['status'];
  lessons: Array<{
    id: string;
    title: string;
    words: number;
    minutes: number;
    questions: Partial<Record<QuestionKind, number>>;
    smsCharacters?: number;
  }>;
  questions: number;
  gates: Array<{ gate: string; passed: boolean; problems: string[] }>;
  readingLevel: QualityReport['readingLevel'];
  generation: GenerationRecord;
  warnings: string[];
}

export function summarizeCourse(input: {
  draft: CourseDraft;
  quality: QualityReport;
  generation: GenerationRecord;
  warnings: readonly string[];
}): CourseSummary {
  const { draft, quality } = input;
  return {
    title: draft.title,
    kind: draft.kind ?? 'training',
    language: draft.language,
    source: draft.sourceName,
    status: quality.status,
    lessons: draft.lessons.map((lesson) => {
      const measured = quality.lessons.find((entry) => entry.lessonId === lesson.id);
      const questions: Partial<Record<QuestionKind, number>> = {};
      for (const question of lesson.questions) {
        questions[question.kind] = (questions[question.kind] ?? 0) + 1;
      }
      return {
        id: lesson.id,
        title: lesson.title,
        words: measured?.words ?? 0,
        minutes: measured?.minutes ?? 0,
        questions,
        ...(lesson.smsBody === undefined ? {} : { smsCharacters: lesson.smsBody.length }),
      };
    }),
    questions: draft.lessons.reduce((sum, lesson) => sum + lesson.questions.length, 0),
    gates: quality.gates.map((gate) => ({
      gate: gate.gate,
      passed: gate.passed,
      problems: gate.problems.map(
        (problem) => `${problem.questionId ?? problem.lessonId}: ${problem.message}`,
      ),
    })),
    readingLevel: quality.readingLevel,
    generation: input.generation,
    warnings: [...input.warnings],
  };
}

export function formatCourseSummary(summary: CourseSummary): string {
  const lines = [
    `${summary.title} (${summary.kind}, ${summary.language}) from ${summary.source}`,
    `Generated ${describeGeneration(summary.generation)}`,
    `${summary.lessons.length} lessons, ${summary.questions} questions:`,
    ...summary.lessons.map((lesson, index) => {
      const kinds = Object.entries(lesson.questions)
        .map(([kind, count]) => `${count} ${kind.replace('_', ' ')}`)
        .join(', ');
      const sms = lesson.smsCharacters === undefined ? '' : `, SMS ${lesson.smsCharacters} chars`;
      return (
        `  ${index + 1}. ${lesson.title}: ${lesson.words} words (${lesson.minutes} min)` +
        `${sms}; ${kinds || 'no questions'}`
      );
    }),
    `Quality gates: ${summary.status === 'ready' ? 'all passed' : 'FAILED, marked for review'}`,
    ...summary.gates.flatMap((gate) => [
      `  ${gate.passed ? 'pass' : 'FAIL'} ${gate.gate}`,
      ...gate.problems.slice(0, 5).map((problem) => `       ${problem}`),
      ...(gate.problems.length > 5 ? [`       ... and ${gate.problems.length - 5} more`] : []),
    ]),
    `Reading level: ${describeLevel(summary.readingLevel)}`,
    ...(summary.warnings.length > 0
      ? ['Warnings:', ...summary.warnings.map((warning) => `  - ${warning}`)]
      : []),
  ];
  return lines.join('\n');
}

function describeGeneration(generation: GenerationRecord): string {
  const tokens = `${generation.usage.inputTokens} input + ${generation.usage.outputTokens} output tokens`;
  const cost =
    generation.estimatedCostUsd === null
      ? 'cost unknown for this model'
      : `about $${generation.estimatedCostUsd.toFixed(4)}`;
  if (generation.generator === 'llm') {
    return (
      `by ${generation.provider} ${generation.model} (prompt ${generation.promptVersion}): ` +
      `${generation.requests} requests, ${tokens}, ${cost}`
    );
  }
  if (generation.fallbackReason) {
    return `offline after ${generation.model} failed: ${generation.requests} requests, ${tokens}, ${cost}`;
  }
  return 'offline (deterministic, no model)';
}

function describeLevel(level: QualityReport['readingLevel']): string {
  if (level.ease === undefined) return `${level.wordsPerSentence} words per sentence`;
  const grade = level.grade === undefined ? '' : `, grade ${level.grade}`;
  return (
    `${level.label} (${level.formula} ${level.ease}${grade}; ` +
    `${level.wordsPerSentence} words per sentence)`
  );
}
