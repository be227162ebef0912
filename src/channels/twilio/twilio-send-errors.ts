/**
 * What a refused or failed Messages API call means for the delivery. Reasons are written here
 * rather than copied from Twilio, whose messages can quote the phone number, and they end
 * with Twilio's code so an admin can look it up.
 */
import type { SendFailure, SendFailureCode } from '../channel.ts';

interface KnownRefusal {
  code: SendFailureCode;
  reason: string;
}

/** https://www.twilio.com/docs/api/errors */
const KNOWN_REFUSALS: Record<string, KnownRefusal> = {
  '21610': { code: 'opted_out', reason: 'the recipient replied STOP to this sender' },
  '21211': { code: 'unreachable', reason: "the learner's number is not a valid phone number" },
  '21614': { code: 'unreachable', reason: "the learner's number cannot receive SMS" },
  '21612': { code: 'unreachable', reason: 'Twilio cannot route a message to this number' },
  '21408': {
    code: 'not_configured',
    reason: "sending to this country is not enabled in the Twilio account's geo permissions",
  },
  '21606': { code: 'not_configured', reason: 'the "from" number cannot send SMS' },
  '21659': { code: 'not_configured', reason: 'the "from" number is not a Twilio number' },
  '20003': { code: 'not_configured', reason: 'Twilio rejected the Account SID or Auth Token' },
  '20404': { code: 'not_configured', reason: 'the Twilio account or sender was not found' },
  '21703': { code: 'not_configured', reason: 'the Messaging Service has no sender' },
};

/** Too many requests: Twilio queues up to a point, then answers 429 with code 20429. */
const RATE_LIMIT_RETRY_SECONDS = 30;

interface TwilioRestError {
  status: number;
  code?: number;
}

function isTwilioRestError(error: unknown): error is TwilioRestError {
  return (
    typeof error === 'object' && error !== null && typeof Reflect.get(error, 'status') === 'number'
  );
}

/**
 * @example sendFailureFrom(restException) // { code: 'opted_out', retryable: false, ... }
 */
export function sendFailureFrom(error: unknown): SendFailure {
  if (!isTwilioRestError(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      code: 'provider_error',
      reason: `Twilio could not be reached (${detail})`,
      retryable: true,
    };
  }

  const providerCode = error.code === undefined ? undefined : String(error.code);
  const known = providerCode ? KNOWN_REFUSALS[providerCode] : undefined;
  if (known) {
    return {
      ...known,
      reason: `${known.reason} (Twilio ${providerCode})`,
      retryable: false,
      providerCode,
    };
  }
  if (error.status === 429 || providerCode === '20429') {
    return {
      code: 'rate_limited',
      reason: `Twilio asked us to slow down (HTTP 429${providerCode ? `, ${providerCode}` : ''})`,
      retryable: true,
      retryAfterSeconds: RATE_LIMIT_RETRY_SECONDS,
      providerCode,
    };
  }
  if (error.status >= 500) {
    return {
      code: 'provider_error',
      reason: `Twilio failed (HTTP ${error.status}); the send will be retried`,
      retryable: true,
      providerCode,
    };
  }
  return {
    code: 'invalid_request',
    reason:
      `Twilio refused the message (HTTP ${error.status}, ` +
      `Twilio ${providerCode ?? 'without a code'})`,
    retryable: false,
    providerCode,
  };
}
