/**
 * Signed links to the web lesson page (`/learn/<token>`): a lesson delivery's page, for
 * chats too small for a long lesson (the SMS adapter's excerpt links to it), a stored web
 * page, and a learner's web feed. Tokens are signed with the server's link key from
 * configuration and never stored; the page reads the lesson from the database when opened.
 */
import type { Clock } from '../../shared/clock.ts';
import { signLinkToken } from './link-token.ts';

/** Where web-lesson-routes.ts is mounted. */
export const LEARN_PATH = '/learn';

export const DEFAULT_LESSON_LINK_TTL_DAYS = 30;
export const DEFAULT_FEED_TTL_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LinkSigning {
  /** The server's public address, e.g. https://inflow.example.com. */
  publicBaseUrl: string;
  /** At least 32 characters, from configuration (INFLOW_LINK_SIGNING_KEY). */
  signingKey: string;
}

/**
 * The web page of a lesson delivery: the whole lesson with its media, and its questions with
 * answer buttons while they are open. The token is 53 characters.
 *
 * @example
 * lessonLink({ publicBaseUrl, signingKey }, { deliveryId, now: clock.now() })
 * // 'https://inflow.example.com/learn/AQFn...'
 */
export function lessonLink(
  signing: LinkSigning,
  link: { deliveryId: string; now: Date; ttlDays?: number },
): string {
  const ttlDays = link.ttlDays ?? DEFAULT_LESSON_LINK_TTL_DAYS;
  const token = signLinkToken(
    {
      purpose: 'lesson',
      subjectId: link.deliveryId,
      expiresAt: new Date(link.now.getTime() + ttlDays * DAY_MS),
    },
    signing.signingKey,
  );
  return absolute(signing, `${LEARN_PATH}/${token}`);
}

/**
 * lessonLink in the shape of ChannelDependencies.lessonLink, for the registry to hand to
 * adapters: `{ ...dependencies, lessonLink: lessonLinkBuilder(signing, clock) }`.
 */
export function lessonLinkBuilder(
  signing: LinkSigning,
  clock: Clock,
  ttlDays?: number,
): (deliveryId: string) => string {
  return (deliveryId) => lessonLink(signing, { deliveryId, now: clock.now(), ttlDays });
}

/**
 * A learner's own web page, where everything sent to them on the web channel appears, newest
 * first, with answer forms. Give it to them once (email, intranet); it lasts half a year.
 */
export function learnerFeedLink(
  signing: LinkSigning,
  feed: { learnerId: string; now: Date; ttlDays?: number },
): string {
  return learnerFeed(signing, feed).url;
}

/** learnerFeedLink with the instant it stops working, for whoever hands it out. */
export function learnerFeed(
  signing: LinkSigning,
  feed: { learnerId: string; now: Date; ttlDays?: number },
): { url: string; expiresAt: Date } {
  const ttlDays = feed.ttlDays ?? DEFAULT_FEED_TTL_DAYS;
  const expiresAt = new Date(feed.now.getTime() + ttlDays * DAY_MS);
  const token = signLinkToken(
    { purpose: 'feed', subjectId: feed.learnerId, expiresAt },
    signing.signingKey,
  );
  return { url: absolute(signing, `${LEARN_PATH}/${token}`), expiresAt };
}

/** The path of a stored web page, valid until the page expires; answer forms post to it. */
export function storedPagePath(signingKey: string, page: { id: string; expiresAt: Date }): string {
  const token = signLinkToken(
    { purpose: 'page', subjectId: page.id, expiresAt: page.expiresAt },
    signingKey,
  );
  return `${LEARN_PATH}/${token}`;
}

function absolute(signing: LinkSigning, path: string): string {
  return `${signing.publicBaseUrl.replace(/\/+$/, '')}${path}`;
}
