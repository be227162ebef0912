import { describe, expect, it } from 'vitest';
import { sendFailureOf } from './whatsapp-errors.ts';

describe('Meta error codes as send outcomes', () => {
  it.each([
    [131047, 'outside_window', false, undefined],
    [131026, 'unreachable', false, undefined],
    [1013, 'unreachable', false, undefined],
    [131050, 'unreachable', false, undefined],
    [130429, 'rate_limited', true, 30],
    [131056, 'rate_limited', true, 60],
    [4, 'rate_limited', true, 60],
    [80007, 'rate_limited', true, 60],
    [131048, 'rate_limited', true, 3600],
    [131051, 'invalid_request', false, undefined],
    [131009, 'invalid_request', false, undefined],
    [132001, 'not_configured', false, undefined],
    [132000, 'not_configured', false, undefined],
    [190, 'not_configured', false, undefined],
    [250, 'not_configured', false, undefined],
    [131000, 'provider_error', true, 30],
    [131049, 'provider_error', false, undefined],
  ])('code %i → %s (retryable %s, after %s s)', (code, outcome, retryable, after) => {
    const failure = sendFailureOf({ code, httpStatus: 400, message: `(#${code}) Meta says no` });

    expect(failure).toMatchObject({ code: outcome, retryable, providerCode: String(code) });
    expect(failure.retryAfterSeconds).toBe(after);
  });

  it('prefers the Retry-After Meta sent over its own backoff', () => {
    const failure = sendFailureOf({
      code: 130429,
      httpStatus: 429,
      message: 'Rate limit hit',
      retryAfterSeconds: 7,
    });

    expect(failure.retryAfterSeconds).toBe(7);
  });

  it('keeps Meta message and details in the reason for the admin', () => {
    const failure = sendFailureOf({
      code: 131026,
      httpStatus: 400,
      message: 'Message undeliverable',
      details: 'Recipient is not a valid WhatsApp user',
    });

    expect(failure.reason).toBe(
      'WhatsApp 131026: the number is not on WhatsApp, or its app is ' +
        'too old (Message undeliverable: Recipient is not a valid WhatsApp user)',
    );
  });

  it.each([
    ['a network failure', undefined, 'provider_error', true],
    ['an HTTP 503 without Meta JSON', 503, 'provider_error', true],
    ['an HTTP 429 without Meta JSON', 429, 'rate_limited', true],
    ['an HTTP 401 without Meta JSON', 401, 'not_configured', false],
    ['an unknown 4xx', 400, 'provider_error', false],
  ])('maps %s', (_case, httpStatus, code, retryable) => {
    expect(sendFailureOf({ httpStatus, message: 'no JSON' })).toMatchObject({ code, retryable });
  });

  it('maps an unknown Meta code by its HTTP status and still keeps the code', () => {
    const failure = sendFailureOf({ code: 999999, httpStatus: 500, message: 'new error' });

    expect(failure).toMatchObject({
      code: 'provider_error',
      retryable: true,
      providerCode: '999999',
    });
  });
});
