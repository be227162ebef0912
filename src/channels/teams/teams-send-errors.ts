/**
 * A failed Teams send as an outcome the outbox can act on: retried only when retrying can
 * help, with the provider's own code kept for the admin.
 */
import type { SendFailure } from '../channel.ts';
import { BotConnectorError } from './bot-connector-error.ts';

/** Codes the Bot Connector puts in `{ "error": { "code" } }` when a person cannot be reached. */
const UNREACHABLE_CODES = ['BotNotInConversationRoster', 'ConversationNotFound', 'NotFound'];

export function teamsSendFailure(error: unknown): SendFailure {
  if (!(error instanceof BotConnectorError)) {
    const reason = error instanceof Error ? error.message : String(error);
    return { code: 'provider_error', reason: `Teams send failed: ${reason}`, retryable: true };
  }
  const { status, providerCode, call } = error;
  const keep = providerCode ?? (status === undefined ? undefined : String(status));
  const withCode = (failure: SendFailure): SendFailure =>
    keep === undefined ? failure : { ...failure, providerCode: keep };

  if (call === 'token') {
    if (status !== undefined && status >= 400 && status < 500) {
      return withCode({
        code: 'not_configured',
        reason: 'Microsoft refused the bot credentials (check the app id, secret and tenant)',
        retryable: false,
      });
    }
    return withCode({ code: 'provider_error', reason: error.message, retryable: true });
  }

  if (status === undefined) {
    return { code: 'provider_error', reason: error.message, retryable: true };
  }
  if (providerCode === 'ConversationBlockedByUser') {
    return withCode({
      code: 'opted_out',
      reason: 'the learner blocked the Inflow app in Teams',
      retryable: false,
    });
  }
  if (status === 404 || (status === 403 && UNREACHABLE_CODES.includes(providerCode ?? ''))) {
    return withCode({
      code: 'unreachable',
      reason: 'Teams app not installed for this learner any more (the bot is not in the chat)',
      retryable: false,
    });
  }
  if (status === 401 || status === 403) {
    return withCode({
      code: 'not_configured',
      reason: `the Bot Connector refused the bot's token (${status})`,
      retryable: false,
    });
  }
  if (status === 429) {
    return withCode({
      code: 'rate_limited',
      reason: 'Teams is throttling this bot',
      retryable: true,
      ...(error.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: error.retryAfterSeconds }),
    });
  }
  if (status >= 500 || status === 408 || status === 412) {
    return withCode({ code: 'provider_error', reason: error.message, retryable: true });
  }
  return withCode({
    code: 'invalid_request',
    reason: `the Bot Connector rejected the message (${status})`,
    retryable: false,
  });
}
