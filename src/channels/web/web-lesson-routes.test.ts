import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quizCourse } from '../../../test/support/course-fixtures.ts';
import { silentSimulator } from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import type { CourseDraft } from '../../courses/model.ts';
import { lessonLink, lessonLinkBuilder, learnerFeedLink } from './lesson-link.ts';
import { signLinkToken } from './link-token.ts';
import { courseOnChannel, type ChannelCourse } from './testing/channel-course.ts';
import { formsOf, textOf } from './testing/page-forms.ts';
import { webLessonRoutes } from './web-lesson-routes.ts';

const SIGNING = {
  publicBaseUrl: 'https://inflow.example.com',
  signingKey: 'lesson-page-test-key-0123456789abcdefghij',
};

/** A long lesson with an image and text that must never become markup. */
function richCourse(): CourseDraft {
  const course = quizCourse();
  const [first, ...rest] = course.lessons;
  if (!first) throw new Error('fixture course has no lessons');
  const long = Array.from(
    { length: 12 },
    (_, index) =>
      `Paragraph ${index + 1}: report every spill to your shift lead, even a small one.`,
  ).join('\n\n');
  return {
    ...course,
    lessons: [
      {
        ...first,
        body: `Never type <script>alert("spill")</script> into a form & submit it.\n\n${long}`,
        mediaUrl: 'https://cdn.example.com/lessons/spill-kit.png',
      },
      ...rest,
    ],
  };
}

describe(`the web lesson page of a lesson delivery (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let course: ChannelCourse;
  let app: Hono;
  let lessonPath: string;

  const get = async (path: string) => {
    const response = await app.request(path);
    return { status: response.status, headers: response.headers, page: await response.text() };
  };
  const post = (path: string, fields: Record<string, string>) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  beforeAll(async () => {
    runtime = await startTestRuntime();
    course = await courseOnChannel(runtime, {
      channel: 'simulator',
      course: richCourse(),
      learners: [{ email: 'ana.silva@example.com' }],
      adapter: () => silentSimulator(runtime.clock),
    });
    app = new Hono();
    app.route('/learn', webLessonRoutes(course.context, { signingKey: SIGNING.signingKey }));

    runtime.clock.set('2026-03-02T14:00:30Z');
    await course.tick();
    const delivery = await runtime.context.db
      .selectFrom('deliveries')
      .select('id')
      .where('kind', '=', 'lesson')
      .executeTakeFirstOrThrow();
    const link = lessonLinkBuilder(SIGNING, runtime.clock)(delivery.id);
    lessonPath = new URL(link).pathname;
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('builds a link of the public base URL, /learn/ and a 53-character token', () => {
    const link = lessonLink(SIGNING, {
      deliveryId: '0b6f2b9e-3c1d-4e5f-8a7b-9c0d1e2f3a4b',
      now: new Date('2026-03-02T14:00:00Z'),
    });

    expect(link).toMatch(
      /^https:\/\/inflow\.example\.com\/learn\/[A-Za-z0-9_-]{30}\.[A-Za-z0-9_-]{22}$/,
    );
  });

  it('shows the whole lesson, image and open question, escaped and script-free', async () => {
    const { status, headers, page } = await get(lessonPath);

    expect(status).toBe(200);
    expect(textOf(page)).toContain('Lesson 1 of 2: Spills');
    expect(textOf(page)).toContain('Paragraph 12: report every spill');
    expect(page).toContain('Never type &lt;script&gt;alert(&quot;spill&quot;)&lt;/script&gt;');
    expect(page).not.toMatch(/<script/i);
    expect(page).toMatch(/<img\s+class="media"\s+src="https:\/\/cdn\.example\.com\/lessons\//);
    expect(page).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"/);
    expect(formsOf(page)).toHaveLength(1);
    expect(formsOf(page)[0]?.buttons.map((button) => button.label)).toEqual(['A', 'B', 'C']);
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cache-control')).toBe('no-store');
  });

  it('records an answer posted from the page, then shows the next question', async () => {
    const [form] = formsOf((await get(lessonPath)).page);
    const b = form?.buttons.find((button) => button.label === 'B');

    const answered = await post(lessonPath, { payload: b?.payload ?? '' });
    const after = await get(answered.headers.get('location') ?? '');

    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).toBe(`${lessonPath}?done=recorded#latest`);
    expect(textOf(after.page)).toContain('Thanks, your answer is recorded.');
    expect(textOf(after.page)).toContain('Answered. Thank you!');
    expect(formsOf(after.page)[0]?.buttons.map((button) => button.label)).toEqual([
      'True',
      'False',
    ]);
    const responses = await runtime.context.db.selectFrom('responses').select('answer').execute();
    expect(responses).toEqual([{ answer: 'b' }]);
  });

  it('refuses an answer the page does not offer, and records nothing', async () => {
    const forged = await post(lessonPath, { payload: 'ans:1:l1-q1:c' });
    const empty = await post(lessonPath, {});

    expect(forged.status).toBe(400);
    expect(empty.status).toBe(400);
    const responses = await runtime.context.db.selectFrom('responses').select('answer').execute();
    expect(responses).toHaveLength(1);
  });

  it('never redirects outside /learn after an answer', async () => {
    const [form] = formsOf((await get(lessonPath)).page);

    const answered = await post(lessonPath, {
      payload: form?.buttons[0]?.payload ?? '',
      return_to: 'https://evil.example/phish',
    });

    expect(answered.headers.get('location')).toBe(`${lessonPath}?done=recorded#latest`);
  });

  it.each([
    ['tampered', () => `${lessonPath.slice(0, -3)}abc`, 403, 'This link is not valid'],
    ['signed with another key', () => foreignPath(), 403, 'This link is not valid'],
  ])('refuses a %s link with a clear page', async (_label, path, status, text) => {
    const { status: got, page } = await get(path());

    expect(got).toBe(status);
    expect(textOf(page)).toContain(text);
  });

  it('refuses a stale link with 410, and a stale form post records nothing', async () => {
    const now = runtime.clock.now();
    runtime.clock.set(new Date(now.getTime() + 31 * 86_400_000));

    const page = await get(lessonPath);
    const posted = await post(lessonPath, { payload: 'anything' });
    runtime.clock.set(now);

    expect(page.status).toBe(410);
    expect(textOf(page.page)).toContain('This link has expired');
    expect(posted.status).toBe(410);
  });

  it('answers a feed link of a learner with no web address with 404', async () => {
    const link = learnerFeedLink(SIGNING, {
      learnerId: course.learnerIds[0] ?? '',
      now: runtime.clock.now(),
    });

    expect((await get(new URL(link).pathname)).status).toBe(404);
  });

  function foreignPath(): string {
    const token = signLinkToken(
      {
        purpose: 'lesson',
        subjectId: '0b6f2b9e-3c1d-4e5f-8a7b-9c0d1e2f3a4b',
        expiresAt: new Date('2027-01-01T00:00:00Z'),
      },
      'someone-elses-key-0123456789abcdefghijklmn',
    );
    return `/learn/${token}`;
  }
});
