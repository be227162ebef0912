/**
 * What a learner sees behind a link: messages as cards, each question with its answer form.
 * Forms post back to the link itself, so answering works without script; every answer is a
 * plain POST with the page's token in the address.
 */
import { DateTime } from 'luxon';
import type { MessageButton, OutboundMessage } from '../../conversation/outbound-message.ts';
import { html, paragraphsHtml, type SafeHtml } from './html.ts';
import { mediaHtml } from './media.ts';
import { renderDocument } from './page-layout.ts';

export interface AnswerForm {
  /** The path the form posts to: the token of the page the question belongs to. */
  action: string;
  /** A /learn path to come back to after answering (the feed the question is shown in). */
  returnTo?: string;
  /** Each button posts its payload. */
  buttons: readonly MessageButton[];
  /** A text box instead, for reflections and fill-in answers. */
  freeText?: { questionKey: string };
}

export interface PageEntry {
  message: OutboundMessage;
  /** Show the first paragraph as the page's heading (a lesson's "Lesson 2 of 5: ..."). */
  firstParagraphIsHeading?: boolean;
  form?: AnswerForm;
  /** Said instead of a form: "Answered", "Closed". */
  state?: string;
  sentAt?: Date;
}

export interface LearnerPage {
  title: string;
  lang?: string;
  /** The learner's IANA zone, for the times messages were sent. */
  timezone?: string;
  notice?: { text: string; tone: 'ok' | 'warn' };
  entries: readonly PageEntry[];
  /** Said when there are no entries yet. */
  emptyText?: string;
}

/**
 * Entries in the order given (a conversation reads oldest first). The notice of an answer just
 * sent stands right above the newest entry, anchored #latest, where the answer's redirect lands.
 */
export function renderLearnerPage(page: LearnerPage): string {
  const notice = page.notice
    ? html`<div
        id="latest"
        class="${page.notice.tone === 'ok' ? 'notice' : 'notice warn'}"
        role="status"
      >
        ${page.notice.text}
      </div>`
    : undefined;
  const last = page.entries.length - 1;
  const entries =
    page.entries.length === 0
      ? html`<article><p>${page.emptyText ?? 'Nothing here yet.'}</p></article>`
      : html`${page.entries.map((entry, index) =>
          index === last
            ? html`${notice}${entryHtml(entry, index, page.timezone, !notice)}`
            : entryHtml(entry, index, page.timezone, false),
        )}`;
  const body = page.entries.length === 0 ? html`${notice}${entries}` : entries;
  return renderDocument({ title: page.title, lang: page.lang, body });
}

/** A page that only says something: a refused link, a confirmation. */
export function renderNoticePage(notice: { title: string; text: string; lang?: string }): string {
  return renderDocument({
    title: notice.title,
    lang: notice.lang,
    body: html`<article>
      <h1>${notice.title}</h1>
      ${paragraphsHtml(notice.text)}
    </article>`,
  });
}

function entryHtml(
  entry: PageEntry,
  index: number,
  timezone: string | undefined,
  latest: boolean,
): SafeHtml {
  const [first, ...rest] = entry.message.text.split(/\r?\n\s*\r?\n/);
  const media = mediaHtml(entry.message.mediaUrl);
  // A lesson shows its image under its title; a chat message shows it after the text.
  const content = entry.firstParagraphIsHeading
    ? html`<h1>${first ?? ''}</h1>
        ${media}${paragraphsHtml(rest.join('\n\n'))}`
    : html`${paragraphsHtml(entry.message.text)}${media}`;
  const sentAt = entry.sentAt
    ? html`<p class="sent-at">
        <time datetime="${entry.sentAt.toISOString()}"
          >${formatSentAt(entry.sentAt, timezone ?? 'UTC')}</time
        >
      </p>`
    : undefined;
  const state = entry.state ? html`<p class="state">${entry.state}</p>` : undefined;
  const form = entry.form ? formHtml(entry.form, index) : undefined;
  const id = latest ? 'latest' : `m${index + 1}`;
  return html`<article id="${id}">${sentAt}${content}${form ?? state}</article>`;
}

function formHtml(form: AnswerForm, index: number): SafeHtml {
  const returnTo = form.returnTo
    ? html`<input type="hidden" name="return_to" value="${form.returnTo}" />`
    : undefined;
  if (form.freeText) {
    const id = `answer-${index + 1}`;
    return html`<form class="free-text" method="post" action="${form.action}">
      ${returnTo}
      <input type="hidden" name="question" value="${form.freeText.questionKey}" />
      <label for="${id}">Your answer</label>
      <textarea id="${id}" name="text" maxlength="2000" required></textarea>
      <button type="submit">Send answer</button>
    </form>`;
  }
  return html`<form class="answers" method="post" action="${form.action}">
    ${returnTo}${form.buttons.map(
      (button) =>
        html`<button type="submit" name="payload" value="${button.payload}">
          ${button.label}
        </button>`,
    )}
  </form>`;
}

function formatSentAt(at: Date, timezone: string): string {
  const local = DateTime.fromJSDate(at).setZone(timezone);
  return (local.isValid ? local : DateTime.fromJSDate(at).toUTC()).toFormat('d LLL yyyy, HH:mm');
}
