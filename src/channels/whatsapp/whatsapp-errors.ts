/**
 * Meta's error codes (developers.facebook.com/documentation/business-messaging/whatsapp/
 * support/error-codes) turned into outcomes an admin can act on and the outbox can retry.
 * Meta advises building on `code` and `error_data.details`, never on titles.
 */
import type { SendFailure, SendFailureCode } from '../channel.ts';
import type { GraphApiFailure } from './graph-api-client.ts';

interface Outcome {
  code: SendFailureCode;
  retryable: boolean;
  /** How long to wait before retrying, when Meta gives no Retry-After. */
  backoffSeconds?: number;
  advice: string;
}

/** The customer service window is closed: only a template may be sent. */
export const REENGAGEMENT_REQUIRED = 131047;

const outcome = (
  code: SendFailureCode,
  retryable: boolean,
  advice: string,
  backoffSeconds?: number,
): Outcome => ({ code, retryable, advice, backoffSeconds });

const notConfigured = (advice: string) => outcome('not_configured', false, advice);
const rateLimited = (seconds: number, advice: string) =>
  outcome('rate_limited', true, advice, seconds);
const transient = outcome('provider_error', true, 'WhatsApp had a temporary problem', 30);
const invalid = (advice: string) => outcome('invalid_request', false, advice);
const template = notConfigured(
  'the template is missing, unapproved, paused or its ' +
    'parameters do not match; check it in WhatsApp Manager and in the template registry',
);

const OUTCOMES: ReadonlyMap<number, Outcome> = new Map([
  [
    REENGAGEMENT_REQUIRED,
    outcome(
      'outside_window',
      false,
      'more than 24 hours since the ' +
        "learner's last message: only an approved template may be sent",
    ),
  ],
  [131026, outcome('unreachable', false, 'the number is not on WhatsApp, or its app is too old')],
  [1013, outcome('unreachable', false, 'the number is not a valid WhatsApp user')],
  [
    131030,
    outcome(
      'unreachable',
      false,
      'a test number may only message numbers added to ' + 'its allowed list in WhatsApp Manager',
    ),
  ],
  [
    131050,
    outcome(
      'unreachable',
      false,
      'the learner stopped marketing messages from this ' +
        'business; register the re-engagement template in the UTILITY category',
    ),
  ],
  [4, rateLimited(60, 'too many Graph API calls from this app')],
  [80007, rateLimited(60, 'the WhatsApp Business Account rate limit was reached')],
  [130429, rateLimited(30, 'the phone number throughput limit was reached')],
  [131056, rateLimited(60, 'too many messages to this learner in a short time')],
  [
    131048,
    rateLimited(
      3600,
      'too many messages from this number were blocked or reported as ' +
        'spam; check the quality rating in WhatsApp Manager',
    ),
  ],
  [
    131049,
    outcome(
      'provider_error',
      false,
      'Meta chose not to deliver this message to keep ' +
        'engagement healthy; do not resend it at once',
    ),
  ],
  [131051, invalid('WhatsApp does not support this message type')],
  [100, invalid('a parameter of the message is invalid')],
  [131008, invalid('a required parameter is missing')],
  [131009, invalid('a parameter value is invalid (button or list limits?)')],
  [131021, invalid('the recipient is the business number itself')],
  [135000, invalid('WhatsApp rejected the message for an unknown reason')],
  [131052, outcome('provider_error', false, 'WhatsApp could not download the media')],
  [131053, outcome('provider_error', false, 'WhatsApp could not upload the media')],
  [132000, template],
  [132001, template],
  [132005, template],
  [132007, template],
  [132012, template],
  [132015, template],
  [132016, template],
  [0, notConfigured('the access token could not be authenticated; save a new one')],
  [190, notConfigured('the access token has expired; save a new one')],
  [3, notConfigured('the app lacks the capability or permission for this call')],
  [10, notConfigured('the permission is not granted or was revoked')],
  [131005, notConfigured('access denied; check the token permissions')],
  [131031, notConfigured('the WhatsApp Business Account is locked')],
  [131042, notConfigured('a payment problem on the WhatsApp Business Account')],
  [131045, notConfigured('the phone number is not registered (certificate)')],
  [133010, notConfigured('the phone number is not registered with Cloud API')],
  [368, notConfigured('the account is temporarily blocked for policy violations')],
  [1, transient],
  [2, transient],
  [131000, transient],
  [131016, transient],
  [131057, outcome('provider_error', true, 'the business account is in maintenance', 300)],
  [133004, transient],
]);

/**
 * The send outcome of a Graph API failure.
 * @example sendFailureOf({ code: 131026, httpStatus: 400, message: 'Undeliverable' }).code
 *   // 'unreachable'
 */
export function sendFailureOf(failure: GraphApiFailure): SendFailure {
  const known = failure.code === undefined ? undefined : outcomeOfCode(failure.code);
  const chosen = known ?? outcomeOfHttp(failure.httpStatus);
  const detail = [failure.message, failure.details].filter(Boolean).join(': ');
  const retryAfterSeconds = chosen.retryable
    ? (failure.retryAfterSeconds ?? chosen.backoffSeconds)
    : undefined;

  return {
    code: chosen.code,
    reason:
      `WhatsApp ${failure.code ?? `HTTP ${failure.httpStatus ?? 'error'}`}: ` +
      `${chosen.advice} (${detail})`,
    retryable: chosen.retryable,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(failure.code === undefined ? {} : { providerCode: String(failure.code) }),
  };
}

function outcomeOfCode(code: number): Outcome | undefined {
  const known = OUTCOMES.get(code);
  if (known) return known;
  // Graph's 200-299 range is "API permission" as a whole.
  if (code >= 200 && code <= 299) return notConfigured('the app lacks an API permission');
  return undefined;
}

/** No Meta code: the network failed, or something in between answered. */
function outcomeOfHttp(status: number | undefined): Outcome {
  if (status === undefined || status >= 500) return transient;
  if (status === 429) return rateLimited(60, 'too many requests');
  if (status === 401 || status === 403) return notConfigured('the access token was refused');
  return outcome('provider_error', false, 'the Graph API refused the request');
}
