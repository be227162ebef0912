/**
 * Lessons and questions as channel-independent messages in the learner's locale. Course text
 * (titles, bodies, prompts, options) is shown as written; only the engine's own phrases are
 * translated.
 */
import type { Lesson, Question } from '../courses/model.ts';
import { CONFIDENCE_SCALE } from '../courses/model.ts';
import { choiceWords, howToAnswer } from './answer-hints.ts';
import { buildAnswerPayload } from './button-payload.ts';
import { translate } from './catalog.ts';
import type { MessageButton, OutboundMessage } from './outbound-message.ts';
import { paragraphsOf, splitIntoMessages } from './split-message.ts';

/** Fits a WhatsApp or Slack message comfortably; SMS callers usually pass less. */
export const DEFAULT_MAX_MESSAGE_LENGTH = 1000;

export interface LessonRenderOptions {
  locale: string;
  /** Lessons in the course, for "Lesson 2 of 5". */
  lessonCount: number;
  maxLength?: number;
}

/**
 * The lesson as one or more messages: the header opens the first, and messages break only
 * at paragraph boundaries unless a single paragraph is longer than maxLength.
 * lesson.position is shown as is, so it is expected to count from 1.
 * @example renderLesson(lesson, { locale: 'es', lessonCount: 5 })[0].text
 *   // 'Lección 2 de 5: Contraseñas\n\n...'
 */
export function renderLesson(lesson: Lesson, options: LessonRenderOptions): OutboundMessage[] {
  const header = translate(options.locale, 'lesson.header', {
    position: lesson.position,
    total: options.lessonCount,
    title: lesson.title,
  });

  const texts = splitIntoMessages(
    [header, ...paragraphsOf(lesson.body)],
    options.maxLength ?? DEFAULT_MAX_MESSAGE_LENGTH,
  );

  return texts.map((text, index) =>
    index === 0 && lesson.mediaUrl !== undefined ? { text, mediaUrl: lesson.mediaUrl } : { text },
  );
}

export interface QuestionRenderOptions {
  locale: string;
  /** The prompt's tag; buttons always carry it, so a tap is routed even when it is not shown. */
  tag: string;
  /** Show the tag in the text, as when the learner has several questions open on the channel. */
  showTag: boolean;
}

/**
 * The question as one message: prompt, lettered options, how to answer, and buttons.
 * @example renderQuestion(question, { locale: 'en', tag: '7', showTag: true }).text
 *   // 'Question 7: Which ...?\n\nA) ...\nB) ...\n\nReply 7A or 7B.'
 */
export function renderQuestion(
  question: Question,
  options: QuestionRenderOptions,
): OutboundMessage {
  const { locale, tag, showTag } = options;
  const shownTag = showTag ? tag : undefined;

  const prompt =
    shownTag === undefined
      ? question.prompt
      : translate(locale, 'question.tagged', { tag: shownTag, prompt: question.prompt });
  const optionLines =
    question.kind === 'multiple_choice'
      ? [question.options.map((option) => `${option.key.toUpperCase()}) ${option.text}`).join('\n')]
      : [];
  const text = [prompt, ...optionLines, howToAnswer(question, locale, shownTag)].join('\n\n');

  const buttons = buttonsFor(question, locale, tag);
  return buttons.length === 0 ? { text } : { text, buttons };
}

function buttonsFor(question: Question, locale: string, tag: string): MessageButton[] {
  const button = (label: string, value: string): MessageButton => ({
    label,
    payload: buildAnswerPayload({ tag, questionId: question.id, value }),
  });

  switch (question.kind) {
    case 'multiple_choice':
      return question.options.map((option) => button(option.key.toUpperCase(), option.key));
    case 'true_false': {
      const labels = choiceWords(question, locale);
      return question.options.map((option, index) =>
        button(labels[index] ?? option.text, option.key),
      );
    }
    case 'confidence':
    case 'rating':
      return CONFIDENCE_SCALE.map((rating) => button(String(rating), String(rating)));
    case 'acknowledgement':
      return question.options.map((option) => button(option.text, option.key));
    case 'reflection':
    case 'cloze':
      return [];
  }
}

/** The closing message of a course. */
export function renderCourseComplete(locale: string, courseTitle: string): OutboundMessage {
  return { text: translate(locale, 'course.complete', { course: courseTitle }) };
}
