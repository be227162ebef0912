import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { createApp } from './app.ts';
import { listen } from './http-server.ts';
import { apiClient, type ErrorBody } from './testing/api-client.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

describe(`health, readiness and the OpenAPI document (${storageUnderTest})`, () => {
  let runtime: Runtime;
  let stopped: Runtime;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(createApp(runtime.context));
    stopped = await startTestRuntime();
    await stopped.close();
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('says the process is alive and the database answers', async () => {
    expect(await api.get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api.get('/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('is alive but not ready when the database is gone', async () => {
    const cutOff = apiClient(createApp(stopped.context));

    const health = await cutOff.get('/health');
    const ready = await cutOff.get<ErrorBody>('/ready');

    expect(health.status).toBe(200);
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe('not_ready');
  });

  it('gives every response a request id, keeping the one the caller sent', async () => {
    const fresh = await api.get('/health');
    const given = await createApp(runtime.context)
      .request('/health', { headers: { 'x-request-id': 'trace-abc-123' } });

    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(given.headers.get('x-request-id')).toBe('trace-abc-123');
  });

  it('publishes an OpenAPI 3.1 document listing every route', async () => {
    const response = await api.get<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    }>('/api/v1/openapi.json');

    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const operations = Object.entries(response.body.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect(operations).toEqual(expect.arrayContaining([
      'get /health',
      'get /ready',
      'post /webhooks/{channel}/{org}',
      'get /webhooks/{channel}/{org}',
      'post /api/v1/organizations',
      'get /api/v1/organizations/{org}',
      'get /api/v1/organizations/{org}/learners',
      'post /api/v1/organizations/{org}/learners',
      'post /api/v1/organizations/{org}/learners/import',
      'post /api/v1/organizations/{org}/cohorts',
      'get /api/v1/organizations/{org}/cohorts/{cohortId}/members',
      'post /api/v1/organizations/{org}/courses',
      'get /api/v1/organizations/{org}/courses',
      'get /api/v1/organizations/{org}/course-versions/{versionId}',
      'get /api/v1/organizations/{org}/course-versions/{versionId}/report',
      'post /api/v1/organizations/{org}/enrolments',
      'get /api/v1/organizations/{org}/enrolments',
    ]));
    expect(Object.keys(response.body.components.schemas))
      .toEqual(expect.arrayContaining(['Error', 'Learner', 'NewCohort', 'CourseReport']));
  });

  it('serves over HTTP on a free port and stops accepting once closed', async () => {
    const server = await listen(createApp(runtime.context), { port: 0, host: '127.0.0.1' });

    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });

    await server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('refuses to listen on a port already taken', async () => {
    const first = await listen(createApp(runtime.context), { port: 0, host: '127.0.0.1' });
    const port = Number(new URL(first.url).port);

    await expect(listen(createApp(runtime.context), { port, host: '127.0.0.1' }))
      .rejects.toThrow(/EADDRINUSE/);
    await first.close();
  });
});
