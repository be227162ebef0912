import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createApp } from '../../server/app.ts';
import { apiClient, type ErrorBody } from '../../server/testing/api-client.ts';
import { pickReengagementTemplate } from './template-registry.ts';
import { whatsappTemplateRoutes } from './template-routes.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
interface Template {
  name: string;
  language: string;
  purpose: string;
  bodyParameters: unknown[];
}

const BASE = '/api/v1/organizations/acme/whatsapp/templates';
const USAGE = {
  purpose: 're_engagement',
  category: 'utility',
  bodyParameters: [{ source: 'learner_first_name' }, { source: 'message_preview' }],
  quickReplyButtons: 1,
};

describe(`the WhatsApp template registry API (${storageUnderTest})`, () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let app: ReturnType<typeof createApp>;
  const put = (path: string, body: unknown) =>
    app.request(path, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    runtime = await startTestRuntime();
    app = createApp(runtime.context);
    app.route('/api/v1/organizations/:org', whatsappTemplateRoutes(runtime.context));
    api = apiClient(app);
    await api.post('/api/v1/organizations', { name: 'Acme', slug: 'acme' });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('registers a template with 201, and replaces it with 200', async () => {
    const created = await put(`${BASE}/lesson_ready/en_US`, USAGE);
    const replaced = await put(`${BASE}/lesson_ready/en_US`, { ...USAGE, quickReplyButtons: 2 });

    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      name: 'lesson_ready',
      language: 'en_US',
      purpose: 're_engagement',
      category: 'utility',
      quickReplyButtons: 1,
    });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ quickReplyButtons: 2 });
  });

  it('lists the templates by name and language', async () => {
    await put(`${BASE}/course_news/en_US`, { purpose: 'other' });

    const list = await api.get<{ items: Template[] }>(BASE);

    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => `${item.name}/${item.language}`)).toEqual([
      'course_news/en_US',
      'lesson_ready/en_US',
    ]);
  });

  it('is what the adapter picks for a learner outside the window', async () => {
    const organization = await api.get<{ id: string }>('/api/v1/organizations/acme');

    const picked = await pickReengagementTemplate(
      runtime.context.db,
      organization.body.id,
      'en-GB',
    );

    expect(picked).toMatchObject({
      name: 'lesson_ready',
      language: 'en_US',
      bodyParameters: USAGE.bodyParameters,
    });
  });

  it.each([
    ['a name Meta would not accept', `${BASE}/Lesson-Ready/en_US`, USAGE, 'name'],
    ['a language that is not a code', `${BASE}/lesson_ready/english`, USAGE, 'language'],
    [
      'an unknown parameter source',
      `${BASE}/lesson_ready/en_US`,
      { ...USAGE, bodyParameters: [{ source: 'salary' }] },
      'bodyParameters',
    ],
    [
      'an empty fixed text',
      `${BASE}/lesson_ready/en_US`,
      { ...USAGE, bodyParameters: [{ source: 'text', text: ' ' }] },
      'bodyParameters',
    ],
  ])('answers 400 to %s', async (_case, path, body, field) => {
    const response = await put(path, body);

    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain(field);
  });

  it('removes a template with 204, then answers 404', async () => {
    const removed = await app.request(`${BASE}/course_news/en_US`, { method: 'DELETE' });
    const again = await app.request(`${BASE}/course_news/en_US`, { method: 'DELETE' });

    expect(removed.status).toBe(204);
    expect(again.status).toBe(404);
  });

  it('answers 404 for an organization that does not exist', async () => {
    const response = await api.get<ErrorBody>('/api/v1/organizations/nobody/whatsapp/templates');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('appears in the OpenAPI document under the organization path', async () => {
    const document = await api.get<{ paths: Record<string, unknown> }>('/api/v1/openapi.json');

    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/organizations/{org}/whatsapp/templates',
        '/api/v1/organizations/{org}/whatsapp/templates/{name}/{language}',
      ]),
    );
  });
});
