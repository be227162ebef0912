import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createApp } from '../../server/app.ts';
import { apiClient, type ErrorBody } from '../../server/testing/api-client.ts';

type Learner = { id: string; phone: string | null };

describe(`the REST API refuses a phone number another learner has, on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let api: ReturnType<typeof apiClient>;
  const org = '/api/v1/organizations/phone-api';
  const newLearner = (name: string, phone: string) => ({
    fullName: name,
    email: `${name}@api.example`,
    phone,
    timezone: 'America/Chicago',
  });
  const putChannel = async (learnerId: string, channel: string, address: string) => {
    const response = await createApp(runtime.context).request(
      `${org}/people/learners/${learnerId}/channels/${channel}`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ address }),
      },
    );
    return { status: response.status, body: (await response.json()) as ErrorBody };
  };

  let bo: Learner;
  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(createApp(runtime.context));
    await api.post('/api/v1/organizations', { name: 'Phone Api', slug: 'phone-api' });
    await api.post(`${org}/learners`, newLearner('ana', '+1 415 555 0100'));
    bo = (await api.post<Learner>(`${org}/learners`, newLearner('bo', '+1 415 555 0199'))).body;
  });
  afterAll(() => runtime.close());

  it('answers 409 to a new learner with a number in use, naming whose it is', async () => {
    const reply = await api.post<ErrorBody>(
      `${org}/learners`,
      newLearner('cy', '+1 (415) 555-0100'),
    );
    const list = await api.get<{ total: number }>(`${org}/learners`);

    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({
      code: 'conflict',
      message:
        'The phone number +14155550100 already belongs to ana@api.example; two people ' +
        'cannot share a number, because their SMS and WhatsApp replies could not be told apart',
    });
    expect(list.body.total).toBe(2);
  });

  it.each(['sms', 'whatsapp'])(
    'answers 409 to linking a number in use on %s, and keeps the old one',
    async (channel) => {
      const reply = await putChannel(bo.id, channel, '+1 415-555-0100');
      const after = await api.get<Learner[]>(`${org}/learners`);

      expect(reply.status).toBe(409);
      expect(reply.body.error).toMatchObject({ code: 'conflict' });
      expect(reply.body.error.message).toContain('already belongs to ana@api.example');
      expect(JSON.stringify(after.body)).toContain('+14155550199');
    },
  );

  it('links a learner’s own number again, and a free one', async () => {
    expect((await putChannel(bo.id, 'sms', '+1 415 555 0199')).status).toBe(200);
    expect((await putChannel(bo.id, 'sms', '+1 415 555 0142')).status).toBe(200);
  });

  it('answers 400, not 409, to a number with an extension', async () => {
    const reply = await putChannel(bo.id, 'sms', '+1 415 555 0177 ext 12');

    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('cannot reach an extension');
  });
});
