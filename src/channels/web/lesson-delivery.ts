/**
 * A lesson delivery as its web page shows it: the whole lesson, and each of its questions
 * that has been asked, open for an answer or marked answered or closed. Read from the
 * database when the page is opened, so the page always shows the lesson as it is now.
 */
import type { EngineContext } from '../../app/context.ts';
import { renderLesson, renderQuestion } from '../../conversation/render.ts';
import type { StoredLesson, StoredQuestion } from '../../courses/course-repository.ts';
import type { LearnerRow } from '../../db/schema.ts';
import { loadEnrolment } from '../../delivery/lesson-flow.ts';
import type { MessageButton, OutboundMessage } from '../../conversation/outbound-message.ts';

export type QuestionState = 'open' | 'answered' | 'closed';

export interface AskedQuestion {
  question: StoredQuestion;
  tag: string;
  state: QuestionState;
  /** The answer buttons, as every chat channel gets them; empty for free-text questions. */
  buttons: MessageButton[];
}

export interface LessonDelivery {
  organizationId: string;
  /** The channel the lesson went out on: answers on the page are replies on it. */
  channel: string;
  learner: LearnerRow;
  lesson: StoredLesson;
  /** Header and body, whole, with the lesson's media. */
  lessonMessage: OutboundMessage;
  questions: AskedQuestion[];
}

/** No length limit: the page is where long lessons go. */
const WHOLE_LESSON = Number.MAX_SAFE_INTEGER;

export async function loadLessonDelivery(
  context: EngineContext,
  deliveryId: string,
): Promise<LessonDelivery | undefined> {
  const delivery = await context.db
    .selectFrom('deliveries')
    .select(['organizationId', 'enrolmentId', 'lessonId', 'kind'])
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  if (!delivery || delivery.kind !== 'lesson' || !delivery.enrolmentId || !delivery.lessonId) {
    return undefined;
  }
  const { enrolment, learner, course } = await loadEnrolment(context, delivery.enrolmentId);
  const lesson = course.lessons.find((candidate) => candidate.dbId === delivery.lessonId);
  if (!lesson) return undefined;

  const [lessonMessage] = renderLesson(lesson, {
    locale: learner.locale,
    lessonCount: course.lessons.length,
    maxLength: WHOLE_LESSON,
  });
  const questions = await askedQuestions(context, enrolment.id, lesson, learner.locale);
  return {
    organizationId: delivery.organizationId,
    channel: enrolment.channel,
    learner,
    lesson,
    lessonMessage: lessonMessage ?? { text: lesson.title },
    questions,
  };
}

async function askedQuestions(
  context: EngineContext,
  enrolmentId: string,
  lesson: StoredLesson,
  locale: string,
): Promise<AskedQuestion[]> {
  if (lesson.questions.length === 0) return [];
  const prompts = await context.db
    .selectFrom('prompts')
    .leftJoin('responses', 'responses.promptId', 'prompts.id')
    .select(['prompts.questionId', 'prompts.tag', 'prompts.status', 'responses.id as responseId'])
    .where('prompts.enrolmentId', '=', enrolmentId)
    .where(
      'prompts.questionId',
      'in',
      lesson.questions.map((question) => question.dbId),
    )
    // The lesson's own ask comes first; a later spaced review of the question has its own.
    .orderBy('prompts.sentAt')
    .execute();

  return lesson.questions.flatMap((question): AskedQuestion[] => {
    const prompt = prompts.find((candidate) => candidate.questionId === question.dbId);
    if (!prompt) return [];
    const tag = String(prompt.tag);
    const state: QuestionState =
      prompt.responseId !== null ? 'answered' : prompt.status === 'closed' ? 'closed' : 'open';
    const { buttons = [] } = renderQuestion(question, { locale, tag, showTag: false });
    return [{ question, tag, state, buttons }];
  });
}
