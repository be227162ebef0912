/**
 * The link an admin hands a learner so they can find what Inflow sent them on the web
 * channel: their feed (see lesson-link.ts). The API's web-link route and
 * `inflow people web-link` both build it here, so both refuse for the same reasons.
 */
import { addressOn } from '../../people/learner-repository.ts';
import type { LearnerRow } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { learnerFeed, type LinkSigning } from './lesson-link.ts';

export interface WebLinkSettings {
  /** INFLOW_LINK_SIGNING_KEY: the key /learn verifies tokens with. */
  linkSigningKey?: string;
  /** INFLOW_PUBLIC_URL: where learners reach this server. */
  publicBaseUrl?: string;
}

export interface WebLink {
  url: string;
  /** When the link stops opening the feed; the token keeps whole seconds only. */
  expiresAt: Date;
}

/**
 * The server's link signing, or a message naming each variable to set. Without the key the
 * server cannot sign; without the public URL a link would point nowhere a learner can reach.
 *
 * @example
 * webLinkSigning({ linkSigningKey: config.linkSigningKey, publicBaseUrl: config.publicUrl })
 */
export function webLinkSigning(settings: WebLinkSettings): Result<LinkSigning> {
  const missing = [
    ...(settings.linkSigningKey ? [] : ['INFLOW_LINK_SIGNING_KEY (at least 32 characters)']),
    ...(settings.publicBaseUrl ? [] : ['INFLOW_PUBLIC_URL (e.g. https://inflow.example.com)']),
  ];
  if (!settings.linkSigningKey || !settings.publicBaseUrl) {
    return err(`Learner web links need configuration: set ${missing.join(' and ')}`);
  }
  return ok({ signingKey: settings.linkSigningKey, publicBaseUrl: settings.publicBaseUrl });
}

/**
 * The learner's feed link, valid for half a year from `now`. Refused for a learner with no
 * web address: their feed would answer 404, since nothing can be sent to them there.
 */
export function learnerWebLink(
  signing: LinkSigning,
  learner: LearnerRow,
  now: Date,
): Result<WebLink> {
  if (!addressOn(learner, 'web')) {
    return err(
      `Learner ${learner.id} has no web address, so nothing reaches them on the web channel; ` +
        'give them one first: PUT /api/v1/organizations/{org}/people/learners/{id}/channels/web ' +
        'with {"address": "..."}',
    );
  }

  const feed = learnerFeed(signing, { learnerId: learner.id, now });
  const wholeSeconds = Math.floor(feed.expiresAt.getTime() / 1000) * 1000;
  return ok({ url: feed.url, expiresAt: new Date(wholeSeconds) });
}
