import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quizCourse } from '../../../test/support/course-fixtures.ts';
import { learner, tickAndDrain } from '../../../test/support/scenario.ts';
import { storageUnderTest, testSchemaName } from '../../../test/support/test-runtime.ts';
import { createJobHandlers } from '../../app/job-handlers.ts';
import { startRuntime, type Runtime } from '../../app/runtime.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { enrolLearners } from '../../delivery/enrolment-service.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { createApp } from '../../server/app.ts';
import { ManualClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { Channel } from '../channel.ts';
import type { SlackChannel } from './slack-channel.ts';
import { slackFactory } from './slack-factory.ts';
import { slackRoutes } from './slack-routes.ts';
import { FakeSlackApi } from './testing/fake-slack-api.ts';
import { urlVerificationBody } from './testing/slack-requests.ts';

const CREDENTIALS = {
  botToken: 'xoxb-1111-2222-fakebottoken',
  signingSecret: '5f1c0e9a7b3d2c4e6f8a0b1c2d3e4f5a',
  botUserId: 'U0000BOT',
};
const ANA = 'U0000ANA';
const BEN = 'U0000BEN';

/**
 * A whole course over Slack against the fake Web API: learners are linked by email, lessons
 * arrive as direct messages, answers come back as signed button clicks and typed messages
 * through the app's webhook route, and the worker grades them afterwards.
 */
describe(`a course over Slack, end to end (${storageUnderTest})`, () => {
  const clock = new ManualClock('2026-03-02T07:00:00Z');
  let runtime: Runtime;
  let fake: FakeSlackApi;
  let app: ReturnType<typeof createApp>;
  let channel: SlackChannel | undefined;
  let organizationId = '';

  const drain = () => runtime.context.jobs.drain(createJobHandlers(runtime.context));
  const count = async (table: 'responses' | 'inboundMessages') =>
    Number(
      (
        await runtime.context.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  /** Each learner's first answer to each question; reviews may ask a question again. */
  const firstAnswers = async () => {
    const rows = await runtime.context.db
      .selectFrom('responses')
      .innerJoin('questions', 'questions.id', 'responses.questionId')
      .innerJoin('learners', 'learners.id', 'responses.learnerId')
      .select(['learners.email', 'questions.key', 'responses.correct'])
      .orderBy('responses.receivedAt')
      .execute();
    const first: Record<string, boolean | null> = {};
    for (const row of rows) {
      const key = `${row.email}/${row.key}`;
      if (!(key in first)) first[key] = row.correct;
    }
    return first;
  };
  /**
   * A typed answer as the learner is told to write it: with several questions open the
   * engine shows their numbers and asks for the number first.
   */
  const asTheQuestionAsks = (user: string, from: number, text: string) => {
    const asks = fake
      .messagesTo(user)
      .slice(from)
      .map((message) => /Start your reply with (\d+)/.exec(message.text)?.[1])
      .filter((tag) => tag !== undefined);
    const tag = asks.at(-1);
    return tag ? `${tag} ${text}` : text;
  };
  /** Clicks "b" on every question posted to the user from the given message on. */
  const answerEveryQuestion = async (user: string, from: number) => {
    for (let index = from; index < fake.messagesTo(user).length; index += 1) {
      const message = fake.messagesTo(user)[index]!;
      if (!message.blocks.some((block) => block.type === 'actions')) continue;
      await fake.clickAnswer(user, 'b', message);
      await drain();
    }
  };

  beforeAll(async () => {
    fake = await new FakeSlackApi({
      botToken: CREDENTIALS.botToken,
      signingSecret: CREDENTIALS.signingSecret,
      now: () => clock.now(),
    }).start();
    fake.addUser({ id: ANA, email: 'ana@example.com', name: 'Ana Silva' });
    fake.addUser({ id: BEN, email: 'ben@example.com', name: 'Ben Okafor' });
    runtime = await startRuntime({
      databaseUrl: process.env.TEST_DATABASE_URL,
      dataDir: 'memory://',
      schema: process.env.TEST_DATABASE_URL ? testSchemaName() : undefined,
      logger: silentLogger,
      clock,
      channels: [],
      // The organization's Slack adapter, built by the factory as the credential registry
      // builds it, pointed at the fake.
      registry: {
        kinds: () => ['slack'],
        forOrganization: async (orgId: string, kind: string): Promise<Channel | undefined> => {
          if (kind !== 'slack' || orgId !== organizationId) return undefined;
          channel ??= slackFactory.create(CREDENTIALS, {
            organizationId: orgId,
            db: runtime.context.db,
            logger: silentLogger,
            clock,
            apiBaseUrls: { slack: fake.url },
          }) as SlackChannel;
          return channel;
        },
      },
    });
    app = createApp(runtime.context);
    app.route('/api/v1/organizations/:org', slackRoutes(runtime.context));
    fake.connect(async ({ headers, rawBody }) => {
      const response = await app.request('/webhooks/slack/acme', {
        method: 'POST',
        headers,
        body: rawBody,
      });
      return { status: response.status, text: await response.text() };
    });
    organizationId = (
      await createOrganization(runtime.context.db, { name: 'Acme Logistics', slug: 'acme' })
    ).id;
  });
  afterAll(async () => {
    await fake?.stop();
    await runtime?.close();
  });

  it('verifies the Events API URL through the webhook route (SL-05)', async () => {
    const verified = await fake.deliver(
      urlVerificationBody('fake-challenge-7f3c9e'),
      'application/json',
    );

    expect(verified).toEqual({ status: 200, text: '{"challenge":"fake-challenge-7f3c9e"}' });
  });

  it('links the learners, runs both lessons and grades every answer', async () => {
    const { db } = runtime.context;
    const { learnerIds } = await upsertLearners(
      db,
      organizationId,
      [
        learner({ email: 'ana@example.com', timezone: 'Europe/London', preferredChannel: 'slack' }),
        learner({ email: 'ben@example.com', timezone: 'Europe/London', preferredChannel: 'slack' }),
      ],
      clock.now(),
    );
    const linked = await app.request('/api/v1/organizations/acme/slack/learner-links', {
      method: 'POST',
    });
    expect(await linked.json()).toEqual({ linked: 2, notFound: 0, remaining: 0 });
    const published = await publishCourse(db, organizationId, quizCourse());
    await enrolLearners(runtime.context, {
      organizationId,
      courseVersionId: published.versionId,
      learnerIds,
      channel: 'slack',
      sendTime: '09:00',
      days: 'daily',
    });

    clock.set('2026-03-02T09:00:00Z');
    await tickAndDrain(runtime);
    expect(fake.messagesTo(ANA).length).toBeGreaterThanOrEqual(2);

    // Ana answers right; Ben's click seems slow to him, so he clicks the same button again.
    clock.set('2026-03-02T09:05:00Z');
    expect((await fake.clickAnswer(ANA, 'b')).status).toBe(200);
    await drain();
    await fake.clickAnswer(ANA, 'b');
    await drain();

    const benQuestion = fake.messagesTo(BEN).at(-1);
    fake.latencyMs = 5_000;
    const started = performance.now();
    const clicks = [
      await fake.clickAnswer(BEN, 'a', benQuestion),
      await fake.clickAnswer(BEN, 'a', benQuestion),
    ];
    const acknowledgedIn = performance.now() - started;
    fake.latencyMs = 0;
    expect(clicks).toEqual([
      { status: 200, text: '' },
      { status: 200, text: '' },
    ]);
    expect(acknowledgedIn).toBeLessThan(2_000);
    const responsesBefore = await count('responses');
    await drain();
    expect(await count('responses')).toBe(responsesBefore + 1);
    await fake.clickAnswer(BEN, 'b');
    await drain();

    // Lesson 2 the next morning: a reflection, typed as a direct message, after any review
    // question the engine adds for a wrong answer.
    clock.set('2026-03-03T09:00:00Z');
    const postedBefore = new Map([ANA, BEN].map((user) => [user, fake.messagesTo(user).length]));
    await tickAndDrain(runtime);
    for (const user of [ANA, BEN]) {
      clock.advance(60_000);
      await answerEveryQuestion(user, postedBefore.get(user) ?? 0);
      const reply = asTheQuestionAsks(user, postedBefore.get(user) ?? 0, 'A pallet in the aisle.');
      expect((await fake.sendDirectMessage(user, reply)).status).toBe(200);
      await drain();
    }

    expect(await firstAnswers()).toEqual({
      'ana@example.com/l1-q1': true,
      'ana@example.com/l1-q2': true,
      'ana@example.com/l2-q1': null,
      'ben@example.com/l1-q1': false,
      'ben@example.com/l1-q2': true,
      'ben@example.com/l2-q1': null,
    });
    const enrolments = await db
      .selectFrom('enrolments')
      .select('status')
      .where('organizationId', '=', organizationId)
      .execute();
    expect(enrolments.map((row) => row.status)).toEqual(['completed', 'completed']);
    // Ben's double click on his first question was recorded once.
    const clicked = await db
      .selectFrom('inboundMessages')
      .select('outcome')
      .where('providerMessageId', 'like', `action:%:${benQuestion?.ts}:%`)
      .execute();
    expect(clicked.map((row) => row.outcome)).toEqual(['graded']);
  });
});
