import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quizCourse } from '../../../test/support/course-fixtures.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { createApp } from '../../server/app.ts';
import { courseOnChannel, type ChannelCourse } from './testing/channel-course.ts';
import { textOf } from './testing/page-forms.ts';
import { WebChannel } from './web-channel.ts';

const SETTINGS = {
  linkSigningKey: 'web-link-route-test-key-0123456789abcdefghij',
  publicBaseUrl: 'https://inflow.example.com',
};

describe(`GET .../learners/{learnerId}/web-link (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let course: ChannelCourse;
  let app: ReturnType<typeof createApp>;
  let ana: string;
  let bo: string;
  let outsider: string;

  const webLinkPath = (learnerId: string, org = course.organizationId) =>
    `/api/v1/organizations/${org}/learners/${learnerId}/web-link`;
  const getJson = async (target: { request: typeof app.request }, path: string) => {
    const response = await target.request(path);
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    course = await courseOnChannel(runtime, {
      channel: 'web',
      course: quizCourse(),
      learners: [
        { email: 'ana.silva@example.com', channelIds: { web: 'ana-web' } },
        { email: 'bo.reyes@example.com' },
      ],
      adapter: (organizationId) =>
        new WebChannel({ organizationId, db: runtime.context.db, clock: runtime.clock }),
    });
    [ana = '', bo = ''] = course.learnerIds;

    const other = await createOrganization(runtime.context.db, { name: 'Other Co' });
    const { learnerIds } = await upsertLearners(
      runtime.context.db,
      other.id,
      [
        {
          externalId: null,
          fullName: 'Cy Other',
          email: 'cy@other.example',
          phone: null,
          timezone: 'Europe/Lisbon',
          locale: 'en',
          title: null,
          department: null,
          managerEmail: null,
          location: null,
          hireDate: null,
          preferredChannel: 'web',
        },
      ],
      runtime.clock.now(),
    );
    outsider = learnerIds[0] ?? '';

    app = createApp(course.context, SETTINGS);
    runtime.clock.set('2026-03-02T14:00:30Z');
    await course.tick();
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('gives a link that opens the feed, showing the lesson sent there', async () => {
    const { status, body } = await getJson(app, webLinkPath(ana));
    const feed = await app.request(new URL(body.url).pathname);

    expect(status).toBe(200);
    expect(body.url).toMatch(/^https:\/\/inflow\.example\.com\/learn\/[A-Za-z0-9_.-]+$/);
    expect(body.expiresAt).toBe('2026-08-29T14:00:30.000Z');
    expect(feed.status).toBe(200);
    const page = textOf(await feed.text());
    expect(page).toContain('Your lessons');
    expect(page).toContain('Lesson 1 of 2: Spills');
  });

  it('answers a learner of another organization like a missing one, with 404', async () => {
    const { status, body } = await getJson(app, webLinkPath(outsider));

    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });

  it('refuses with 422 a learner who has no web address', async () => {
    const { status, body } = await getJson(app, webLinkPath(bo));

    expect(status).toBe(422);
    expect(body.error.message).toContain('has no web address');
  });

  it.each([
    ['signing key', { publicBaseUrl: SETTINGS.publicBaseUrl }, 'INFLOW_LINK_SIGNING_KEY'],
    ['public URL', { linkSigningKey: SETTINGS.linkSigningKey }, 'INFLOW_PUBLIC_URL'],
  ])('refuses with 503 on a server without a link %s, naming it', async (_, settings, name) => {
    const { status, body } = await getJson(createApp(course.context, settings), webLinkPath(ana));

    expect(status).toBe(503);
    expect(body.error.code).toBe('not_ready');
    expect(body.error.message).toContain(name);
  });

  it('answers 404 for an unknown organization even on a server that cannot sign links', async () => {
    const bare = createApp(course.context, {});
    const { status, body } = await getJson(
      bare,
      `/api/v1/organizations/nope/learners/${ana}/web-link`,
    );

    expect(status).toBe(404);
    expect(body.error.message).toContain('nope');
  });

  it('lists the route in the OpenAPI document', async () => {
    const { body } = await getJson(app, '/api/v1/openapi.json');

    expect(Object.keys(body.paths)).toContain(
      '/api/v1/organizations/{org}/learners/{learnerId}/web-link',
    );
  });
});
