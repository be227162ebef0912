import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackRequest } from './slack-signature.ts';

/** The worked example of Slack's "Verifying requests from Slack" guide. */
const SLACK_GUIDE = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&' +
    'channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&' +
    'command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands' +
    '%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.' +
    '47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

/** SL-02's signed request: timestamp 1767225600; the vector computed with openssl. */
const SL_02 = {
  secret: 'fake-signing-secret-8f2b',
  timestamp: '1767225600',
  body:
    '{"token":"legacy-fake-token","challenge":"fake-challenge-7f3c9e",' +
    '"type":"url_verification"}',
  signature: 'v0=9388028f508adb5795abf009f2425d9fcc037dc7873da28efbc8c3c25944c257',
};

const headersOf = (timestamp: string, signature: string) => ({
  'x-slack-request-timestamp': timestamp,
  'x-slack-signature': signature,
});
const at = (seconds: number) => new Date(seconds * 1000);

describe("Slack's signing secret", () => {
  it.each([
    ["the example of Slack's guide", SLACK_GUIDE],
    ['the SL-02 request', SL_02],
  ])('matches the known signature of %s', (_case, vector) => {
    expect(signSlackRequest(vector.body, vector.timestamp, vector.secret)).toBe(vector.signature);
    expect(
      verifySlackRequest(
        headersOf(vector.timestamp, vector.signature),
        vector.body,
        vector.secret,
        at(Number(vector.timestamp)),
      ),
    ).toEqual({ ok: true, value: true });
  });

  it.each([
    [1767225899, '+299 s', true],
    [1767225901, '+301 s', false],
    [1767225299, '−301 s (server clock behind)', false],
    [1767225300, '−300 s (the boundary is inclusive)', true],
  ])('with the server clock at %i (%s) accepts: %s (SL-02)', (now, _label, accepted) => {
    const result = verifySlackRequest(
      headersOf(SL_02.timestamp, SL_02.signature),
      SL_02.body,
      SL_02.secret,
      at(now),
    );

    expect(result.ok).toBe(accepted);
    if (!result.ok) expect(result.error.stale).toBe(true);
  });

  it('refuses a stale request even when its signature is right (a replay)', () => {
    const result = verifySlackRequest(
      headersOf(SLACK_GUIDE.timestamp, SLACK_GUIDE.signature),
      SLACK_GUIDE.body,
      SLACK_GUIDE.secret,
      at(1767225600),
    );

    expect(result).toMatchObject({ ok: false, error: { stale: true } });
    expect(result.ok ? '' : result.error.reason).toContain('old');
  });

  it.each([
    [
      'a signature of another body',
      SL_02.timestamp,
      signSlackRequest(`${SL_02.body} `, SL_02.timestamp, SL_02.secret),
      'does not match',
    ],
    [
      'a signature made with another secret',
      SL_02.timestamp,
      signSlackRequest(SL_02.body, SL_02.timestamp, 'another-secret'),
      'does not match',
    ],
    ['a timestamp changed after signing', '1767225601', SL_02.signature, 'does not match'],
    ['a timestamp that is not a number', '2026-01-01T00:00:00Z', SL_02.signature, 'Unix time'],
    ['no signature', SL_02.timestamp, '', 'missing'],
  ])('refuses %s', (_case, timestamp, signature, reason) => {
    const result = verifySlackRequest(
      headersOf(timestamp, signature),
      SL_02.body,
      SL_02.secret,
      at(1767225600),
    );

    expect(result).toMatchObject({ ok: false, error: { stale: false } });
    expect(result.ok ? '' : result.error.reason).toContain(reason);
  });
});
