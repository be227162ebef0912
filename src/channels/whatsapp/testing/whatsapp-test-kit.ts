/**
 * One organization with a WhatsApp adapter pointed at a fake Graph API, on a fresh test
 * database, for the adapter's tests. Webhooks from the fake go straight to the adapter's
 * receiveWebhook; the events it returns are kept for assertions.
 */
import { learner } from '../../../../test/support/scenario.ts';
import { startTestRuntime } from '../../../../test/support/test-runtime.ts';
import { createOrganization } from '../../../organizations/organization-repository.ts';
import { upsertLearners, type LearnerInput } from '../../../people/learner-repository.ts';
import type { ManualClock } from '../../../shared/clock.ts';
import { silentLogger } from '../../../shared/logger.ts';
import type { ChannelEvent, WebhookResult } from '../../channel.ts';
import type { WhatsAppChannel } from '../whatsapp-channel.ts';
import { whatsappFactory, type WhatsAppCredentials } from '../whatsapp-factory.ts';
import { FakeGraphApi } from './fake-graph-api.ts';
import { FAKE_BUSINESS } from './whatsapp-webhook-bodies.ts';

export const TEST_CREDENTIALS: WhatsAppCredentials = {
  phoneNumberId: FAKE_BUSINESS.phoneNumberId,
  accessToken: 'EAAFAKE-system-user-token-0001',
  appSecret: 'fake-app-secret-01',
  verifyToken: 'fake-verify-token-01',
  graphApiVersion: 'v23.0',
  windowMarginSeconds: 60,
};

/** Templates approved at the fake "Meta": name/language → number of body parameters. */
export const APPROVED_TEMPLATES = { 'lesson_ready/en_US': 2, 'leccion_lista/es': 2 };

export async function startWhatsAppKit(
  options: { clock?: ManualClock; windowRefusal?: 'sync' | 'async' } = {},
) {
  const runtime = await startTestRuntime({ clock: options.clock });
  const { db, clock } = runtime.context;
  const organization = await createOrganization(db, { name: 'Acme Logistics', slug: 'acme' });
  const fake = await new FakeGraphApi({
    accessToken: TEST_CREDENTIALS.accessToken,
    appSecret: TEST_CREDENTIALS.appSecret,
    now: () => runtime.clock.now(),
    templates: APPROVED_TEMPLATES,
    windowRefusal: options.windowRefusal,
  }).start();

  const channel = whatsappFactory.create(TEST_CREDENTIALS, {
    organizationId: organization.id,
    db,
    logger: silentLogger,
    clock,
    apiBaseUrls: { whatsapp: fake.url },
  }) as WhatsAppChannel;

  const events: ChannelEvent[] = [];
  const results: WebhookResult[] = [];
  fake.connect(async (body, headers) => {
    const result = await channel.receiveWebhook(
      {
        url: 'https://inflow.example.com/webhooks/whatsapp/acme',
        method: 'POST',
        headers,
        rawBody: body,
      },
      runtime.clock.now(),
    );
    results.push(result);
    if (result.ok) events.push(...result.value.events);
    return result.ok
      ? { status: result.value.response.status, text: result.value.response.body }
      : { status: result.error.status, text: result.error.reason };
  });

  const addLearner = async (input: Partial<LearnerInput> & { email: string }) => {
    const summary = await upsertLearners(
      db,
      organization.id,
      [learner({ preferredChannel: 'whatsapp', ...input })],
      clock.now(),
    );
    return summary.learnerIds[0]!;
  };

  return {
    runtime,
    organization,
    fake,
    channel,
    events,
    results,
    addLearner,
    close: async () => {
      await channel.whenIdle();
      await fake.stop();
      await runtime.close();
    },
  };
}

export type WhatsAppKit = Awaited<ReturnType<typeof startWhatsAppKit>>;
