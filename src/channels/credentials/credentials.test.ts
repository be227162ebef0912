import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { createLogger } from '../../shared/logger.ts';
import { FakeTwilio } from '../twilio/testing/fake-twilio.ts';
import { createChannelSetup } from './channel-setup.ts';
import { checkChannelCredentials } from './check-channel-credentials.ts';
import { openSecrets, sealSecrets } from './credentials-cipher.ts';
import { CredentialsKeyMissingError, parseCredentialsKey } from './credentials-key.ts';

const KEY_TEXT = randomBytes(32).toString('base64');
const OTHER_KEY_TEXT = randomBytes(32).toString('hex');
const ACCOUNT_SID = `AC${'3c'.repeat(16)}`;
const AUTH_TOKEN = 'sekr1t-token-0123456789abcdef-xyz';
const credentials = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006' };

const keyOf = (text: string) => {
  const parsed = parseCredentialsKey(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('credentials key and cipher', () => {
  it.each([
    ['base64', randomBytes(32).toString('base64')],
    ['hex', randomBytes(32).toString('hex')],
  ])('accepts 32 bytes in %s', (_label, text) => {
    expect(parseCredentialsKey(text)).toMatchObject({ ok: true });
  });

  it.each(['', 'short', randomBytes(16).toString('base64'), randomBytes(31).toString('hex')])(
    'refuses "%s" with how to make a key',
    (text) => {
      const parsed = parseCredentialsKey(text);
      expect(parsed.ok ? '' : parsed.error).toContain('openssl rand -base64 32');
    },
  );

  it('opens what it sealed, only with the same key and the same organization and channel', () => {
    const key = keyOf(KEY_TEXT);
    const sealed = sealSecrets(key, 'org-1:sms', '{"authToken":"abc"}');

    expect(sealed).not.toContain('abc');
    expect(openSecrets(key, 'org-1:sms', sealed)).toEqual({
      ok: true,
      value: '{"authToken":"abc"}',
    });
    expect(openSecrets(key, 'org-2:sms', sealed).ok).toBe(false);
    expect(openSecrets(keyOf(OTHER_KEY_TEXT), 'org-1:sms', sealed).ok).toBe(false);
  });

  it('uses a fresh nonce for every seal', () => {
    const key = keyOf(KEY_TEXT);

    expect(sealSecrets(key, 'a', 'same')).not.toBe(sealSecrets(key, 'a', 'same'));
  });
});

describe(`channel credential store and registry (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let fake: FakeTwilio;
  let organizationId: string;
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'trace',
    destination: { write: (line) => logLines.push(line) },
  });
  const setupWith = (key: string | undefined) =>
    createChannelSetup(
      { db: runtime.context.db, logger, clock: runtime.clock },
      { credentialsKey: key, apiBaseUrls: { twilio: fake.baseUrl } },
    );

  beforeAll(async () => {
    runtime = await startTestRuntime();
    fake = await new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
    organizationId = (await createOrganization(runtime.context.db, { name: 'Acme' })).id;
  });
  afterAll(async () => {
    await fake?.stop();
    await runtime?.close();
  });

  it('stores the auth token only as ciphertext and reads it back', async () => {
    const { store } = setupWith(KEY_TEXT);

    const saved = await store.save(organizationId, 'sms', credentials, runtime.clock.now());
    const rows = await sql<Record<string, unknown>>`select * from channel_credentials`.execute(
      runtime.context.db,
    );
    const loaded = await store.load(organizationId, 'sms');

    expect(saved).toMatchObject({
      ok: true,
      value: { channel: 'sms', secretFields: ['authToken'] },
    });
    expect(JSON.stringify(rows.rows)).not.toContain(AUTH_TOKEN);
    expect(rows.rows[0]).toMatchObject({
      settings: { accountSid: ACCOUNT_SID, from: '+15005550006' },
    });
    expect(String(rows.rows[0]?.secretsCiphertext)).toMatch(/^v1\./);
    expect(loaded?.credentials).toMatchObject({ authToken: AUTH_TOKEN, maxSegments: 3 });
    expect(JSON.stringify(saved)).not.toContain(AUTH_TOKEN);
  });

  it('refuses invalid credentials with each field at fault, and stores nothing', async () => {
    const { store } = setupWith(KEY_TEXT);
    const other = (await createOrganization(runtime.context.db, { name: 'Other' })).id;

    const saved = await store.save(
      other,
      'sms',
      { accountSid: 'nope', authToken: 'x' },
      runtime.clock.now(),
    );

    expect(saved.ok).toBe(false);
    const paths = saved.ok
      ? []
      : saved.error.kind === 'invalid'
        ? saved.error.issues.map((i) => i.path)
        : [];
    expect(paths).toEqual(expect.arrayContaining(['accountSid', 'authToken']));
    expect(await store.list(other)).toEqual([]);
  });

  it('refuses a channel no provider adapter serves', async () => {
    const saved = await setupWith(KEY_TEXT).store.save(
      organizationId,
      'pager',
      {},
      runtime.clock.now(),
    );

    expect(saved).toMatchObject({ ok: false, error: { kind: 'unknown_channel' } });
  });

  it('says which variable to set when credentials are used without a key', async () => {
    const { store, registry } = setupWith(undefined);

    await expect(
      store.save(organizationId, 'sms', credentials, runtime.clock.now()),
    ).rejects.toThrow(CredentialsKeyMissingError);
    await expect(registry.forOrganization(organizationId, 'sms')).rejects.toThrow(
      /INFLOW_CREDENTIALS_KEY is not set/,
    );
  });

  it('explains a key that cannot open the stored credentials', async () => {
    await expect(
      setupWith(OTHER_KEY_TEXT).registry.forOrganization(organizationId, 'sms'),
    ).rejects.toThrow(/cannot be decrypted.*same INFLOW_CREDENTIALS_KEY/);
  });

  it('fails the check of credentials sealed with another key, and checks the rest', async () => {
    // Regression: one unreadable row made `inflow channels check` crash with a stack trace.
    const sealedElsewhere = (await createOrganization(runtime.context.db, { name: 'Elsewhere' }))
      .id;
    await setupWith(OTHER_KEY_TEXT).store.save(
      sealedElsewhere,
      'sms',
      credentials,
      runtime.clock.now(),
    );
    const { store, registry } = setupWith(KEY_TEXT);
    await store.save(organizationId, 'sms', credentials, runtime.clock.now());

    const unreadable = await checkChannelCredentials(
      store,
      registry,
      sealedElsewhere,
      runtime.clock.now(),
    );
    const readable = await checkChannelCredentials(
      store,
      registry,
      organizationId,
      runtime.clock.now(),
    );

    expect(unreadable).toEqual([
      {
        channel: 'sms',
        result: {
          ok: false,
          error: expect.stringMatching(/cannot be decrypted.*same INFLOW_CREDENTIALS_KEY/),
        },
      },
    ]);
    expect(readable).toMatchObject([{ channel: 'sms', result: { ok: true } }]);
    expect((await store.summary(sealedElsewhere, 'sms'))?.lastCheck).toMatchObject({
      ok: false,
    });
  });

  it('caches an adapter per organization and kind, rebuilt when credentials change', async () => {
    const { store, registry } = setupWith(KEY_TEXT);

    const first = await registry.forOrganization(organizationId, 'sms');
    const again = await registry.forOrganization(organizationId, 'sms');
    // Another process (the API) saves new credentials: the worker's registry sees the revision.
    await setupWith(KEY_TEXT).store.save(
      organizationId,
      'sms',
      { ...credentials, maxSegments: 2 },
      runtime.clock.now(),
    );
    const rebuilt = await registry.forOrganization(organizationId, 'sms');
    await store.remove(organizationId, 'sms');
    const removed = await registry.forOrganization(organizationId, 'sms');

    expect(first?.kind).toBe('sms');
    expect(again).toBe(first);
    expect(rebuilt).not.toBe(first);
    expect(removed).toBeUndefined();
    expect(await registry.forOrganization(organizationId, 'slack')).toBeUndefined();
    expect(registry.kinds()).toContain('sms');
  });

  it('never logs the auth token while saving, building, checking and sending', async () => {
    const { store, registry } = setupWith(KEY_TEXT);
    await store.save(organizationId, 'sms', credentials, runtime.clock.now());
    const channel = await registry.forOrganization(organizationId, 'sms');
    await channel?.send({
      to: '+14155550134',
      message: { text: 'Hi' },
      idempotencyKey: 'log-check-1',
    });
    fake.failNextSend({ status: 401, code: 20003, message: `bad token ${AUTH_TOKEN}` });
    await channel?.send({
      to: '+14155550134',
      message: { text: 'Hi' },
      idempotencyKey: 'log-check-2',
    });

    expect(logLines.length).toBeGreaterThan(1);
    expect(logLines.join('\n')).not.toContain(AUTH_TOKEN);
  });
});
