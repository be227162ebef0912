import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';

import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { startDeliveryScenario } from '../../../test/support/delivery-scenario.ts';
import { learner } from '../../../test/support/scenario.ts';
import { storageUnderTest } from '../../../test/support/test-runtime.ts';
import { rejectWebhook, type Channel, type SendRequest } from '../../channels/channel.ts';
import {
  LayeredChannelRegistry,
  StaticChannelRegistry,
  type ChannelRegistry,
} from '../../channels/channel-registry.ts';
import { createChannelSetup } from '../../channels/credentials/channel-setup.ts';
import type { DeliverySettings } from '../delivery-settings.ts';
import { claimDueLessons } from '../due-lessons.ts';
import { deliveryStatus } from '../operations.ts';
import { requeueDeadLetter } from './dead-letters.ts';

type Scenario = Awaited<ReturnType<typeof startDeliveryScenario>>;

const KEY = randomBytes(32).toString('base64');
const TWILIO = {
  accountSid: `AC${'7d'.repeat(16)}`,
  authToken: 'token-0123456789abcdef',
  from: '+15005550006',
};

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

/** One learner enrolled on SMS at 09:00 New York (13:00 UTC), reachable by phone and email. */
async function smsScenario(settings: Partial<Omit<DeliverySettings, 'holidays'>> = {}) {
  const started = await startDeliveryScenario({
    start: '2026-06-15T12:00:00Z',
    course: readingCourse(2),
    learners: [learner({ email: 'ana@example.com' })],
    settings,
    dispatcher: { retry: { maxAttempts: 3, baseDelaySeconds: 10, maxDelaySeconds: 60 } },
  });
  await started.context.db.updateTable('enrolments').set({ channel: 'sms' }).execute();
  await started.context.db
    .updateTable('learners')
    .set({ phone: '+14155550134', channelIds: JSON.stringify({ slack: 'U0ANA' }) })
    .execute();
  return started;
}

/** Channels of the organization: `front` first, then the scenario's email channel. */
function useChannels(s: Scenario, front: ChannelRegistry) {
  s.context.channels = new LayeredChannelRegistry([front, s.context.channels]);
}

/** The credential registry of a worker process, with or without INFLOW_CREDENTIALS_KEY. */
function credentialRegistry(s: Scenario, credentialsKey: string | undefined) {
  const storage = { db: s.context.db, logger: s.context.logger, clock: s.clock };
  return createChannelSetup(storage, { credentialsKey }).registry;
}

async function saveSmsCredentials(s: Scenario) {
  const storage = { db: s.context.db, logger: s.context.logger, clock: s.clock };
  const { store } = createChannelSetup(storage, { credentialsKey: KEY });
  const saved = await store.save(s.org.id, 'sms', TWILIO, s.clock.now());
  if (!saved.ok) throw new Error(saved.error.message);
}

const lesson = (s: Scenario) =>
  s.context.db
    .selectFrom('deliveries')
    .select(['id', 'status', 'channel', 'attempts', 'errorCode', 'errorReason'])
    .where('kind', '=', 'lesson')
    .orderBy('idempotencyKey')
    .executeTakeFirstOrThrow();

const attemptLog = (s: Scenario) =>
  s.context.db
    .selectFrom('deliveryAttempts')
    .select(['channel', 'outcome', 'attempt', 'errorCode'])
    .orderBy('id')
    .execute();

/** A provider channel that refuses every message for good, as for a number it cannot reach. */
function refusingChannel(kind: 'sms' | 'whatsapp' | 'slack', calls: string[]): Channel {
  return {
    kind,
    send: async (request: SendRequest) => {
      calls.push(kind);
      return {
        ok: false,
        error: {
          code: 'invalid_request',
          reason: `${kind} cannot reach ${request.to}`,
          retryable: false,
        },
      };
    },
    receiveWebhook: async () => rejectWebhook(405, 'no webhooks in this test'),
  };
}

describe(`a channel that is not configured, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('fails an SMS lesson at once when the worker has no INFLOW_CREDENTIALS_KEY', async () => {
    scenario = await smsScenario();
    await saveSmsCredentials(scenario);
    useChannels(scenario, credentialRegistry(scenario, undefined));

    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();
    await scenario.runUntil('2026-06-15T15:00:00Z');

    const row = await lesson(scenario);
    expect(row).toMatchObject({ status: 'failed', channel: 'sms', errorCode: 'not_configured' });
    expect(row.errorReason).toContain(`sms channel of organization ${scenario.org.id}`);
    expect(row.errorReason).toContain('INFLOW_CREDENTIALS_KEY is not set');
    expect(await attemptLog(scenario)).toEqual([
      { channel: 'sms', outcome: 'failed', attempt: 1, errorCode: 'not_configured' },
    ]);
  });

  it('names the channel and organization without credentials, in the status report', async () => {
    scenario = await smsScenario();
    useChannels(scenario, credentialRegistry(scenario, KEY));

    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();

    const row = await lesson(scenario);
    const reason = `no sms channel is configured for organization ${scenario.org.id}`;
    expect(row).toMatchObject({ status: 'failed', errorCode: 'not_configured' });
    expect(row.errorReason).toBe(reason);
    const report = await deliveryStatus(scenario.context, scenario.org.id);
    expect(report.deadLetters.total).toBe(1);
    expect(report.deadLetters.latest).toEqual([
      expect.objectContaining({
        deliveryId: row.id,
        status: 'failed',
        channel: 'sms',
        errorCode: 'not_configured',
        reason,
      }),
    ]);
  });

  it('takes the fallback channel when SMS credentials cannot be opened', async () => {
    scenario = await smsScenario({ fallbackChannels: ['email'] });
    await saveSmsCredentials(scenario);
    useChannels(scenario, credentialRegistry(scenario, undefined));

    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();

    expect(await lesson(scenario)).toMatchObject({
      status: 'sent',
      channel: 'email',
      errorCode: 'not_configured',
    });
    expect(scenario.provider.visibleMessages().map((message) => message.to)).toContain(
      'ana@example.com',
    );
  });

  it('says why each channel failed when the fallback is not configured either', async () => {
    scenario = await smsScenario({ fallbackChannels: ['slack'] });
    useChannels(scenario, credentialRegistry(scenario, KEY));

    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();

    const row = await lesson(scenario);
    expect(row).toMatchObject({ status: 'failed', errorCode: 'not_configured' });
    expect(row.errorReason).toBe(
      'no channel could take it: ' +
        `sms: no sms channel is configured for organization ${scenario.org.id}; ` +
        `slack: no slack channel is configured for organization ${scenario.org.id}`,
    );
  });
});

describe(`an unexpected error while sending, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('counts each as an attempt and dead-letters the delivery after maxAttempts', async () => {
    scenario = await smsScenario();
    useChannels(scenario, {
      forOrganization: async () => {
        throw new TypeError('adapter bug');
      },
      kinds: () => ['sms'],
    });

    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();
    expect(await lesson(scenario)).toMatchObject({
      status: 'queued',
      attempts: 1,
      errorCode: 'internal_error',
    });

    await scenario.runUntil('2026-06-15T14:00:00Z');

    expect(await lesson(scenario)).toMatchObject({
      status: 'dead',
      attempts: 3,
      errorCode: 'internal_error',
      errorReason: 'gave up after 3 attempts; last: unexpected error: adapter bug',
    });
    expect((await attemptLog(scenario)).map((row) => [row.outcome, row.attempt])).toEqual([
      ['retry', 1],
      ['retry', 2],
      ['dead', 3],
    ]);
  });
});

describe(`fallback channels that all refuse, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('tries each channel once, never bouncing between two fallbacks, then fails', async () => {
    scenario = await smsScenario({ fallbackChannels: ['whatsapp', 'slack'] });
    const calls: string[] = [];
    const refusing = (['sms', 'whatsapp', 'slack'] as const).map((kind) =>
      refusingChannel(kind, calls),
    );
    useChannels(scenario, new StaticChannelRegistry(refusing));

    scenario.clock.set('2026-06-15T13:00:00Z');
    await claimDueLessons(scenario.context, scenario.clock.now());
    // Bounded rounds: before each channel was remembered, the delivery bounced for ever.
    await scenario.dispatcher.dispatchReady(12);

    expect(calls).toEqual(['sms', 'whatsapp', 'slack']);
    const row = await lesson(scenario);
    expect(row).toMatchObject({ status: 'failed', channel: 'slack', errorCode: 'invalid_request' });
    expect(row.errorReason).toBe(
      'no channel could take it: sms: sms cannot reach +14155550134; ' +
        'whatsapp: whatsapp cannot reach +14155550134; slack: slack cannot reach U0ANA',
    );
  });

  it('tries every channel once more after an admin sends the failed delivery again', async () => {
    scenario = await smsScenario({ fallbackChannels: ['whatsapp', 'slack'] });
    const calls: string[] = [];
    const refusing = (['sms', 'whatsapp', 'slack'] as const).map((kind) =>
      refusingChannel(kind, calls),
    );
    useChannels(scenario, new StaticChannelRegistry(refusing));
    scenario.clock.set('2026-06-15T13:00:00Z');
    await claimDueLessons(scenario.context, scenario.clock.now());
    await scenario.dispatcher.dispatchReady(12);

    const requeued = await requeueDeadLetter(scenario.context, (await lesson(scenario)).id);
    await scenario.dispatcher.dispatchReady(12);

    expect(requeued.ok).toBe(true);
    expect(calls).toEqual(['sms', 'whatsapp', 'slack', 'sms', 'whatsapp', 'slack']);
    expect(await lesson(scenario)).toMatchObject({ status: 'failed', channel: 'slack' });
  });
});
