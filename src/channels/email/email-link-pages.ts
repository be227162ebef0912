/**
 * The small pages a learner sees after clicking a link in a lesson email: a confirmation, a
 * form (written answer, confirm-first answer, unsubscribe), or a clear refusal. They are the
 * email webhook's responses, so they carry their own no-referrer and no-index meta tags.
 */
import type { WebhookResponse } from '../channel.ts';
import { html, paragraphsHtml, type SafeHtml } from '../web/html.ts';
import { renderDocument } from '../web/page-layout.ts';

export function noticePage(status: number, title: string, text: string): WebhookResponse {
  return page(
    status,
    title,
    html`<article>
      <h1>${title}</h1>
      ${paragraphsHtml(text)}
    </article>`,
  );
}

export function answerReceivedPage(): WebhookResponse {
  return noticePage(
    200,
    'Answer received',
    'Thanks, your answer is in. Your feedback arrives by email in a moment.',
  );
}

/** For the confirm-first mode: a link scanner opening the link records nothing. */
export function confirmAnswerPage(action: string, answer: string): WebhookResponse {
  return page(
    200,
    'Confirm your answer',
    html`<article>
      <h1>Confirm your answer</h1>
      <p>You chose <strong>${answer}</strong>.</p>
      <form class="answers" method="post" action="${action}">
        <button type="submit" name="confirm" value="1">Send this answer</button>
      </form>
    </article>`,
  );
}

export function writtenAnswerPage(action: string, prompt: string): WebhookResponse {
  return page(
    200,
    'Write your answer',
    html`<article>
      ${paragraphsHtml(prompt)}
      <form class="free-text" method="post" action="${action}">
        <label for="answer">Your answer</label>
        <textarea id="answer" name="text" maxlength="2000" required></textarea>
        <button type="submit">Send answer</button>
      </form>
    </article>`,
  );
}

/** GET never unsubscribes: mail scanners open links; only the button (or RFC 8058 POST) does. */
export function unsubscribePage(action: string): WebhookResponse {
  return page(
    200,
    'Unsubscribe',
    html`<article>
      <h1>Stop lesson emails?</h1>
      <p>You will get no more lessons or questions by email.</p>
      <form class="answers" method="post" action="${action}">
        <button type="submit" name="unsubscribe" value="1">Unsubscribe</button>
      </form>
    </article>`,
  );
}

function page(status: number, title: string, body: SafeHtml): WebhookResponse {
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body: renderDocument({ title, body }),
  };
}
