import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quizCourse } from '../../../test/support/course-fixtures.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { sendThroughOutbox } from '../../delivery/outbox.ts';
import { createApp } from '../../server/app.ts';
import { listen, type RunningServer } from '../../server/http-server.ts';
import { silentLogger } from '../../shared/logger.ts';
import { courseOnChannel, type ChannelCourse } from '../web/testing/channel-course.ts';
import { formsOf, textOf } from '../web/testing/page-forms.ts';
import { emailChannelFactory } from './email-factory.ts';
import { FakeSmtpServer, type ReceivedMail } from './testing/fake-smtp-server.ts';

const LOGIN = { user: 'mailer', pass: 'smtp-course-secret' };
const ANA = 'ana.silva@example.com';
const BEN = 'ben.okafor@example.com';

describe(`a course by email, end to end (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let smtp: FakeSmtpServer;
  let course: ChannelCourse;
  let server: RunningServer;

  /** Opens a link from an email as the learner's browser would, on the running server. */
  const click = async (url: string, init: RequestInit = {}) => {
    const local = new URL(url);
    const response = await fetch(`${server.url}${local.pathname}${local.search}`, init);
    const page = await response.text();
    await course.drain();
    return { status: response.status, page };
  };
  const post = (url: string, body: string) =>
    click(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  const latest = (to: string): ReceivedMail => {
    const mail = smtp.mailsTo(to).at(-1);
    if (!mail) throw new Error(`no mail to ${to}`);
    return mail;
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    smtp = await FakeSmtpServer.start(LOGIN);
    course = await courseOnChannel(runtime, {
      channel: 'email',
      course: quizCourse(),
      learners: [{ email: ANA }, { email: BEN }],
      adapter: (organizationId) =>
        emailChannelFactory.create(
          {
            host: '127.0.0.1',
            port: smtp.port,
            security: 'none',
            username: LOGIN.user,
            password: LOGIN.pass,
            fromAddress: 'lessons@acme.example',
            fromName: 'Acme Learning',
            linkSigningKey: 'email-course-key-0123456789-abcdefghijklm',
            answerLinkHours: 72,
            answerLinks: 'one_click',
          },
          {
            organizationId,
            db: runtime.context.db,
            logger: silentLogger,
            clock: runtime.clock,
            publicBaseUrl: 'https://inflow.example.com',
          },
        ),
    });
    server = await listen(createApp(course.context), { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
    await runtime?.close();
  });

  it('grades one-click answers and a written answer, and completes the course', async () => {
    runtime.clock.set('2026-03-02T14:00:30Z');
    await course.tick();
    expect(smtp.mailsTo(ANA).map((mail) => mail.subject)).toEqual([
      'Lesson 1 of 2: Spills',
      'Within how many minutes do you report a spill?',
    ]);

    const clicked = await click(linkIn(latest(ANA), 'B'));
    expect(clicked.status).toBe(200);
    expect(textOf(clicked.page)).toContain('Answer received');
    expect(smtp.mailsTo(ANA).some((mail) => mail.text.includes('Yes: within 30 minutes.'))).toBe(
      true,
    );
    expect(latest(ANA).subject).toBe('A spill that hurt nobody need not be reported.');
    await click(linkIn(latest(ANA), 'False'));

    runtime.clock.set('2026-03-03T14:00:30Z');
    await course.tick();
    const reflection = smtp
      .mailsTo(ANA)
      .find((mail) => mail.subject === 'What near miss have you seen?');
    if (!reflection) throw new Error('the reflection question was not emailed');
    const replyUrl = /^Write your answer: (\S+)$/m.exec(reflection.text)?.[1] ?? '';
    const form = await click(replyUrl);
    expect(formsOf(form.page)[0]?.hasTextBox).toBe(true);
    const sent = await post(replyUrl, 'text=A+box+left+on+the+stairs.');
    expect(textOf(sent.page)).toContain('Answer received');

    const responses = await runtime.context.db
      .selectFrom('responses')
      .innerJoin('learners', 'learners.id', 'responses.learnerId')
      .select(['responses.answer', 'responses.correct'])
      .where('learners.email', '=', ANA)
      .orderBy('responses.receivedAt')
      .execute();
    expect(responses).toEqual([
      { answer: 'b', correct: true },
      { answer: 'b', correct: true },
      { answer: 'A box left on the stairs.', correct: null },
    ]);
    const enrolment = await runtime.context.db
      .selectFrom('enrolments')
      .innerJoin('learners', 'learners.id', 'enrolments.learnerId')
      .select(['enrolments.status', 'enrolments.lessonsCompleted'])
      .where('learners.email', '=', ANA)
      .executeTakeFirstOrThrow();
    expect(enrolment).toEqual({ status: 'completed', lessonsCompleted: 2 });
    expect(smtp.mailsTo(ANA).some((mail) => mail.text.includes('Spill safety'))).toBe(true);
  });

  it('sends nothing more to a learner who unsubscribed with one click', async () => {
    const unsubscribeUrl = /<([^>]+)>/.exec(latest(BEN).headers['list-unsubscribe'] ?? '')?.[1];

    const unsubscribed = await post(unsubscribeUrl ?? '', 'List-Unsubscribe=One-Click');
    const mailsAfterUnsubscribing = smtp.mailsTo(BEN).length;
    const ben = await runtime.context.db
      .selectFrom('learners')
      .selectAll()
      .where('email', '=', BEN)
      .executeTakeFirstOrThrow();
    const attempt = await sendThroughOutbox(course.context, {
      learner: ben,
      channel: 'email',
      kind: 'system',
      idempotencyKey: 'after-unsubscribe',
      messages: [{ text: 'One more thing about spills' }],
    });
    runtime.clock.set('2026-03-04T14:00:30Z');
    await course.tick();

    expect(unsubscribed.status).toBe(200);
    expect(textOf(unsubscribed.page)).toContain('You are unsubscribed');
    const consent = await runtime.context.db
      .selectFrom('channelConsents')
      .innerJoin('learners', 'learners.id', 'channelConsents.learnerId')
      .select('channelConsents.status')
      .where('learners.email', '=', BEN)
      .where('channelConsents.channel', '=', 'email')
      .executeTakeFirstOrThrow();
    expect(consent.status).toBe('revoked');
    expect(attempt).toMatchObject({ status: 'failed', failure: { code: 'opted_out' } });
    expect(smtp.mailsTo(BEN)).toHaveLength(mailsAfterUnsubscribing);
  });
});

function linkIn(mail: ReceivedMail, label: string): string {
  const link = new RegExp(`^${label}: (\\S+)$`, 'm').exec(mail.text)?.[1];
  if (!link) throw new Error(`no "${label}" link in:\n${mail.text}`);
  return link;
}
