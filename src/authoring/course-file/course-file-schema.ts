/**
 * The portable course file, as data: field names are snake_case for people editing it by
 * hand, and unknown fields are errors, so a typo ("promt") is caught instead of dropped.
 */
import { z } from 'zod';
import { COURSE_KINDS, QUESTION_KINDS } from '../../courses/model.ts';

export const COURSE_FILE_FORMAT = 'inflow-course/1';

const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : what;
const text = z.string({ error: required('must be text') });

export const OptionSchema = z.strictObject({
  key: text.regex(/^[a-z0-9]{1,3}$/, 'must be a short lower-case key such as a, b or c'),
  text: text.min(1, 'must not be empty'),
  correct: z.boolean({ error: required('must be true or false') }),
  feedback: text.optional(),
});

export const QuestionSchema = z.strictObject({
  id: text.min(1, 'must not be empty'),
  kind: z.enum(QUESTION_KINDS, { error: `must be one of ${QUESTION_KINDS.join(', ')}` }),
  prompt: text.min(1, 'must not be empty'),
  options: z.array(OptionSchema).optional(),
  explanation: text.optional(),
  source: text.optional(),
  evidence: text.optional(),
});

/** The lesson as written for one role: sent to learners whose job title is `role`. */
export const VariantSchema = z.strictObject({
  role: text.trim().min(1, 'must not be empty; write the job title, e.g. "forklift driver"'),
  title: text.min(1, 'must not be empty'),
  body: text.min(1, 'must not be empty'),
});

export const LessonSchema = z.strictObject({
  id: text.min(1, 'must not be empty'),
  title: text.min(1, 'must not be empty'),
  summary: text.optional(),
  sms: text.optional(),
  media_url: text.optional(),
  body: text.min(1, 'must not be empty'),
  variants: z.array(VariantSchema).optional(),
  questions: z.array(QuestionSchema).optional(),
});

const flag = z.boolean({ error: required('must be true or false') });

/** How the course adapts to each learner; an option left out is false. */
export const PathSchema = z.strictObject(
  {
    wait_for_answer: flag.optional(),
    pre_assessment: flag.optional(),
  },
  { error: 'must be a map such as { wait_for_answer: true, pre_assessment: false }' },
);

export const CourseFileSchema = z.strictObject({
  format: z.literal(COURSE_FILE_FORMAT, { error: `must be "${COURSE_FILE_FORMAT}"` }),
  title: text.min(1, 'must not be empty'),
  description: text.optional(),
  kind: z.enum(COURSE_KINDS, { error: `must be one of ${COURSE_KINDS.join(', ')}` }).optional(),
  language: text.min(2, 'must be a language code such as en or es'),
  source: text.optional(),
  path: PathSchema.optional(),
  lessons: z.array(LessonSchema).min(1, 'a course needs at least one lesson'),
});

export type CourseFile = z.infer<typeof CourseFileSchema>;
export type CourseFileQuestion = z.infer<typeof QuestionSchema>;
