/**
 * The course model shared by authoring, the conversation engine, delivery and storage.
 * A course version is immutable once published; lessons and questions belong to one version.
 */

export const QUESTION_KINDS = ['multiple_choice', 'true_false', 'reflection', 'confidence'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface QuestionOption {
  /** Stable key used in button payloads: "a", "b", "c", ... */
  key: string;
  text: string;
  correct: boolean;
  /** Shown to the learner after choosing this option. */
  feedback: string;
}

export interface Question {
  /** Stable id within the course version, e.g. "l2-q1". */
  id: string;
  kind: QuestionKind;
  prompt: string;
  /** multiple_choice: 2-6 options; true_false: exactly True then False; others: none. */
  options: QuestionOption[];
  /** Why the correct answer is correct, quoted from the lesson where possible. */
  explanation: string;
  /** Where in the source document the answer is stated ("section 2, paragraph 3"). */
  sourceRef?: string;
}

export interface Lesson {
  /** Stable id within the course version, e.g. "l2". */
  id: string;
  position: number;
  title: string;
  /** Plain text with blank lines between paragraphs; about five minutes of reading. */
  body: string;
  mediaUrl?: string;
  questions: Question[];
}

export interface CourseDraft {
  title: string;
  description: string;
  /** BCP 47 language of the content, e.g. "en" or "es". */
  language: string;
  sourceName: string;
  lessons: Lesson[];
}

/** A confidence question is graded as neither right nor wrong; a 1-5 rating is recorded. */
export const CONFIDENCE_SCALE = [1, 2, 3, 4, 5] as const;
