/**
 * Writes a course with a language model, one lesson at a time: the document is first cut into
 * lessons exactly as offline (so long documents are chunked by the same planner), each
 * lesson's source text goes to the model with the author's options, and the JSON that comes
 * back is validated. An invalid answer is sent back once with its problems listed; if it is
 * still invalid, or the model cannot be reached, the caller falls back to the offline
 * generator. Tokens are counted across every attempt, including failed ones.
 */
import type { CourseDraft, Lesson, Question } from '../../courses/model.ts';
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import { sourceRefFor } from '../key-sentences.ts';
import type { LessonSentence } from '../key-sentences.ts';
import { writeAcknowledgement, writeSurveyItems } from '../kind-questions.ts';
import { LANGUAGE_NAMES } from '../language.ts';
import type { ContentLanguage } from '../language.ts';
import type { LessonText } from '../lesson-text.ts';
import { describeCourse, isTranslated } from '../offline-generator.ts';
import type { PreparedCourse } from '../offline-generator.ts';
import { writeReflection } from '../quiz-questions.ts';
import { mentions } from '../term-text.ts';
import { LLM_LESSON_JSON_SCHEMA, validateLlmLesson } from './lesson-output.ts';
import type { LlmLesson, LlmQuestion } from './lesson-output.ts';
import type { LlmMessage, LlmProvider, TokenUsage } from './llm-provider.ts';
import { fillPrompt, loadPrompt } from './prompt-template.ts';

export const LESSON_PROMPT = 'lesson-v1';
const DEFAULT_ATTEMPTS = 2;
const OUTPUT_TOKENS = 4096;

export interface LlmRun {
  usage: TokenUsage;
  requests: number;
  promptVersion: string;
}

export interface LlmCourse extends LlmRun {
  draft: CourseDraft;
}

export interface LlmFailure extends LlmRun {
  reason: string;
}

export interface LlmGenerationOptions {
  provider: LlmProvider;
  /** Tries per lesson, the first included; default 2 (one retry with the problems). */
  maxAttempts?: number;
  onLesson?: (done: number, total: number) => void;
}

export async function generateWithLlm(
  prepared: PreparedCourse,
  options: LlmGenerationOptions,
): Promise<Result<LlmCourse, LlmFailure>> {
  const prompt = loadPrompt(LESSON_PROMPT);
  const run: LlmRun = {
    usage: { inputTokens: 0, outputTokens: 0 },
    requests: 0,
    promptVersion: prompt.version,
  };
  const { settings, texts } = prepared;
  const language = settings.outputLanguage ?? prepared.language;

  const lessons: Lesson[] = [];
  for (const [index, text] of texts.entries()) {
    const id = `l${index + 1}`;
    const written = await writeLesson(prepared, text, index, prompt, run, options);
    if (!written.ok) return err({ ...run, reason: `lesson ${index + 1}: ${written.error}` });
    lessons.push(toLesson(id, index, written.value, text, prepared));
    options.onLesson?.(index + 1, texts.length);
  }

  const last = lessons.at(-1);
  if (settings.kind === 'training' && last) {
    last.questions.push(
      writeReflection(
        `${last.id}-q${last.questions.length + 1}`,
        prepared.document.title,
        prepared.wording,
        settings.role,
      ),
    );
  }
  return ok({
    ...run,
    draft: {
      title: prepared.document.title,
      description: describeCourse(prepared, lessons.length),
      language,
      sourceName: prepared.sourceName,
      kind: settings.kind,
      lessons,
    },
  });
}

async function writeLesson(
  prepared: PreparedCourse,
  text: LessonText,
  index: number,
  prompt: ReturnType<typeof loadPrompt>,
  run: LlmRun,
  options: LlmGenerationOptions,
): Promise<Result<LlmLesson, string>> {
  const { settings } = prepared;
  const questionCount = settings.kind === 'training' ? settings.questionsPerLesson : 0;
  const outputLanguage = settings.outputLanguage ?? prepared.language;
  const values = {
    lessonWords: String(Math.round(settings.lessonMinutes * settings.wordsPerMinute)),
    outputLanguage: LANGUAGE_NAMES[outputLanguage as ContentLanguage] ?? outputLanguage,
    audience: settings.audience ?? 'employees',
    tone: settings.tone,
    questionCount: String(questionCount),
    questionKinds:
      questionCount === 0
        ? 'none: leave "questions" empty'
        : 'multiple_choice first, then true_false, then cloze, repeating in that order',
    courseTitle: prepared.document.title,
    kind: settings.kind,
    role: settings.role ?? 'not given',
    position: String(index + 1),
    lessonCount: String(prepared.texts.length),
    sourceTitle: text.title,
    source: text.body,
  };
  const system = fillPrompt(prompt.system, values);
  const messages: LlmMessage[] = [{ role: 'user', content: fillPrompt(prompt.user, values) }];
  const attempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;

  let problems: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const answer = await options.provider.complete({
      system,
      messages,
      schema: LLM_LESSON_JSON_SCHEMA,
      schemaName: 'write_lesson',
      maxTokens: OUTPUT_TOKENS,
    });
    run.requests += 1;
    if (!answer.ok) return err(answer.error);
    run.usage.inputTokens += answer.value.usage.inputTokens;
    run.usage.outputTokens += answer.value.usage.outputTokens;

    const checked = validateLlmLesson(answer.value.text, {
      source: text.body,
      questionCount,
      bodyQuotesEvidence: !isTranslated(settings, prepared.language),
    });
    if (checked.ok) return ok(checked.lesson);
    problems = checked.problems;
    messages.push(
      { role: 'assistant', content: answer.value.text },
      {
        role: 'user',
        content:
          'Your lesson has these problems:\n' +
          problems.map((problem) => `- ${problem}`).join('\n') +
          '\nWrite the whole lesson again with every problem fixed.',
      },
    );
  }
  return err(
    `the model's answer was still invalid after ${attempts} attempts (${problems.join('; ')})`,
  );
}

function toLesson(
  id: string,
  index: number,
  written: LlmLesson,
  text: LessonText,
  prepared: PreparedCourse,
): Lesson {
  const { settings, wording } = prepared;
  const questions: Question[] =
    settings.kind === 'survey'
      ? writeSurveyItems(id, written.title, settings.questionsPerLesson, wording, settings.role)
      : settings.kind === 'communication'
        ? [writeAcknowledgement(id, wording)]
        : written.questions.map((question, position) =>
            toQuestion(`${id}-q${position + 1}`, question, text.sentences, prepared),
          );
  return {
    id,
    position: index + 1,
    title: written.title,
    body: written.body.trim(),
    summary: written.summary.trim(),
    questions,
  };
}

function toQuestion(
  id: string,
  question: LlmQuestion,
  sentences: readonly LessonSentence[],
  prepared: PreparedCourse,
): Question {
  const located = sentences.find(
    (sentence) =>
      mentions(sentence.text, question.evidence) || mentions(question.evidence, sentence.text),
  );
  const labels = [prepared.wording.trueLabel, prepared.wording.falseLabel];
  return {
    id,
    kind: question.kind,
    prompt: question.prompt,
    options: question.options.map((option, position) => ({
      key: 'abcdef'.charAt(position),
      text: question.kind === 'true_false' ? (labels[position] ?? option.text) : option.text,
      correct: option.correct,
      feedback: option.feedback,
    })),
    explanation: question.explanation,
    ...(located ? { sourceRef: sourceRefFor(located) } : {}),
    evidence: question.evidence,
  };
}
