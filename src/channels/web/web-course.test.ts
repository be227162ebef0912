import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quizCourse } from '../../../test/support/course-fixtures.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createApp } from '../../server/app.ts';
import { learnerFeedLink } from './lesson-link.ts';
import { courseOnChannel, type ChannelCourse } from './testing/channel-course.ts';
import { formsOf, textOf, type PageForm } from './testing/page-forms.ts';
import { WebChannel } from './web-channel.ts';
import { webLessonRoutes } from './web-lesson-routes.ts';

const SIGNING = {
  publicBaseUrl: 'https://inflow.example.com',
  signingKey: 'web-course-test-key-0123456789abcdefghij',
};

describe(`a course on the web channel, end to end (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let course: ChannelCourse;
  let app: Hono;
  let feedPath: string;

  const feed = async () => {
    const response = await app.request(feedPath);
    return { status: response.status, page: await response.text() };
  };
  const post = (form: PageForm, fields: Record<string, string>) =>
    app.request(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, ...fields }).toString(),
    });

  beforeAll(async () => {
    runtime = await startTestRuntime();
    course = await courseOnChannel(runtime, {
      channel: 'web',
      course: quizCourse(),
      learners: [{ email: 'ana.silva@example.com', channelIds: { web: 'ana-web' } }],
      adapter: (organizationId) =>
        new WebChannel({ organizationId, db: runtime.context.db, clock: runtime.clock }),
    });
    app = new Hono();
    app.route('/', createApp(course.context));
    app.route('/learn', webLessonRoutes(course.context, { signingKey: SIGNING.signingKey }));
    const link = learnerFeedLink(SIGNING, {
      learnerId: course.learnerIds[0] ?? '',
      now: runtime.clock.now(),
    });
    feedPath = new URL(link).pathname;
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('shows an empty feed before the first lesson', async () => {
    const { status, page } = await feed();

    expect(status).toBe(200);
    expect(textOf(page)).toContain('Nothing has been sent to you here yet');
  });

  it('runs both lessons through the feed, graded and completed', async () => {
    runtime.clock.set('2026-03-02T14:00:30Z');
    await course.tick();

    const first = await feed();
    expect(textOf(first.page)).toContain('Lesson 1 of 2: Spills');
    expect(textOf(first.page)).toContain('Within how many minutes do you report a spill?');
    const [question1] = formsOf(first.page);
    expect(question1?.buttons.map((button) => button.label)).toEqual(['A', 'B', 'C']);
    // Typing is not how a web page is answered, so the chat's "Reply A, B or C" is not said.
    expect(textOf(first.page)).not.toContain('Reply A');
    expect(textOf(first.page)).toContain('Choose your answer.');

    const answered = await post(question1 as PageForm, { payload: payloadOf(question1, 'B') });
    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).toBe(`${feedPath}?done=recorded#latest`);
    const again = await post(question1 as PageForm, { payload: payloadOf(question1, 'B') });
    expect(again.headers.get('location')).toBe(`${feedPath}?done=already#latest`);

    const second = await feed();
    expect(textOf(second.page)).toContain('Yes: within 30 minutes.');
    expect(textOf(second.page)).toContain('Answered. Thank you!');
    const [question2] = formsOf(second.page);
    expect(question2?.buttons.map((button) => button.label)).toEqual(['True', 'False']);
    await post(question2 as PageForm, { payload: payloadOf(question2, 'True') });

    runtime.clock.set('2026-03-03T14:00:30Z');
    await course.tick();
    const third = await feed();
    expect(textOf(third.page)).toContain('Lesson 2 of 2: Reflection');
    const reflection = formsOf(third.page).find((form) => form.hasTextBox);
    expect(reflection).toBeDefined();
    const written = await post(reflection as PageForm, { text: 'A pallet left in the aisle.' });
    expect(written.headers.get('location')).toBe(`${feedPath}?done=recorded#latest`);

    const responses = await runtime.context.db
      .selectFrom('responses')
      .select(['answer', 'correct'])
      .orderBy('receivedAt')
      .execute();
    expect(responses).toEqual([
      { answer: 'b', correct: true },
      { answer: 'a', correct: false },
      { answer: 'A pallet left in the aisle.', correct: null },
    ]);
    const enrolment = await runtime.context.db
      .selectFrom('enrolments')
      .select(['status', 'lessonsCompleted'])
      .executeTakeFirstOrThrow();
    expect(enrolment).toEqual({ status: 'completed', lessonsCompleted: 2 });
    expect(textOf((await feed()).page)).toContain('Spill safety');
  });
});

function payloadOf(form: PageForm | undefined, label: string): string {
  const button = form?.buttons.find((candidate) => candidate.label === label);
  if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(form)}`);
  return button.payload;
}
