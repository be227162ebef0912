/**
 * The JSON a model must answer with for one lesson, and every check it must pass before its
 * lesson is used: the shape (zod), then the rules a schema cannot say — evidence quoted word
 * for word from the source and the body, the right number of options and one right answer,
 * no wrong option that rewords the right one, no question asked twice.
 */
import { z } from 'zod';
import { isSameOrParaphrase, normaliseAnswer } from '../quality/answer-text.ts';
import { mentions } from '../term-text.ts';

const LlmOptionSchema = z.object({
  text: z.string().min(1),
  correct: z.boolean(),
  feedback: z.string(),
});

const LlmQuestionSchema = z.object({
  kind: z.enum(['multiple_choice', 'true_false', 'cloze']),
  prompt: z.string().min(5),
  options: z.array(LlmOptionSchema).min(1),
  evidence: z.string().min(8),
  explanation: z.string(),
});

export const LlmLessonSchema = z.object({
  title: z.string().min(2).max(120),
  body: z.string().min(20),
  summary: z.string().min(8),
  questions: z.array(LlmQuestionSchema),
});

export type LlmLesson = z.infer<typeof LlmLessonSchema>;
export type LlmQuestion = z.infer<typeof LlmQuestionSchema>;

export const LLM_LESSON_JSON_SCHEMA = z.toJSONSchema(LlmLessonSchema) as Record<string, unknown>;

export interface LessonExpectations {
  source: string;
  questionCount: number;
  /** False when the lesson is written in another language than its source. */
  bodyQuotesEvidence: boolean;
}

/** The lesson, or every problem found, each phrased so the model can fix it. */
export function validateLlmLesson(
  text: string,
  expected: LessonExpectations,
): { ok: true; lesson: LlmLesson } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`the answer is not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = LlmLessonSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'the answer'}: ${issue.message}`,
      ),
    };
  }

  const lesson = parsed.data;
  const problems: string[] = [];
  if (lesson.questions.length !== expected.questionCount) {
    problems.push(
      `write exactly ${expected.questionCount} questions, not ${lesson.questions.length}`,
    );
  }
  if (!mentions(expected.source, lesson.summary.split(/(?<=[.!?])\s+/)[0] ?? '')) {
    problems.push('summary: copy its sentences word for word from the source text');
  }
  const prompts = new Set<string>();
  lesson.questions.forEach((question, index) => {
    const at = `questions.${index}`;
    if (!mentions(expected.source, question.evidence)) {
      problems.push(`${at}.evidence: not found in the source text; copy one sentence exactly`);
    }
    if (expected.bodyQuotesEvidence && !mentions(lesson.body, question.evidence)) {
      problems.push(`${at}.evidence: the body must contain this sentence word for word`);
    }
    const key = normaliseAnswer(question.prompt);
    if (prompts.has(key)) problems.push(`${at}.prompt: the same question is asked twice`);
    prompts.add(key);
    problems.push(...optionProblems(question).map((problem) => `${at}.options: ${problem}`));
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lesson };
}

function optionProblems(question: LlmQuestion): string[] {
  const right = question.options.filter((option) => option.correct);
  const wrong = question.options.filter((option) => !option.correct);
  switch (question.kind) {
    case 'multiple_choice': {
      const problems: string[] = [];
      if (question.options.length < 3 || question.options.length > 4) {
        problems.push('a multiple-choice question needs 3 or 4 options');
      }
      if (right.length !== 1) problems.push('exactly one option must be correct');
      const [answer] = right;
      for (const option of wrong) {
        if (answer && isSameOrParaphrase(option.text, answer.text)) {
          problems.push(`"${option.text}" rewords the right answer "${answer.text}"`);
        }
      }
      return problems;
    }
    case 'true_false':
      return question.options.length === 2 && right.length === 1
        ? []
        : ['a true/false question needs exactly two options, "True" then "False", one correct'];
    case 'cloze':
      if (!/_{3,}/.test(question.prompt)) return ['a cloze prompt needs a "_____" blank'];
      return wrong.length === 0 ? [] : ['every option of a cloze is an accepted answer'];
  }
}
