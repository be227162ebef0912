import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { passwordQuestion } from '../../conversation/fixtures/questions.ts';
import { renderQuestion } from '../../conversation/render.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { Channel, SendRequest, WebhookResult } from '../channel.ts';
import type { ChannelDependencies } from '../channel-factory.ts';
import { signLinkToken } from '../web/link-token.ts';
import { textOf } from '../web/testing/page-forms.ts';
import type { EmailCredentials } from './email-credentials.ts';
import { emailChannelFactory } from './email-factory.ts';
import { FakeSmtpServer } from './testing/fake-smtp-server.ts';

const LOGIN = { user: 'inflow-mailer', pass: 'smtp-secret-1' };
const ANA = 'ana.silva@example.com';
const KEY = 'email-link-key-0123456789-abcdefghijklmnopq';

describe(`email over SMTP (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let smtp: FakeSmtpServer;
  let organizationId: string;
  let learnerId: string;

  const credentials = (overrides: Partial<EmailCredentials> = {}): EmailCredentials => ({
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    username: LOGIN.user,
    password: LOGIN.pass,
    fromAddress: 'lessons@acme.example',
    fromName: 'Acme Learning',
    linkSigningKey: KEY,
    answerLinkHours: 24,
    answerLinks: 'one_click',
    ...overrides,
  });
  const dependencies = (): ChannelDependencies => ({
    organizationId,
    db: runtime.context.db,
    logger: silentLogger,
    clock: runtime.clock,
    publicBaseUrl: 'https://inflow.example.com',
  });
  const channel = (overrides: Partial<EmailCredentials> = {}): Channel =>
    emailChannelFactory.create(credentials(overrides), dependencies());
  const question = renderQuestion(passwordQuestion, { locale: 'en', tag: '4', showTag: false });
  const questionSend: SendRequest = {
    to: ANA,
    message: question,
    idempotencyKey: 'question:e1:q1',
    question: { questionId: '8d0c1a52-6f0e-4d58-9f44-1d9e2b7c3a10', kind: 'multiple_choice' },
  };
  const open = (target: Channel, link: string, method = 'GET', rawBody = '') =>
    target.receiveWebhook({ url: link, method, headers: {}, rawBody }, runtime.clock.now());

  beforeAll(async () => {
    runtime = await startTestRuntime();
    smtp = await FakeSmtpServer.start(LOGIN);
    organizationId = (await createOrganization(runtime.context.db, { name: 'Acme' })).id;
    const learners = await upsertLearners(
      runtime.context.db,
      organizationId,
      [
        {
          externalId: null,
          fullName: 'Ana Silva',
          email: ANA,
          phone: null,
          timezone: 'Europe/Lisbon',
          locale: 'en',
          title: null,
          department: null,
          managerEmail: null,
          location: null,
          hireDate: null,
          preferredChannel: 'email',
        },
      ],
      runtime.clock.now(),
    );
    learnerId = learners.learnerIds[0] ?? '';
  });
  afterAll(async () => {
    await smtp?.close();
    await runtime?.close();
  });

  it('sends a question as HTML and text, with one signed answer link per button', async () => {
    const outcome = await channel().send(questionSend);

    const [mail] = smtp.mailsTo(ANA);
    expect(outcome).toEqual({ ok: true, value: { providerMessageId: mail?.messageId } });
    expect(mail?.subject).toBe('How long should a new password be at least?');
    expect(smtp.logins).toContain(LOGIN.user);
    const links = answerLinksIn(mail?.text ?? '');
    expect(links.map((link) => link.label)).toEqual(['A', 'B', 'C']);
    for (const link of links) {
      expect(link.url).toMatch(
        new RegExp(`^https://inflow\\.example\\.com/webhooks/email/${organizationId}\\?t=`),
      );
      expect(mail?.html).toContain(`href="${link.url}"`);
    }
    expect(mail?.text).toContain('C) 15 characters');
    expect(mail?.text).toContain('Choose your answer.');
    // An email reply reaches no one, so the chat's "Reply A, B or C" is not said.
    expect(mail?.text).not.toMatch(/Reply/);
    expect(mail?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail?.headers['auto-submitted']).toBe('auto-generated');
  });

  it('gives a resent message the same Message-ID, derived from the idempotency key', async () => {
    await channel().send({ ...questionSend, idempotencyKey: 'resend:1' });
    await channel().send({ ...questionSend, idempotencyKey: 'resend:1' });

    const [first, second] = smtp.mailsTo(ANA).slice(-2);
    expect(first?.messageId).toMatch(/^<lesson\.[0-9a-f]{32}@acme\.example>$/);
    expect(second?.messageId).toBe(first?.messageId);
  });

  it('escapes course text in the HTML part', async () => {
    await channel().send({
      to: ANA,
      message: { text: 'Never paste <script>alert("x")</script> into a form & submit' },
      idempotencyKey: 'lesson:escape',
    });

    const mail = smtp.mailsTo(ANA).at(-1);
    expect(mail?.html).toContain('Never paste &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail?.html).not.toContain('<script>');
  });

  it('records a clicked answer as an inbound message and confirms it', async () => {
    await channel().send({ ...questionSend, idempotencyKey: 'click:1' });
    const link = linkFor(smtp.mailsTo(ANA).at(-1)?.text ?? '', 'C');

    const first = await open(channel(), link);
    const again = await open(channel(), link);

    expect(first).toMatchObject({
      ok: true,
      value: {
        response: { status: 200, contentType: 'text/html; charset=utf-8' },
        events: [
          {
            kind: 'message',
            message: { channel: 'email', sender: ANA, payload: question.buttons?.[2]?.payload },
          },
        ],
      },
    });
    expect(pageText(first)).toContain('Answer received');
    // The same click twice is the same message id, so the engine records it once.
    expect(messageIdOf(again)).toBe(messageIdOf(first));
  });

  it.each([
    [
      'a changed character',
      (link: string) => link.replace(/t=(.)/, (_m, c) => `t=${c === 'A' ? 'B' : 'A'}`),
    ],
    ['a cut-short link', (link: string) => link.slice(0, -6)],
    ['no token', (link: string) => link.split('?')[0] ?? link],
  ])('refuses an answer link with %s, and records nothing', async (_label, tamper) => {
    await channel().send({ ...questionSend, idempotencyKey: `tamper:${_label}` });
    const link = linkFor(smtp.mailsTo(ANA).at(-1)?.text ?? '', 'A');

    const result = await open(channel(), tamper(link));

    expect(result).toMatchObject({ ok: true, value: { events: [] } });
    expect(statusOf(result)).toBeGreaterThanOrEqual(400);
    expect(pageText(result)).toMatch(/not valid|missing its code/);
  });

  it('refuses a stale answer link with 410 and the day it expired', async () => {
    await channel().send({ ...questionSend, idempotencyKey: 'stale:1' });
    const link = linkFor(smtp.mailsTo(ANA).at(-1)?.text ?? '', 'B');
    const sentAt = runtime.clock.now();

    runtime.clock.advance(24 * 3600_000 - 1000);
    const lastSecond = await open(channel(), link);
    runtime.clock.advance(1000);
    const expired = await open(channel(), link);
    runtime.clock.set(sentAt);

    expect(lastSecond).toMatchObject({ ok: true, value: { response: { status: 200 } } });
    expect(statusOf(expired)).toBe(410);
    expect(expired).toMatchObject({ ok: true, value: { events: [] } });
    expect(pageText(expired)).toContain('This link expired on 2026-03-03');
  });

  it("refuses a link signed with another organization's key or for another purpose", async () => {
    const expiresAt = new Date(runtime.clock.now().getTime() + 3600_000);
    const foreign = signLinkToken(
      { purpose: 'email-answer', subjectId: learnerId, detail: 'ans:4:l2-q1:c\nC', expiresAt },
      'a-different-organizations-key-0123456789',
    );
    const pageToken = signLinkToken({ purpose: 'page', subjectId: learnerId, expiresAt }, KEY);
    const base = `https://inflow.example.com/webhooks/email/${organizationId}?t=`;

    const results = [
      await open(channel(), base + foreign),
      await open(channel(), base + pageToken),
    ];

    expect(results.map(statusOf)).toEqual([401, 401]);
    expect(results.every((result) => result.ok && result.value.events.length === 0)).toBe(true);
  });

  it('in confirm mode, records nothing on opening the link, only on the button', async () => {
    const confirming = channel({ answerLinks: 'confirm' });
    await confirming.send({ ...questionSend, idempotencyKey: 'confirm:1' });
    const link = linkFor(smtp.mailsTo(ANA).at(-1)?.text ?? '', 'B');

    const opened = await open(confirming, link);
    const confirmed = await open(confirming, link, 'POST', 'confirm=1');

    expect(opened).toMatchObject({ ok: true, value: { events: [] } });
    expect(pageText(opened)).toContain('You chose B');
    expect(confirmed).toMatchObject({
      ok: true,
      value: { events: [{ message: { payload: question.buttons?.[1]?.payload } }] },
    });
  });

  it('unsubscribes on the RFC 8058 one-click POST, never on a GET', async () => {
    await channel().send({ ...questionSend, idempotencyKey: 'unsub:1' });
    const mail = smtp.mailsTo(ANA).at(-1);
    const unsubscribe = mail?.headers['list-unsubscribe'] ?? '';
    const url = /<([^>]+)>/.exec(unsubscribe)?.[1] ?? '';
    expect(mail?.text).toContain(`Unsubscribe from lesson emails: ${url}`);

    const opened = await open(channel(), url);
    const posted = await open(channel(), url, 'POST', 'List-Unsubscribe=One-Click');

    expect(opened).toMatchObject({ ok: true, value: { events: [] } });
    expect(posted).toMatchObject({
      ok: true,
      value: { events: [{ message: { channel: 'email', sender: ANA, text: 'STOP' } }] },
    });
  });

  it.each([
    [
      'a recipient the server does not know (550)',
      () => smtp.refuseRecipient('ghost@example.com', 550, '5.1.1 No such user'),
      'ghost@example.com',
      { code: 'unreachable', retryable: false, providerCode: '550' },
    ],
    [
      'a message deferred with 451',
      () => smtp.replyToNextData(451, '4.3.0 Try again later'),
      ANA,
      { code: 'rate_limited', retryable: true, providerCode: '451' },
    ],
  ])('maps %s to a clear outcome', async (_label, arrange, to, failure) => {
    arrange();
    if (to !== ANA) await addLearner(to);

    const outcome = await channel().send({ ...questionSend, to, idempotencyKey: `err:${to}` });

    expect(outcome).toMatchObject({ ok: false, error: failure });
  });

  it('says the login is wrong, and that an unknown address has no learner', async () => {
    const badLogin = await channel({ password: 'wrong' }).send(questionSend);
    const unknown = await channel().send({ ...questionSend, to: 'nobody@example.com' });

    expect(badLogin).toMatchObject({
      ok: false,
      error: { code: 'not_configured', retryable: false, providerCode: '535' },
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unreachable', retryable: false } });
  });

  it('retries later when the mail server cannot be reached', async () => {
    const outcome = await channel({ port: 1 }).send(questionSend);

    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'provider_error', retryable: true },
    });
  });

  it('checks the server and login without sending mail', async () => {
    const before = smtp.received.length;

    const good = await emailChannelFactory.check(credentials(), dependencies());
    const bad = await emailChannelFactory.check(credentials({ password: 'x' }), dependencies());

    expect(good).toEqual({ ok: true, value: `Connected to 127.0.0.1:${smtp.port} and logged in` });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('refused') });
    expect(smtp.received.length).toBe(before);
  });

  async function addLearner(email: string): Promise<void> {
    await upsertLearners(
      runtime.context.db,
      organizationId,
      [
        {
          externalId: null,
          fullName: email,
          email,
          phone: null,
          timezone: 'UTC',
          locale: 'en',
          title: null,
          department: null,
          managerEmail: null,
          location: null,
          hireDate: null,
          preferredChannel: 'email',
        },
      ],
      runtime.clock.now(),
    );
  }
});

function answerLinksIn(text: string): { label: string; url: string }[] {
  return [...text.matchAll(/^(\w+): (https:\/\/\S+)$/gm)]
    .filter((match) => !(match[1] ?? '').startsWith('Unsubscribe'))
    .map((match) => ({ label: match[1] ?? '', url: match[2] ?? '' }));
}

function linkFor(text: string, label: string): string {
  const link = answerLinksIn(text).find((candidate) => candidate.label === label);
  if (!link) throw new Error(`no "${label}" link in:\n${text}`);
  return link.url;
}

function statusOf(result: WebhookResult): number {
  return result.ok ? result.value.response.status : result.error.status;
}

function pageText(result: WebhookResult): string {
  return result.ok ? textOf(result.value.response.body) : '';
}

function messageIdOf(result: WebhookResult): string | undefined {
  const event = result.ok ? result.value.events[0] : undefined;
  return event?.kind === 'message' ? event.message.providerMessageId : undefined;
}
