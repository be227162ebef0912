/**
 * What each kind of link shows and which answers it accepts: a lesson delivery's page, one
 * stored web-channel page, or a learner's web feed. GET renders a view; POST checks an
 * answer against the same view, so a page only ever accepts the answers it shows.
 */
import type { EngineContext } from '../../app/context.ts';
import { readAnswerPayload } from '../../conversation/button-payload.ts';
import type { Question } from '../../courses/model.ts';
import { addressOn, findLearner, findLearnerByAddress } from '../../people/learner-repository.ts';
import type { OutboundMessage } from '../channel.ts';
import { isFreeTextKind, questionTextForLinks } from './answer-instructions.ts';
import type { PageEntry } from './learner-page-view.ts';
import { loadLessonDelivery, type QuestionState } from './lesson-delivery.ts';
import { LEARN_PATH, storedPagePath } from './lesson-link.ts';
import type { AnswerTarget } from './web-answer.ts';
import { findWebPage, listLearnerPages, type WebPage } from './web-page-repository.ts';

export interface LearnerView {
  organizationId: string;
  title: string;
  lang: string;
  timezone?: string;
  entries: PageEntry[];
  emptyText?: string;
  /** The answers a POST to this link may carry; absent where nothing is answered (feed). */
  target?: AnswerTarget;
}

const STATE_TEXTS: Record<Exclude<QuestionState, 'open'>, string> = {
  answered: 'Answered. Thank you!',
  closed: 'This question is closed.',
};

export async function lessonView(
  context: EngineContext,
  deliveryId: string,
  path: string,
): Promise<LearnerView | undefined> {
  const delivery = await loadLessonDelivery(context, deliveryId);
  if (!delivery) return undefined;

  const open = delivery.questions.filter((asked) => asked.state === 'open');
  const questionEntries = delivery.questions.map((asked): PageEntry => {
    const message = questionMessage(asked.question);
    if (asked.state !== 'open') return { message, state: STATE_TEXTS[asked.state] };
    const freeText = asked.buttons.length === 0 ? { questionKey: asked.question.id } : undefined;
    return { message, form: { action: path, buttons: asked.buttons, freeText } };
  });

  return {
    organizationId: delivery.organizationId,
    title: delivery.lesson.title,
    lang: delivery.learner.locale,
    timezone: delivery.learner.timezone,
    entries: [
      { message: delivery.lessonMessage, firstParagraphIsHeading: true },
      ...questionEntries,
    ],
    target: {
      channel: delivery.channel,
      sender: addressOn(delivery.learner, delivery.channel) ?? '',
      payloads: open.flatMap((asked) => asked.buttons.map((button) => button.payload)),
      freeText: new Map(
        open
          .filter((asked) => asked.buttons.length === 0)
          .map((asked) => [asked.question.id, asked.tag]),
      ),
    },
  };
}

export async function storedPageView(
  context: EngineContext,
  pageId: string,
  path: string,
): Promise<LearnerView | undefined> {
  const page = await findWebPage(context.db, pageId);
  if (!page) return undefined;
  const [state] = await questionStates(context, page.organizationId, page.channel, page.address, [
    page,
  ]);

  const entry = pageEntry(page, path, undefined, state);
  const firstLine = page.message.text.split('\n')[0] ?? '';
  const openTag = state?.state === 'open' ? state.tag : undefined;
  return {
    organizationId: page.organizationId,
    title: firstLine.slice(0, 80) || 'Lesson',
    lang: 'en',
    entries: [entry],
    target: {
      channel: page.channel,
      sender: page.address,
      payloads: (page.message.buttons ?? []).map((button) => button.payload),
      freeText: new Map(
        isFreeTextPage(page) && openTag !== undefined && page.question
          ? [[page.question.questionId, openTag]]
          : [],
      ),
    },
  };
}

// Limitation: the feed shows the latest messages only (30 by default); older ones are not paged.
export async function feedView(
  context: EngineContext,
  learnerId: string,
  signingKey: string,
  feedPath: string,
  size: number,
): Promise<LearnerView | undefined> {
  const learner = await findLearner(context.db, learnerId);
  const address = learner ? addressOn(learner, 'web') : null;
  if (!learner || !address) return undefined;

  const where = { organizationId: learner.organizationId, channel: 'web', address };
  const pages = await listLearnerPages(context.db, where, size);
  const states = await questionStates(context, learner.organizationId, 'web', address, pages);
  return {
    organizationId: learner.organizationId,
    title: 'Your lessons',
    lang: learner.locale,
    timezone: learner.timezone,
    emptyText: 'Nothing has been sent to you here yet. Your lessons will appear on this page.',
    entries: pages.map((page, index) =>
      pageEntry(page, storedPagePath(signingKey, page), feedPath, states[index]),
    ),
  };
}

/** A /learn path that a feed's forms may send the learner back to. */
export function isLearnPath(candidate: string | undefined): candidate is string {
  return (
    candidate !== undefined &&
    candidate.startsWith(`${LEARN_PATH}/`) &&
    /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(candidate.slice(LEARN_PATH.length + 1))
  );
}

interface PageQuestionState {
  state: QuestionState;
  tag: string;
}

function pageEntry(
  page: WebPage,
  action: string,
  returnTo: string | undefined,
  question: PageQuestionState | undefined,
): PageEntry {
  const buttons = page.message.buttons ?? [];
  const hasButtons = buttons.length > 0;
  const asked = page.question && (hasButtons || isFreeTextPage(page)) ? page.question : undefined;
  const message = asked
    ? {
        ...page.message,
        text: questionTextForLinks(page.message.text, {
          kind: asked.kind,
          hasButtons,
          place: 'form',
        }),
      }
    : page.message;
  const base = { message, sentAt: page.createdAt };
  if (question && question.state !== 'open') return { ...base, state: STATE_TEXTS[question.state] };
  if (buttons.length > 0) return { ...base, form: { action, returnTo, buttons } };
  if (isFreeTextPage(page) && question && page.question) {
    const freeText = { questionKey: page.question.questionId };
    return { ...base, form: { action, returnTo, buttons: [], freeText } };
  }
  return base;
}

function isFreeTextPage(page: WebPage): boolean {
  return page.question !== null && isFreeTextKind(page.question.kind);
}

/** The prompt state of each page's question, in the order of the pages. */
async function questionStates(
  context: EngineContext,
  organizationId: string,
  channel: string,
  address: string,
  pages: readonly WebPage[],
): Promise<(PageQuestionState | undefined)[]> {
  const questionIds = pages.flatMap((page) => (page.question ? [page.question.questionId] : []));
  if (questionIds.length === 0) return pages.map(() => undefined);

  const owner = await findLearnerByAddress(context.db, organizationId, channel, address);
  if (!owner) return pages.map(() => undefined);
  const rows = await context.db
    .selectFrom('prompts')
    .leftJoin('responses', 'responses.promptId', 'prompts.id')
    .select([
      'prompts.questionId',
      'prompts.tag',
      'prompts.status',
      'prompts.sentAt',
      'responses.id as responseId',
    ])
    .where('prompts.learnerId', '=', owner.id)
    .where('prompts.channel', '=', channel)
    .where('prompts.questionId', 'in', questionIds)
    .orderBy('prompts.sentAt', 'desc')
    .execute();

  return pages.map((page) => {
    const question = page.question;
    if (!question) return undefined;
    // A question asked again (a spaced review) has a prompt of its own: the page's is the one
    // its buttons name by tag, or else the latest asked by the time the page was made.
    const tag = tagOfPage(page);
    const row = rows.find(
      (candidate) =>
        candidate.questionId === question.questionId &&
        (tag === undefined
          ? new Date(candidate.sentAt).getTime() <= page.createdAt.getTime()
          : String(candidate.tag) === tag),
    );
    if (!row) return undefined;
    const state: QuestionState =
      row.responseId !== null ? 'answered' : row.status === 'closed' ? 'closed' : 'open';
    return { state, tag: String(row.tag) };
  });
}

function tagOfPage(page: WebPage): string | undefined {
  const payload = page.message.buttons?.[0]?.payload;
  const read = payload === undefined ? undefined : readAnswerPayload(payload);
  if (read?.ok) return read.value.tag;
  return page.question?.tag === undefined ? undefined : String(page.question.tag);
}

function questionMessage(question: Question): OutboundMessage {
  const options =
    question.kind === 'multiple_choice'
      ? question.options.map((option) => `${option.key.toUpperCase()}) ${option.text}`).join('\n')
      : '';
  return { text: [question.prompt, options].filter((part) => part !== '').join('\n\n') };
}
