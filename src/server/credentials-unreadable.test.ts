import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { CHANNEL_FACTORIES } from '../channels/channel-factories.ts';
import { createChannelSetup } from '../channels/credentials/channel-setup.ts';
import { createOrganization } from '../organizations/organization-repository.ts';
import { createLogger } from '../shared/logger.ts';
import { createApp } from './app.ts';
import { apiClient, type ErrorBody } from './testing/api-client.ts';

const KEY = randomBytes(32).toString('base64');
const OTHER_KEY = randomBytes(32).toString('base64');
const AUTH_TOKEN = 'webhook-secret-token-0123456789abcdef';
const KINDS = CHANNEL_FACTORIES.map((factory) => factory.kind);

/**
 * Regression: an organization with stored credentials, on a server without the key they were
 * sealed with, made every webhook of that channel a 500. It is a 503 that says what to fix.
 */
describe(`channel credentials the server cannot read (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => logLines.push(line) },
  });

  /** The API of a server started with this INFLOW_CREDENTIALS_KEY, or none. */
  const serverWith = (credentialsKey: string | undefined) => {
    const setup = createChannelSetup(
      { db: runtime.context.db, logger, clock: runtime.clock },
      { credentialsKey },
    );
    return apiClient(createApp({ ...runtime.context, logger, channels: setup.registry }));
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    const organization = await createOrganization(runtime.context.db, {
      name: 'Acme',
      slug: 'acme',
    });
    const { store } = createChannelSetup(
      { db: runtime.context.db, logger, clock: runtime.clock },
      { credentialsKey: KEY },
    );
    const saved = await store.save(
      organization.id,
      'sms',
      { accountSid: `AC${'5a'.repeat(16)}`, authToken: AUTH_TOKEN, from: '+15005550006' },
      runtime.clock.now(),
    );
    expect(saved.ok).toBe(true);
    // Every other kind gets a row too: the fault is in loading, before any adapter's code.
    await runtime.context.db
      .insertInto('channelCredentials')
      .values(
        KINDS.filter((kind) => kind !== 'sms').map((channel) => ({
          organizationId: organization.id,
          channel,
          settings: JSON.stringify({}),
          secretsCiphertext: 'v1.AAAA.AAAA.AAAA',
          keyId: 'somewhere-else',
          createdAt: runtime.clock.now(),
          updatedAt: runtime.clock.now(),
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it.each(KINDS.flatMap((kind) => [
    [kind, 'no key', undefined, /INFLOW_CREDENTIALS_KEY is not set on this server/],
    [kind, 'another key', OTHER_KEY, /saved with a different INFLOW_CREDENTIALS_KEY/],
  ] as const))(
    'answers 503 to a %s webhook when the server has %s',
    async (kind, _case, key, reason) => {
      const response = await serverWith(key).postRaw<ErrorBody>(`/webhooks/${kind}/acme`, '{}', {
        'content-type': 'application/json',
      });

      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('credentials_unreadable');
      expect(response.body.error.message).toContain(
        `cannot read the ${kind} channel credentials of this organization`,
      );
      expect(response.body.error.message).toMatch(reason);
      expect(JSON.stringify(response.body)).not.toContain(AUTH_TOKEN);
    },
  );

  it('answers 503 to the verification handshake (GET) as well', async () => {
    const response = await serverWith(undefined).get<ErrorBody>('/webhooks/whatsapp/acme');

    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('credentials_unreadable');
  });

  it('answers 503 on an API route that needs the adapter (Slack learner links)', async () => {
    const api = serverWith(undefined);

    const links = await api.post<ErrorBody>('/api/v1/organizations/acme/slack/learner-links', {});

    expect(links.status).toBe(503);
    expect(links.body.error.message).toContain('slack channel credentials');
  });

  it('logs why for the operator, at warn, without the secret', async () => {
    const logs = logLines.join('');

    expect(logs).toContain('channel credentials unreadable');
    expect(logs).toContain('cannot be decrypted');
    expect(logs).not.toContain(AUTH_TOKEN);
    expect(logs).not.toContain('request failed unexpectedly');
  });
});
