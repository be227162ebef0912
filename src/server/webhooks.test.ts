import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import {
  acknowledge,
  rejectWebhook,
  type Channel,
  type SendOutcome,
  type WebhookRequest,
  type WebhookResult,
} from '../channels/channel.ts';
import { createJobHandlers } from '../app/job-handlers.ts';
import { DEFAULT_POPULATION } from '../channels/simulator/simulated-population.ts';
import { SimulatorChannel } from '../channels/simulator/simulator-channel.ts';
import { createLogger } from '../shared/logger.ts';
import { ok } from '../shared/result.ts';
import { createApp } from './app.ts';
import { apiClient, type ErrorBody } from './testing/api-client.ts';

const SECRET = 'test-signing-secret';
const PHONE = '+447700900301';

/**
 * A provider that signs each body with HMAC-SHA256 in `x-signature`, as real providers do,
 * and sends `{ "from", "id", "text" }`. It proves the route checks the exact raw bytes.
 */
class SignedTestChannel implements Channel {
  readonly kind = 'sms' as const;

  async send(): Promise<SendOutcome> {
    return ok({ providerMessageId: 'unused' });
  }

  async receiveWebhook(request: WebhookRequest): Promise<WebhookResult> {
    if (request.headers['x-signature'] !== sign(request.rawBody)) {
      return rejectWebhook(401, 'signature does not match the body');
    }
    try {
      const body = JSON.parse(request.rawBody) as { from: string; id: string; text: string };
      return acknowledge([{ kind: 'message', message: { channel: 'sms', sender: body.from,
        text: body.text, providerMessageId: body.id,
        receivedAt: new Date('2026-03-02T10:00:00Z') } }], 'thanks');
    } catch {
      return rejectWebhook(400, 'body is not the JSON this provider sends');
    }
  }
}

/** A channel with a bug: reading any body throws. */
class BrokenChannel implements Channel {
  readonly kind = 'teams' as const;

  async send(): Promise<SendOutcome> {
    return ok({ providerMessageId: 'unused' });
  }

  async receiveWebhook(): Promise<WebhookResult> {
    throw new Error('secret internal detail: parser exploded');
  }
}

const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');

describe(`POST /webhooks/{channel}/{org} (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let api: ReturnType<typeof apiClient>;
  const logLines: string[] = [];

  const inboundCount = async () => Number((await runtime.context.db
    .selectFrom('inboundMessages').select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()).count);
  const postSigned = (body: string, signature = sign(body)) =>
    api.postRawText('/webhooks/sms/acme', body,
      { 'content-type': 'application/json', 'x-signature': signature });
  /** The worker's side: applies the events the webhook queued. */
  const drain = () => runtime.context.jobs.drain(createJobHandlers(runtime.context));
  const outcomesOf = async (providerMessageId: string) => (await runtime.context.db
    .selectFrom('inboundMessages').select('outcome')
    .where('providerMessageId', '=', providerMessageId).execute()).map((row) => row.outcome);

  beforeAll(async () => {
    const simulator = new SimulatorChannel({ population: DEFAULT_POPULATION,
      answerKey: () => undefined, now: () => new Date() });
    runtime = await startTestRuntime({
      channels: [new SignedTestChannel(), new BrokenChannel(), simulator],
    });
    const logger = createLogger({ level: 'debug',
      destination: { write: (line: string) => logLines.push(line) } });
    api = apiClient(createApp({ ...runtime.context, logger }));

    await api.post('/api/v1/organizations', { name: 'Acme', slug: 'acme' });
    await api.post('/api/v1/organizations/acme/learners', { fullName: 'Ruth Adeyemi',
      email: 'ruth.adeyemi@example.com', phone: PHONE, timezone: 'Europe/London' });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('answers 404 for a channel kind or organization that is not configured', async () => {
    const response = await api.postRaw<ErrorBody>('/webhooks/slack/acme', '{}',
      { 'content-type': 'application/json' });
    const noOrg = await api.postRaw<ErrorBody>('/webhooks/sms/nobody', '{}');

    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain('"slack"');
    expect(noOrg.status).toBe(404);
  });

  it('answers 401 to a body whose signature does not match, and stores nothing', async () => {
    const body = JSON.stringify({ from: PHONE, id: 'm-forged', text: 'A' });

    const response = await postSigned(body, sign('some other body'));
    await drain();

    expect(response.status).toBe(401);
    expect(JSON.parse(response.text).error.code).toBe('unauthorized');
    expect(await inboundCount()).toBe(0);
  });

  it("answers 400 with the channel's reason when a signed body cannot be read", async () => {
    const response = await postSigned('<xml>not json</xml>');

    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).error).toMatchObject({ code: 'webhook_rejected',
      message: 'body is not the JSON this provider sends' });
  });

  it('hands a signed reply to the conversation engine and records it once', async () => {
    const body = JSON.stringify({ from: PHONE, id: 'm-1', text: 'hello' });

    const first = await postSigned(body);
    const retried = await postSigned(body);
    await drain();

    // The provider gets the channel's own answer at once; the reply is applied by the worker.
    expect(first).toMatchObject({ status: 200, text: 'thanks' });
    expect(retried.status).toBe(200);
    expect(await outcomesOf('m-1')).toEqual(['nothing_open']);
    expect(await inboundCount()).toBe(1);
  });

  it('accepts a reply from a number nobody has, without storing it', async () => {
    const body = JSON.stringify({ from: '+447700900999', id: 'm-2', text: 'hi' });

    const response = await postSigned(body);
    await drain();

    expect(response.status).toBe(200);
    expect(await outcomesOf('m-2')).toEqual([]);
    expect(await inboundCount()).toBe(1);
  });

  it.each([
    ['not JSON', 'from=someone', 'simulator webhook body is not JSON'],
    ['JSON without a sender', '{"id":"x","text":"A"}', 'needs string fields "from" and "id"'],
  ])('answers 400 to a simulator body that is %s', async (_case, body, reason) => {
    const response = await api.postRaw<ErrorBody>('/webhooks/simulator/acme', body,
      { 'content-type': 'application/json' });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(reason);
  });

  it('answers 500 without internals when a channel throws, and keeps serving', async () => {
    const response = await api.postRaw<ErrorBody>('/webhooks/teams/acme', '{}');
    const next = await api.get('/health');

    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('internal');
    expect(response.body.error.message).not.toContain('exploded');
    expect(response.body.error.message).toContain(response.headers.get('x-request-id'));
    expect(next.status).toBe(200);
  });

  it('logs each request with its id, and never a body, a phone or an email', async () => {
    const logs = logLines.join('');

    expect(logs).toContain('"requestId"');
    expect(logs).toContain('webhook rejected');
    expect(logs).not.toContain(PHONE);
    expect(logs).not.toContain('ruth.adeyemi');
    expect(logs).not.toContain('hello');
  });
});
