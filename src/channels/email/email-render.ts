/**
 * A lesson or question as an email: HTML that survives mail clients (inline styles, no
 * script, no external stylesheet), and a plain-text part with the same content and links.
 * Every piece of course text is escaped.
 */
import type { OutboundMessage } from '../../conversation/outbound-message.ts';
import type { QuestionKind } from '../../courses/model.ts';
import { questionTextForLinks } from '../web/answer-instructions.ts';
import { html, paragraphsHtml, trusted, type SafeHtml } from '../web/html.ts';
import { mediaKindOf } from '../web/media.ts';
import type { EmailLinks } from './email-links.ts';

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const PARAGRAPH = 'margin:0 0 14px;font-size:16px;line-height:1.55;color:#1c1e21;';
const FOOTER = 'font-size:12px;line-height:1.5;color:#5d6470;margin:14px 0 0;';
const BUTTON =
  'display:inline-block;margin:0 8px 8px 0;padding:12px 22px;border-radius:8px;' +
  'background:#2f5bd3;color:#ffffff;font-size:16px;font-weight:600;text-decoration:none;';
const SUBJECT_LENGTH = 100;

export function renderEmail(
  message: OutboundMessage,
  links: EmailLinks,
  question?: { kind: QuestionKind },
): EmailContent {
  const hasButtons = links.answers.length > 0;
  const text =
    question && (hasButtons || links.replyUrl)
      ? questionTextForLinks(message.text, { kind: question.kind, hasButtons, place: 'link' })
      : message.text;
  return {
    subject: subjectOf(message.text),
    html: htmlBody(subjectOf(message.text), text, message.mediaUrl, links),
    text: textBody(text, message.mediaUrl, links),
  };
}

function subjectOf(text: string): string {
  const firstLine = (text.trim().split(/\r?\n/)[0] ?? '').trim();
  return firstLine.length > SUBJECT_LENGTH
    ? `${firstLine.slice(0, SUBJECT_LENGTH - 1).trimEnd()}…`
    : firstLine;
}

function htmlBody(
  subject: string,
  text: string,
  mediaUrl: string | undefined,
  links: EmailLinks,
): string {
  const answers = links.answers.map(
    (answer) => html`<a href="${answer.url}" style="${BUTTON}">${answer.label}</a>`,
  );
  const reply = links.replyUrl
    ? html`<a href="${links.replyUrl}" style="${BUTTON}">Write your answer</a>`
    : undefined;
  const actions =
    answers.length > 0 || reply
      ? html`<div style="margin:6px 0 4px;">${answers}${reply}</div>`
      : '';

  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${subject}</title>
      </head>
      <body style="margin:0;padding:0;background:#f3f4f7;">
        <table
          role="presentation"
          width="100%"
          cellpadding="0"
          cellspacing="0"
          style="background:#f3f4f7;"
        >
          <tr>
            <td align="center" style="padding:16px 10px;">
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style="max-width:560px;background:#ffffff;border-radius:12px;"
              >
                <tr>
                  <td style="padding:22px 22px 14px;${trusted(FONT)}">
                    ${paragraphsHtml(text, PARAGRAPH)}${mediaBlock(mediaUrl)}${actions}
                  </td>
                </tr>
              </table>
              <p style="${trusted(FONT)}${FOOTER}">
                Your organization sends you these lessons through Inflow.
                <a href="${links.unsubscribeUrl}" style="color:#5d6470;"
                  >Unsubscribe from lesson emails</a
                >
              </p>
            </td>
          </tr>
        </table>
      </body>
    </html> `.value;
}

function mediaBlock(mediaUrl: string | undefined): SafeHtml | string {
  if (!mediaUrl) return '';
  switch (mediaKindOf(mediaUrl)) {
    case 'image':
      return html`<p style="${PARAGRAPH}">
        <img
          src="${mediaUrl}"
          alt="Lesson image"
          width="516"
          style="display:block;width:100%;max-width:516px;height:auto;border-radius:8px;"
        />
      </p>`;
    case 'video':
    case 'link':
      return html`<p style="${PARAGRAPH}">
        <a href="${mediaUrl}" style="color:#2f5bd3;">Watch or open the lesson media</a>
      </p>`;
    case undefined:
      return '';
  }
}

function textBody(text: string, mediaUrl: string | undefined, links: EmailLinks): string {
  const media = mediaUrl && mediaKindOf(mediaUrl) ? [`Lesson media: ${mediaUrl}`] : [];
  const answers =
    links.answers.length > 0
      ? [links.answers.map((answer) => `${answer.label}: ${answer.url}`).join('\n')]
      : [];
  const reply = links.replyUrl ? [`Write your answer: ${links.replyUrl}`] : [];
  const footer = `--\nUnsubscribe from lesson emails: ${links.unsubscribeUrl}`;
  return [text, ...media, ...answers, ...reply, footer].join('\n\n') + '\n';
}
