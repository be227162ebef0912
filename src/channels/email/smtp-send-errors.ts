/**
 * What an SMTP failure means for a delivery (RFC 5321 §4.2: 4yz replies are transient, 5yz
 * permanent), read from nodemailer's error: its `code` for connection-level failures and the
 * server's `responseCode` for replies.
 */
import type { SendFailure } from '../channel.ts';

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/** Mailbox does not exist, is not allowed, or the address is wrong: the person is unreachable. */
const UNKNOWN_RECIPIENT = [550, 551, 553];
const CONNECTION_CODES = ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET'];

export function smtpSendFailure(error: unknown): SendFailure {
  const failure = (error ?? {}) as NodemailerError;
  const reply = failure.responseCode;
  const providerCode = reply !== undefined ? String(reply) : failure.code;
  const server = (failure.response ?? failure.message ?? '').slice(0, 200);
  const withCode = (outcome: SendFailure): SendFailure =>
    providerCode === undefined ? outcome : { ...outcome, providerCode };

  if (failure.code === 'EAUTH' || reply === 535 || reply === 530) {
    return withCode({
      code: 'not_configured',
      reason: `the mail server refused the login: ${server}`,
      retryable: false,
    });
  }
  if (failure.code === 'ETLS') {
    return withCode({
      code: 'not_configured',
      reason: `TLS with the mail server failed: ${server}`,
      retryable: false,
    });
  }
  if (reply !== undefined && UNKNOWN_RECIPIENT.includes(reply) && isRecipientStep(failure)) {
    return withCode({
      code: 'unreachable',
      reason: `the mail server refused the address: ${server}`,
      retryable: false,
    });
  }
  if (reply !== undefined && reply >= 400 && reply < 500) {
    return withCode({
      code: reply === 421 || reply === 450 || reply === 451 ? 'rate_limited' : 'provider_error',
      reason: `the mail server deferred the message: ${server}`,
      retryable: true,
    });
  }
  if (reply !== undefined && reply >= 500) {
    return withCode({
      code: 'invalid_request',
      reason: `the mail server rejected the message: ${server}`,
      retryable: false,
    });
  }
  if (failure.code && CONNECTION_CODES.includes(failure.code)) {
    return withCode({
      code: 'provider_error',
      reason: `could not reach the mail server: ${server}`,
      retryable: true,
    });
  }
  return withCode({ code: 'provider_error', reason: `sending failed: ${server}`, retryable: true });
}

function isRecipientStep(failure: NodemailerError): boolean {
  return failure.code === 'EENVELOPE' || (failure.command ?? '').toUpperCase().startsWith('RCPT');
}
