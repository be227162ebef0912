/**
 * The web lesson page: a Hono sub-app mounted at /learn, outside the JSON API.
 *
 *   GET  /learn/<token>  a lesson delivery's page, a stored web page, or a learner's feed
 *   POST /learn/<token>  an answer from one of its forms (payload=..., or question=&text=)
 *
 * The token in the path is the only credential, signed for one purpose (a lesson, a page, a
 * feed) and expiring; that also makes the forms safe from cross-site posts, since another
 * site cannot know it. An answer goes through the normal inbound path (the same
 * processChannelEvents the webhook job runs) at once, so the page it returns to shows the
 * outcome.
 *
 * @example
 * app.route('/learn', webLessonRoutes(context, { signingKey: config.linkSigningKey }));
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { EngineContext } from '../../app/context.ts';
import { processChannelEvents } from '../channel-events.ts';
import { renderLearnerPage, renderNoticePage } from './learner-page-view.ts';
import {
  feedView,
  isLearnPath,
  lessonView,
  storedPageView,
  type LearnerView,
} from './learner-views.ts';
import { LEARN_PATH } from './lesson-link.ts';
import { verifyLinkToken, type LinkClaims, type LinkTokenFailure } from './link-token.ts';
import { LEARNER_PAGE_HEADERS } from './page-layout.ts';
import { inboundFromAnswer, isAnswerNotice, NOTICE_TEXTS, noticeFor } from './web-answer.ts';

export interface WebLessonRoutesOptions {
  /** The server's link signing key (INFLOW_LINK_SIGNING_KEY), at least 32 characters. */
  signingKey: string;
  /** Most messages a learner's feed shows. */
  feedSize?: number;
}

const FORM_BODY_LIMIT = 64 * 1024;
const DEFAULT_FEED_SIZE = 30;

export function webLessonRoutes(context: EngineContext, options: WebLessonRoutesOptions): Hono {
  const app = new Hono();
  app.use(
    '*',
    bodyLimit({
      maxSize: FORM_BODY_LIMIT,
      onError: (c) => noticeResponse(c, 413, 'Too long', 'That answer is too long to send.'),
    }),
  );

  app.get('/:token', async (c) => {
    const token = c.req.param('token');
    const claims = verifyLinkToken(token, options.signingKey, ['lesson', 'page', 'feed'], now());
    if (!claims.ok) return refusal(c, claims.error);

    const view = await viewFor(claims.value, token);
    if (!view) return missing(c);
    const done = c.req.query('done');
    const notice = isAnswerNotice(done) ? NOTICE_TEXTS[done] : undefined;
    return htmlResponse(c, 200, renderLearnerPage({ ...view, notice }));
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    const claims = verifyLinkToken(token, options.signingKey, ['lesson', 'page', 'feed'], now());
    if (!claims.ok) return refusal(c, claims.error);
    const view = await viewFor(claims.value, token);
    if (!view) return missing(c);
    if (!view.target) {
      return noticeResponse(c, 405, 'Nothing to answer here', 'Answer from the question itself.');
    }

    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? form[name] : undefined);
    const inbound = inboundFromAnswer(
      view.target,
      { payload: field('payload'), text: field('text'), question: field('question') },
      token,
      now(),
    );
    if (!inbound.ok) {
      const text =
        inbound.error === 'empty'
          ? 'The answer was empty. Go back and write your answer.'
          : 'That answer is not one this page offers. Go back and choose again.';
      return noticeResponse(c, 400, 'Answer not sent', text);
    }

    const [outcome] = await processChannelEvents(context, view.organizationId, [
      { kind: 'message', message: inbound.value },
    ]);
    if (outcome === 'error' || outcome === undefined) {
      const text = 'Your answer could not be saved just now. Please go back and try again.';
      return noticeResponse(c, 500, 'Something went wrong', text);
    }
    const returnTo = field('return_to');
    const back = isLearnPath(returnTo) ? returnTo : `${LEARN_PATH}/${token}`;
    return c.redirect(`${back}?done=${noticeFor(outcome)}#latest`, 303);
  });

  return app;

  function now(): Date {
    return context.clock.now();
  }

  function viewFor(claims: LinkClaims, token: string): Promise<LearnerView | undefined> {
    const path = `${LEARN_PATH}/${token}`;
    switch (claims.purpose) {
      case 'lesson':
        return lessonView(context, claims.subjectId, path);
      case 'page':
        return storedPageView(context, claims.subjectId, path);
      default: {
        const size = options.feedSize ?? DEFAULT_FEED_SIZE;
        return feedView(context, claims.subjectId, options.signingKey, path, size);
      }
    }
  }
}

function refusal(c: Context, failure: LinkTokenFailure): Response {
  if (failure.kind === 'expired') {
    const text =
      `This link expired on ${failure.expiredAt.toISOString().slice(0, 10)}. ` +
      'Your next lesson message will bring a fresh one.';
    return noticeResponse(c, 410, 'This link has expired', text);
  }
  const text =
    'This link is not valid: it may be incomplete or changed. Open it again from the message.';
  return noticeResponse(c, 403, 'This link is not valid', text);
}

function missing(c: Context): Response {
  return noticeResponse(c, 404, 'Not found', 'What this link pointed to is no longer here.');
}

function noticeResponse(c: Context, status: number, title: string, text: string): Response {
  return htmlResponse(c, status, renderNoticePage({ title, text }));
}

function htmlResponse(c: Context, status: number, body: string): Response {
  return c.body(body, status as 200, { ...LEARNER_PAGE_HEADERS });
}
