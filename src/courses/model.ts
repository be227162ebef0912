/**
 * The course model shared by authoring, the conversation engine, delivery and storage.
 * A course version is immutable once published; lessons and questions belong to one version.
 */

/**
 * multiple_choice and true_false are chosen from options; cloze is answered by typing the
 * missing words; reflection and rating (1-5) are recorded, never graded; confidence is a 1-5
 * self-rating; acknowledgement asks only for an "OK" to an announcement.
 */
export const QUESTION_KINDS = [
  'multiple_choice',
  'true_false',
  'reflection',
  'confidence',
  'cloze',
  'acknowledgement',
  'rating',
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Kinds whose answers are right or wrong; the others are recorded as given. */
export const GRADED_QUESTION_KINDS: readonly QuestionKind[] = [
  'multiple_choice',
  'true_false',
  'cloze',
];

/**
 * training: lessons with graded questions; survey: ratings and open answers, nothing graded;
 * communication: announcements that ask only for an acknowledgement.
 */
export const COURSE_KINDS = ['training', 'survey', 'communication'] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

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
  /**
   * multiple_choice: 2-6 options; true_false: exactly True then False; cloze: the accepted
   * answers, all correct; acknowledgement: the one option to confirm; others: none.
   */
  options: QuestionOption[];
  /** Why the correct answer is correct, quoted from the lesson where possible. */
  explanation: string;
  /** Where in the source document the answer is stated ("page 3, section \"Passwords\""). */
  sourceRef?: string;
  /** The sentence of the source the answer rests on, word for word. */
  evidence?: string;
}

export interface Lesson {
  /** Stable id within the course version, e.g. "l2". */
  id: string;
  position: number;
  title: string;
  /** Plain text with blank lines between paragraphs; about five minutes of reading. */
  body: string;
  /** The lesson's key points, in the source's own sentences. */
  summary?: string;
  /** A shorter version of the body that fits the author's SMS segment budget. */
  smsBody?: string;
  mediaUrl?: string;
  questions: Question[];
}

export interface CourseDraft {
  title: string;
  description: string;
  /** BCP 47 language of the content, e.g. "en" or "es". */
  language: string;
  sourceName: string;
  /** Absent means training, the kind every course had before kinds existed. */
  kind?: CourseKind;
  lessons: Lesson[];
}

/** A confidence question is graded as neither right nor wrong; a 1-5 rating is recorded. */
export const CONFIDENCE_SCALE = [1, 2, 3, 4, 5] as const;
