import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { learner, tickAndDrain } from '../../../test/support/scenario.ts';
import { storageUnderTest, testSchemaName } from '../../../test/support/test-runtime.ts';
import { startRuntime, type Runtime } from '../../app/runtime.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { enrolLearners } from '../../delivery/enrolment-service.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { createApp } from '../../server/app.ts';
import { ManualClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/logger.ts';
import { channelSetupOptionsFrom, createChannelSetup } from '../credentials/channel-setup.ts';
import { FakeTwilio } from './testing/fake-twilio.ts';

const PUBLIC = 'https://inflow.example.com';
const ACCOUNT_SID = `AC${'7a'.repeat(16)}`;
const AUTH_TOKEN = 'link-auth-token-0123456789abcdef';
const CARA = '+14155550199';

/** A paragraph that takes about five SMS segments on its own. */
const LONG_BODY = Array.from(
  { length: 12 },
  (_, index) => `Step ${index + 1}: check the pallet label against the manifest before loading.`,
).join(' ');

/**
 * A lesson too long for the organization's segment budget goes out as an excerpt with a
 * signed link to its web page, built from the server's configuration (INFLOW_PUBLIC_URL and
 * INFLOW_LINK_SIGNING_KEY) as `inflow serve` builds it, and the link opens the whole lesson.
 */
describe(`a long lesson over SMS links to its web page (${storageUnderTest})`, () => {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  const config = {
    credentialsKey: randomBytes(32).toString('base64'),
    publicUrl: PUBLIC,
    linkSigningKey: randomBytes(32).toString('hex'),
  };
  let runtime: Runtime;
  let fake: FakeTwilio;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    fake = await new FakeTwilio(
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      { transport: async (url, init) => app.request(url, init) },
    ).start();
    const setup = {
      ...channelSetupOptionsFrom(config, clock),
      apiBaseUrls: { twilio: fake.baseUrl },
    };
    runtime = await startRuntime({
      databaseUrl: process.env.TEST_DATABASE_URL,
      dataDir: 'memory://',
      schema: process.env.TEST_DATABASE_URL ? testSchemaName() : undefined,
      logger: silentLogger,
      clock,
      channels: [],
      registryFor: (storage) => createChannelSetup(storage, setup).registry,
    });
    app = createApp(runtime.context, { ...setup, linkSigningKey: config.linkSigningKey });
  });
  afterAll(async () => {
    await fake?.stop();
    await runtime?.close();
  });

  it('sends an excerpt within two segments and a link that opens the whole lesson', async () => {
    const created = await app.request('/api/v1/organizations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Link Logistics', slug: 'link' }),
    });
    const organizationId = ((await created.json()) as { id: string }).id;
    const saved = await app.request('/api/v1/organizations/link/channels/sms', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        from: '+15005550006',
        maxSegments: 2,
      }),
    });
    expect(saved.status).toBe(200);

    const { db } = runtime.context;
    const { learnerIds } = await upsertLearners(
      db,
      organizationId,
      [learner({ email: 'cara@example.com', phone: CARA, preferredChannel: 'sms' })],
      clock.now(),
    );
    const course = readingCourse(1);
    course.lessons[0]!.title = 'Loading';
    course.lessons[0]!.body = LONG_BODY;
    const published = await publishCourse(db, organizationId, course);
    await enrolLearners(runtime.context, {
      organizationId,
      courseVersionId: published.versionId,
      learnerIds,
      channel: 'sms',
      sendTime: '09:00',
      days: 'daily',
    });

    clock.set('2026-03-02T14:00:01Z');
    await tickAndDrain(runtime);

    const lesson = fake.messagesTo(CARA)[0]?.body ?? '';
    const link = lesson.match(/https:\/\/inflow\.example\.com\/learn\/\S+/)?.[0];
    expect(link).toBeDefined();
    expect(lesson.length).toBeLessThanOrEqual(2 * 153);
    expect(lesson).not.toContain('Step 12');

    const page = await app.request(link!.replace(PUBLIC, ''));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Loading');
    expect(html).toContain('Step 12: check the pallet label');
  });
});
