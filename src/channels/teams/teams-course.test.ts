import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quizCourse } from '../../../test/support/course-fixtures.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createApp } from '../../server/app.ts';
import { listen, type RunningServer } from '../../server/http-server.ts';
import { silentLogger } from '../../shared/logger.ts';
import { courseOnChannel, type ChannelCourse } from '../web/testing/channel-course.ts';
import { teamsChannelFactory } from './teams-factory.ts';
import { PAYLOAD_FIELD } from './teams-message.ts';
import { FakeBotFramework, type FakeTeamsUser } from './testing/fake-bot-framework.ts';

const APP = { appId: '3c9d5e1a-7b2f-4d8e-9a6c-1f0e2d3c4b5a', appPassword: 'fake-secret-course' };
const ANA: FakeTeamsUser = {
  id: '29:1anaTeamsId',
  aadObjectId: '6a1e0f4b-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
  name: 'Ana Silva',
  conversationId: 'a:1anaPersonalChat',
};

interface PostedCard {
  actions: { title: string; data: Record<string, unknown> }[];
}

describe(`a course on Microsoft Teams, end to end (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let fake: FakeBotFramework;
  let course: ChannelCourse;
  let server: RunningServer;
  let endpoint: string;

  const posted = () => fake.posted.map((post) => post.activity);
  const lastCard = (): PostedCard => {
    const withCard = posted().filter((activity) => Array.isArray(activity.attachments));
    const attachments = withCard.at(-1)?.attachments as { content: PostedCard }[];
    return attachments[0]?.content as PostedCard;
  };
  const deliver = async (activity: Record<string, unknown>) => {
    const answer = await fake.deliver(endpoint, activity);
    await course.drain();
    return answer;
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    fake = await FakeBotFramework.start(APP);
    course = await courseOnChannel(runtime, {
      channel: 'teams',
      course: quizCourse(),
      // Linked by Entra object id, as an HR import from Entra ID would.
      learners: [{ email: 'ana.silva@example.com', channelIds: { teams: ANA.aadObjectId } }],
      adapter: (organizationId) =>
        teamsChannelFactory.create(APP, {
          organizationId,
          db: runtime.context.db,
          logger: silentLogger,
          clock: runtime.clock,
          apiBaseUrls: {
            teamsLogin: fake.loginBaseUrl,
            teamsOpenIdMetadata: fake.openIdMetadataUrl,
          },
        }),
    });
    server = await listen(createApp(course.context), { port: 0, host: '127.0.0.1' });
    endpoint = `${server.url}/webhooks/teams/${course.organizationId}`;
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    await runtime?.close();
  });

  it('runs: install, proactive lessons, card answers, a region move, completion', async () => {
    fake.moveConversation(ANA.conversationId, 'amer');
    expect((await deliver(fake.installationUpdate(ANA, 'amer'))).status).toBe(200);

    runtime.clock.set('2026-03-02T14:00:30Z');
    await course.tick();
    expect(posted()[0]).toMatchObject({
      type: 'message',
      text: expect.stringContaining('Lesson 1 of 2: Spills'),
    });
    const card1 = lastCard();
    expect(card1.actions.map((action) => action.title)).toEqual(['A', 'B', 'C']);

    // TM-02: a submit whose data Teams dropped asks for the answer again, grades nothing.
    await deliver(fake.cardSubmit(ANA, 'amer', undefined));
    expect(posted().at(-1)?.text).toMatch(/^I didn't receive an answer\./);

    const tappedB = card1.actions.find((action) => action.title === 'B');
    expect(typeof tappedB?.data).toBe('object');
    await deliver(fake.cardSubmit(ANA, 'amer', tappedB?.data));
    expect(
      posted().some((activity) => String(activity.text).includes('Yes: within 30 minutes.')),
    ).toBe(true);
    const card2 = lastCard();
    expect(card2.actions.map((action) => action.title)).toEqual(['True', 'False']);

    // Teams moves the chat to another region; the learner types the answer from there.
    fake.moveConversation(ANA.conversationId, 'emea');
    await deliver(fake.message(ANA, 'emea', 'False'));
    expect(fake.posted.at(-1)?.region).toBe('emea');

    runtime.clock.set('2026-03-03T14:00:30Z');
    await course.tick();
    const reflection = fake.posted.find((post) =>
      String(post.activity.text).includes('What near miss have you seen?'),
    );
    expect(reflection?.region).toBe('emea');
    await deliver(fake.message(ANA, 'emea', 'A forklift reversing without looking.'));

    const responses = await runtime.context.db
      .selectFrom('responses')
      .select(['answer', 'correct'])
      .orderBy('receivedAt')
      .execute();
    expect(responses).toEqual([
      { answer: 'b', correct: true },
      { answer: 'b', correct: true },
      { answer: 'A forklift reversing without looking.', correct: null },
    ]);
    const enrolment = await runtime.context.db
      .selectFrom('enrolments')
      .select(['status', 'lessonsCompleted'])
      .executeTakeFirstOrThrow();
    expect(enrolment).toEqual({ status: 'completed', lessonsCompleted: 2 });
    expect(posted().some((activity) => String(activity.text).includes('Spill safety'))).toBe(true);
  });

  it('sent every card answer as object data and every post with a bot token', () => {
    const cards = posted().flatMap((activity) =>
      Array.isArray(activity.attachments)
        ? (activity.attachments as { content: PostedCard }[]).map(
            (attachment) => attachment.content,
          )
        : [],
    );

    expect(cards.length).toBeGreaterThanOrEqual(2);
    for (const action of cards.flatMap((card) => card.actions ?? [])) {
      expect(action.data).toEqual({ [PAYLOAD_FIELD]: expect.stringMatching(/^ans:/) });
    }
    const posts = fake.requests.filter((request) => request.path.includes('/v3/conversations/'));
    expect(posts.every((request) => request.authorization?.startsWith('Bearer fake-access-'))).toBe(
      true,
    );
  });
});
