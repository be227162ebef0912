import type { OutboundMessage } from '../../channels/channel.ts';
import { translate } from '../../conversation/catalog.ts';
import { renderCourseComplete, renderLesson, renderQuestion } from '../../conversation/render.ts';
import type { StoredLesson, StoredQuestion } from '../../courses/course-repository.ts';
import type { DeliveryRow, LearnerRow } from '../../db/schema.ts';
import type { CachedCourse } from './course-cache.ts';

/** What composing a delivery's messages may look up, loaded once per batch. */
export interface CompositionInputs {
  learner: LearnerRow;
  course?: CachedCourse;
  prompt?: { tag: number; round: number };
  /** Whether the learner has several questions in play on the channel, so tags are shown. */
  showTag: boolean;
  /** The enrolment is finished: a review is then a retention check. */
  courseFinished: boolean;
}

/**
 * The messages of a scheduled delivery, rendered when it is sent rather than when it was
 * queued, so a held message shows the learner's locale and role as they are at that time.
 * Returns undefined when the delivery no longer names something that exists.
 */
export function composeMessages(
  delivery: DeliveryRow,
  inputs: CompositionInputs,
): OutboundMessage[] | undefined {
  const { learner, course } = inputs;
  if (delivery.messages) return delivery.messages;
  if (!course) return undefined;
  const locale = learner.locale;

  if (delivery.kind === 'lesson') {
    const lesson = course.version.lessons.find((candidate) => candidate.dbId === delivery.lessonId);
    if (!lesson) return undefined;
    return renderLesson(lessonForRole(course, lesson, learner.title), {
      locale,
      lessonCount: course.version.lessons.length,
    });
  }

  if (delivery.kind === 'system') {
    return [renderCourseComplete(locale, course.version.title)];
  }

  const question = findQuestion(course, delivery.questionId);
  if (!question || !inputs.prompt) return undefined;
  const asked = renderQuestion(question, {
    locale,
    tag: String(inputs.prompt.tag),
    showTag: inputs.showTag,
  });
  if (delivery.kind === 'question') return [asked];

  const lead =
    delivery.kind === 'reminder'
      ? translate(locale, 'delivery.reminder')
      : inputs.courseFinished
        ? translate(locale, 'delivery.retention', { course: course.version.title })
        : translate(locale, 'delivery.review');
  return [{ ...asked, text: `${lead}\n\n${asked.text}` }];
}

export function findQuestion(
  course: CachedCourse,
  questionId: string | null,
): StoredQuestion | undefined {
  for (const lesson of course.version.lessons) {
    const question = lesson.questions.find((candidate) => candidate.dbId === questionId);
    if (question) return question;
  }
  return undefined;
}

/** The lesson as written for the learner's role (job title), when the author wrote a variant. */
function lessonForRole(course: CachedCourse, lesson: StoredLesson, role: string | null) {
  const variant = role
    ? course.variants.get(lesson.dbId)?.get(role.trim().toLowerCase())
    : undefined;
  return variant ? { ...lesson, title: variant.title, body: variant.body } : lesson;
}
