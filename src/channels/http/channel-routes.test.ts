import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../shared/logger.ts';
import { createChannelSetup } from '../credentials/channel-setup.ts';
import { FakeTwilio } from '../twilio/testing/fake-twilio.ts';
import { signTwilioRequest } from '../twilio/testing/twilio-signing.ts';

const KEY = randomBytes(32).toString('base64');
const ACCOUNT_SID = `AC${'7d'.repeat(16)}`;
const AUTH_TOKEN = 'rest-secret-token-0123456789abcd';
const PUBLIC = 'https://inflow.example.com';
const credentials = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006' };

describe(`/api/v1/organizations/{org}/channels (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let fake: FakeTwilio;
  let app: ReturnType<typeof createApp>;
  const logLines: string[] = [];

  const call = async (path: string, method = 'GET', body?: unknown) => {
    const response = await app.request(`/api/v1/organizations/acme${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    fake = await new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
    const logger = createLogger({
      level: 'trace',
      destination: { write: (line: string) => logLines.push(line) },
    });
    const options = {
      credentialsKey: KEY,
      publicBaseUrl: PUBLIC,
      apiBaseUrls: { twilio: fake.baseUrl },
    };
    // As `inflow serve` wires it: webhooks find adapters through the credential registry.
    const { registry } = createChannelSetup({ ...runtime.context, logger }, options);
    app = createApp({ ...runtime.context, logger, channels: registry }, options);
    await app.request('/api/v1/organizations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme', slug: 'acme' }),
    });
  });
  afterAll(async () => {
    await fake?.stop();
    await runtime?.close();
  });

  it('stores credentials and answers with the settings and secret names only', async () => {
    const saved = await call('/channels/sms', 'PUT', credentials);
    const one = await call('/channels/sms');
    const list = await call('/channels');

    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({
      channel: 'sms',
      settings: { accountSid: ACCOUNT_SID, from: '+15005550006', maxSegments: 3 },
      secretFields: ['authToken'],
      revision: 1,
      lastCheck: null,
    });
    expect(one.json).toEqual(saved.json);
    expect(list.json).toMatchObject({
      items: [{ channel: 'sms' }],
      kinds: expect.arrayContaining(['sms']),
    });
    for (const answer of [saved, one, list]) expect(answer.text).not.toContain(AUTH_TOKEN);
  });

  it('checks the credentials with Twilio without sending, and records the result', async () => {
    await call('/channels/sms', 'PUT', credentials);
    fake.requests.length = 0;

    const checked = await call('/channels/sms/check', 'POST');
    const after = await call('/channels/sms');

    expect(checked.json).toEqual({
      channel: 'sms',
      ok: true,
      message: 'Twilio account "Inflow test account" is active (Full)',
    });
    // The Account resource carries the token; the answer must not pass it on.
    expect(checked.text).not.toContain(AUTH_TOKEN);
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /2010-04-01/Accounts/${ACCOUNT_SID}.json`,
    ]);
    expect(fake.messages).toEqual([]);
    expect(after.json).toMatchObject({ lastCheck: { ok: true } });
  });

  it('reports credentials Twilio refuses, with a reason an admin can act on', async () => {
    await call('/channels/sms', 'PUT', { ...credentials, authToken: 'a-wrong-token-0123456789' });

    const checked = await call('/channels/sms/check', 'POST');

    expect(checked.json).toMatchObject({ ok: false, message: expect.stringContaining('20003') });
    expect((await call('/channels/sms')).json).toMatchObject({
      revision: 3,
      lastCheck: { ok: false },
    });
    await call('/channels/sms', 'PUT', credentials);
  });

  it('refuses invalid credentials with each field at fault', async () => {
    const refused = await call('/channels/sms', 'PUT', {
      accountSid: 'AC123',
      authToken: AUTH_TOKEN,
    });

    expect(refused.status).toBe(400);
    const paths = refused.json.error.details.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['body.accountSid', 'body.from']));
    expect(refused.text).not.toContain(AUTH_TOKEN);
  });

  it('answers 404 for a kind without a provider adapter or without credentials', async () => {
    expect((await call('/channels/pager', 'PUT', {})).status).toBe(404);
    expect((await call('/channels/pager')).status).toBe(404);
    expect((await call('/channels/pager/check', 'POST')).status).toBe(404);
  });

  it('answers 503 with what to set when the server has no INFLOW_CREDENTIALS_KEY', async () => {
    const keyless = createApp(runtime.context);

    const response = await keyless.request('/api/v1/organizations/acme/channels/sms', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });

    expect(response.status).toBe(503);
    expect(await response.text()).toContain('INFLOW_CREDENTIALS_KEY is not set');
  });

  it("routes Twilio's webhook to the organization's adapter and checks the signature", async () => {
    const url = `${PUBLIC}/webhooks/sms/acme`;
    const params = {
      AccountSid: ACCOUNT_SID,
      Body: 'hello',
      From: '+14155550100',
      MessageSid: 'SMrestroute',
      SmsStatus: 'received',
      To: '+15005550006',
    };
    const post = (signature: string) =>
      app.request('/webhooks/sms/acme', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        },
        body: new URLSearchParams(params).toString(),
      });

    const forged = await post(signTwilioRequest('forged-token-0123456789abcdef', url, params));
    const genuine = await post(signTwilioRequest(AUTH_TOKEN, url, params));

    expect(forged.status).toBe(401);
    expect(genuine.status).toBe(200);
    expect(genuine.headers.get('content-type')).toContain('text/xml');
    expect(await genuine.text()).toContain('<Response></Response>');
  });

  it('deletes credentials', async () => {
    expect((await call('/channels/sms', 'DELETE')).status).toBe(204);
    expect((await call('/channels/sms')).status).toBe(404);
    expect((await call('/channels/sms', 'DELETE')).status).toBe(404);
  });

  it('never wrote the auth token to the logs', () => {
    expect(logLines.length).toBeGreaterThan(5);
    expect(logLines.join('\n')).not.toContain(AUTH_TOKEN);
  });
});
