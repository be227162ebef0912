/**
 * Reads and authenticates a Twilio webhook. Twilio signs every request with
 * `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the account's Auth Token, over the full
 * URL it called followed by each POST parameter's name and value in name order
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-security). The check is the SDK's own,
 * as Twilio recommends; the URL must be the public one, so behind a proxy INFLOW_PUBLIC_URL
 * must say what Twilio calls.
 */
import twilio from 'twilio';
import { err, ok, type Result } from '../../shared/result.ts';
import type { WebhookRejection, WebhookRequest } from '../channel.ts';

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

export type TwilioParams = Record<string, string>;

/**
 * @example verifyTwilioWebhook(request, authToken) // { ok: true, value: { MessageSid, ... } }
 */
export function verifyTwilioWebhook(
  request: WebhookRequest,
  authToken: string,
): Result<TwilioParams, WebhookRejection> {
  if (request.method.toUpperCase() !== 'POST') {
    return err({
      status: 405,
      reason: 'Twilio webhooks are POST requests; set the webhook method to HTTP POST',
    });
  }
  const signature = request.headers[TWILIO_SIGNATURE_HEADER];
  if (!signature) {
    return err({ status: 401, reason: 'the request has no X-Twilio-Signature header' });
  }
  // Limitation: Webhooks Rules signing (HMAC-SHA256 with a shared key) is not supported.
  if (request.headers['x-twilio-webhooks-signature-settings']) {
    return err({
      status: 401,
      reason: 'shared-key webhook signatures are not supported; remove the Webhooks Rule',
    });
  }

  const params: TwilioParams = {};
  for (const [name, value] of new URLSearchParams(request.rawBody)) params[name] = value;
  if (!twilio.validateRequest(authToken, signature, request.url, params)) {
    return err({
      status: 401,
      reason:
        'X-Twilio-Signature does not match this request. Check the Auth Token, and that ' +
        `INFLOW_PUBLIC_URL gives the URL Twilio calls (this request was checked as ${request.url})`,
    });
  }
  return ok(params);
}

/** The answer Twilio expects to a messaging webhook: TwiML that sends nothing back. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
