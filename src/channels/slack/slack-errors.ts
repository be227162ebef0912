/**
 * Errors of the Slack Web API client turned into send outcomes. A 429 keeps the seconds of
 * Slack's `Retry-After`, so the queue waits exactly as long as Slack asked; the client is
 * configured not to retry by itself, which would hide that number.
 */
import {
  ErrorCode,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
} from '@slack/web-api';
import type { SendFailure, SendFailureCode } from '../channel.ts';

const PLATFORM_ERRORS: Readonly<Record<string, [SendFailureCode, boolean, string]>> = {
  user_not_found: ['unreachable', false, 'no such Slack user in this workspace'],
  user_not_visible: ['unreachable', false, 'the app cannot see this Slack user'],
  user_disabled: ['unreachable', false, 'the Slack account is deactivated'],
  cannot_dm_bot: ['unreachable', false, 'the Slack id belongs to a bot'],
  channel_not_found: ['unreachable', false, 'the direct message channel is gone'],
  is_archived: ['unreachable', false, 'the direct message channel is archived'],
  not_authed: ['not_configured', false, 'no bot token was sent'],
  invalid_auth: ['not_configured', false, 'the bot token is not valid'],
  token_revoked: ['not_configured', false, 'the bot token was revoked'],
  token_expired: ['not_configured', false, 'the bot token expired'],
  account_inactive: ['not_configured', false, 'the app was removed or its user deactivated'],
  missing_scope: ['not_configured', false, 'the bot token lacks a scope (chat:write, im:write)'],
  not_allowed_token_type: ['not_configured', false, 'a bot token (xoxb-) is needed'],
  team_access_not_granted: ['not_configured', false, 'the app is not installed here'],
  msg_too_long: ['invalid_request', false, 'the message is too long for Slack'],
  invalid_blocks: ['invalid_request', false, 'Slack refused the Block Kit blocks'],
  invalid_blocks_format: ['invalid_request', false, 'Slack refused the Block Kit blocks'],
  no_text: ['invalid_request', false, 'the message has no text'],
  invalid_arguments: ['invalid_request', false, 'Slack refused the arguments'],
  restricted_action: ['invalid_request', false, 'a workspace policy forbids this message'],
  ratelimited: ['rate_limited', true, 'Slack rate limit'],
  internal_error: ['provider_error', true, 'Slack had an internal error'],
  fatal_error: ['provider_error', true, 'Slack had a fatal error'],
  service_unavailable: ['provider_error', true, 'Slack is unavailable'],
  request_timeout: ['provider_error', true, 'Slack timed out'],
};

/** Seconds to wait after a retryable failure that came without Retry-After. */
const DEFAULT_BACKOFF_SECONDS = 30;

export function sendFailureOfSlackError(error: unknown): SendFailure {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case ErrorCode.RateLimitedError: {
      const retryAfter = (error as WebAPIRateLimitedError).retryAfter;
      return {
        code: 'rate_limited',
        reason: `Slack answered 429: retry after ${retryAfter} s`,
        retryable: true,
        retryAfterSeconds: retryAfter,
        providerCode: '429',
      };
    }
    case ErrorCode.PlatformError: {
      const slackError = (error as WebAPIPlatformError).data.error;
      const [failure, retryable, advice] = PLATFORM_ERRORS[slackError] ?? [
        'provider_error',
        false,
        'Slack refused the call',
      ];
      return {
        code: failure,
        reason: `Slack ${slackError}: ${advice}`,
        retryable,
        ...(retryable ? { retryAfterSeconds: DEFAULT_BACKOFF_SECONDS } : {}),
        providerCode: slackError,
      };
    }
    case ErrorCode.HTTPError: {
      const status = (error as WebAPIHTTPError).statusCode;
      const retryable = status >= 500;
      return {
        code: 'provider_error',
        reason: `Slack answered HTTP ${status}`,
        retryable,
        ...(retryable ? { retryAfterSeconds: DEFAULT_BACKOFF_SECONDS } : {}),
        providerCode: String(status),
      };
    }
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return {
        code: 'provider_error',
        reason: `Slack could not be reached: ${message}`,
        retryable: true,
        retryAfterSeconds: DEFAULT_BACKOFF_SECONDS,
      };
    }
  }
}
