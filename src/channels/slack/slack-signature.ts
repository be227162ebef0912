/**
 * Slack's request signing (api.slack.com/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature: v0=<hex>`, an HMAC-SHA256 with the app's signing secret of
 * `v0:{X-Slack-Request-Timestamp}:{raw body}`. A request more than five minutes from our
 * clock, either way, is refused as a possible replay (pitfall SL-02); the clock is passed
 * in, never read here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';

/** Slack's recipe: reject when |now − timestamp| > 300 s; exactly 300 s is still accepted. */
export const SLACK_REPLAY_WINDOW_SECONDS = 300;

export interface SlackSignatureFailure {
  reason: string;
  /** The signature may be right but the request is too old or from a drifting clock. */
  stale: boolean;
}

export function signSlackRequest(rawBody: string, timestamp: string, signingSecret: string) {
  const digest = createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:${rawBody}`, 'utf8')
    .digest('hex');
  return `v0=${digest}`;
}

/**
 * @example verifySlackRequest(request.headers, request.rawBody, secret, new Date())
 */
export function verifySlackRequest(
  headers: Record<string, string | undefined>,
  rawBody: string,
  signingSecret: string,
  now: Date,
): Result<true, SlackSignatureFailure> {
  const timestamp = headers['x-slack-request-timestamp']?.trim();
  const signature = headers['x-slack-signature']?.trim();
  if (!timestamp || !signature) {
    return err({
      reason: 'X-Slack-Signature or X-Slack-Request-Timestamp is missing',
      stale: false,
    });
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return err({ reason: 'X-Slack-Request-Timestamp is not a Unix time in seconds', stale: false });
  }

  const skew = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (Math.abs(skew) > SLACK_REPLAY_WINDOW_SECONDS) {
    return err({
      reason:
        `X-Slack-Request-Timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'ahead'}, ` +
        `beyond the ${SLACK_REPLAY_WINDOW_SECONDS} s replay window`,
      stale: true,
    });
  }

  const expected = Buffer.from(signSlackRequest(rawBody, timestamp, signingSecret));
  const given = Buffer.from(signature.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return err({ reason: 'X-Slack-Signature does not match the signed body', stale: false });
  }
  return ok(true);
}
