/**
 * Email over SMTP, the fallback channel. A lesson or question goes out as HTML and text with
 * one-click answer links; a click comes back to /webhooks/email/{org}?t=<token>, is checked
 * (signature, purpose, expiry, organization) and becomes an InboundMessage like any chat
 * reply, and the learner sees a small confirmation page.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Database, LearnerRow } from '../../db/schema.ts';
import { findLearner, findLearnerByAddress } from '../../people/learner-repository.ts';
import type { Logger } from '../../shared/logger.ts';
import { err, ok } from '../../shared/result.ts';
import {
  rejectWebhook,
  type Channel,
  type ChannelEvent,
  type InboundMessage,
  type SendOutcome,
  type SendRequest,
  type WebhookRequest,
  type WebhookResponse,
  type WebhookResult,
} from '../channel.ts';
import { isFreeTextKind } from '../web/answer-instructions.ts';
import { verifyLinkToken, type LinkClaims, type LinkTokenFailure } from '../web/link-token.ts';
import type { EmailCredentials } from './email-credentials.ts';
import {
  answerReceivedPage,
  confirmAnswerPage,
  noticePage,
  unsubscribePage,
  writtenAnswerPage,
} from './email-link-pages.ts';
import { answerLinks, readAnswerDetail } from './email-links.ts';
import { renderEmail } from './email-render.ts';
import { smtpSendFailure } from './smtp-send-errors.ts';

export interface EmailChannelOptions {
  organizationId: string;
  db: Kysely<Database>;
  logger: Logger;
  credentials: EmailCredentials;
  transport: Transporter;
  /** The server's public address: answer links point at it. */
  publicBaseUrl?: string;
  now: () => Date;
}

const MAX_WRITTEN_ANSWER = 2000;

// Limitation: replies by email are not read; answers come only through the links.
// Limitation: one email per chat message, so a lesson and its first question are two emails.
// Limitation: STARTTLS and implicit TLS trust the system CAs only; no private CA option.

export class EmailChannel implements Channel {
  readonly kind = 'email' as const;

  constructor(private readonly options: EmailChannelOptions) {}

  async send(request: SendRequest): Promise<SendOutcome> {
    const { db, organizationId, credentials, publicBaseUrl } = this.options;
    if (!publicBaseUrl) {
      return err({
        code: 'not_configured',
        reason: "email answer links need the server's public URL, and none is configured",
        retryable: false,
      });
    }
    const learner = await findLearnerByAddress(db, organizationId, 'email', request.to);
    if (!learner) {
      return err({
        code: 'unreachable',
        reason: 'no learner of this organization has this email address',
        retryable: false,
      });
    }

    const buttons = request.message.buttons ?? [];
    const question = request.question;
    const freeText =
      question && buttons.length === 0 && isFreeTextKind(question.kind)
        ? question.questionId
        : undefined;
    const links = answerLinks(
      {
        publicBaseUrl,
        organizationId,
        signingKey: credentials.linkSigningKey,
        learnerId: learner.id,
        now: this.options.now(),
        answerLinkHours: credentials.answerLinkHours,
      },
      buttons,
      freeText,
    );
    const content = renderEmail(request.message, links, question);

    try {
      const info = (await this.options.transport.sendMail({
        from: { name: credentials.fromName, address: credentials.fromAddress },
        to: request.to,
        ...(credentials.replyTo ? { replyTo: credentials.replyTo } : {}),
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: messageIdFor(request.idempotencyKey, credentials.fromAddress),
        headers: {
          // RFC 8058 one-click unsubscribe, which Gmail and Yahoo require of bulk senders.
          'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          // RFC 3834: no out-of-office replies to a lesson.
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
      })) as { messageId?: string };
      return ok({ providerMessageId: info.messageId ?? '' });
    } catch (error) {
      const failure = smtpSendFailure(error);
      this.options.logger.warn(
        { code: failure.code, providerCode: failure.providerCode, retryable: failure.retryable },
        'email send failed',
      );
      return err(failure);
    }
  }

  async receiveWebhook(request: WebhookRequest, now: Date): Promise<WebhookResult> {
    if (request.method !== 'GET' && request.method !== 'POST') {
      return rejectWebhook(405, 'Email links are opened with GET and answered with POST');
    }
    const url = URL.canParse(request.url) ? new URL(request.url) : undefined;
    const token = url?.searchParams.get('t');
    if (!url || !token) {
      return respond(noticePage(400, 'Link incomplete', 'This link is missing its code.'));
    }
    const key = this.options.credentials.linkSigningKey;
    const purposes = ['email-answer', 'email-reply', 'email-unsubscribe'] as const;
    const claims = verifyLinkToken(token, key, purposes, now);
    if (!claims.ok) return this.refuse(claims.error);

    const learner = await findLearner(this.options.db, claims.value.subjectId);
    if (!learner || learner.organizationId !== this.options.organizationId) {
      return this.refuse({ kind: 'bad_signature', reason: 'the link names no learner here' });
    }
    const link: OpenedLink = {
      claims: claims.value,
      learner,
      token,
      action: `${url.pathname}${url.search}`,
      form: request.method === 'POST' ? new URLSearchParams(request.rawBody) : undefined,
      now,
    };
    switch (link.claims.purpose) {
      case 'email-answer':
        return this.answer(link);
      case 'email-reply':
        return this.writtenAnswer(link);
      default:
        return this.unsubscribe(link);
    }
  }

  private answer(link: OpenedLink): WebhookResult {
    const { payload, label } = readAnswerDetail(link.claims.detail ?? '');
    if (!link.form && this.options.credentials.answerLinks === 'confirm') {
      return respond(confirmAnswerPage(link.action, label));
    }
    return respond(answerReceivedPage(), [message(link, { payload }, 'answer', payload)]);
  }

  private async writtenAnswer(link: OpenedLink): Promise<WebhookResult> {
    const open = await this.openQuestion(link.learner.id, link.claims.detail ?? '');
    if (!open) {
      const text = 'This question is closed now, so answers are no longer recorded.';
      return respond(noticePage(200, 'Question closed', text));
    }
    if (!link.form) return respond(writtenAnswerPage(link.action, open.prompt));

    const text = (link.form.get('text') ?? '').trim().slice(0, MAX_WRITTEN_ANSWER);
    if (text === '') {
      return respond(noticePage(400, 'Answer empty', 'Go back and write your answer first.'));
    }
    // "#7 ..." always reads as tag 7, so the words land on this question.
    const event = message(link, { text: `#${open.tag} ${text}` }, 'reply', text);
    return respond(answerReceivedPage(), [event]);
  }

  private unsubscribe(link: OpenedLink): WebhookResult {
    if (!link.form) return respond(unsubscribePage(link.action));
    // STOP through the engine: the same opt-out every channel honours, recorded once.
    const event = message(link, { text: 'STOP' }, 'unsubscribe', '');
    const text = 'You will get no more lesson emails. Your organization can turn them back on.';
    return respond(noticePage(200, 'You are unsubscribed', text), [event]);
  }

  private async openQuestion(learnerId: string, questionId: string) {
    return this.options.db
      .selectFrom('prompts')
      .innerJoin('questions', 'questions.id', 'prompts.questionId')
      .select(['prompts.tag', 'questions.prompt'])
      .where('prompts.learnerId', '=', learnerId)
      .where('prompts.questionId', '=', questionId)
      .where('prompts.channel', '=', this.kind)
      .where('prompts.status', '=', 'open')
      .executeTakeFirst();
  }

  private refuse(failure: LinkTokenFailure): WebhookResult {
    this.options.logger.warn({ reason: failure.kind }, 'email link refused');
    if (failure.kind === 'expired') {
      const day = failure.expiredAt.toISOString().slice(0, 10);
      const text = `This link expired on ${day}. The next lesson email brings fresh links.`;
      return respond(noticePage(410, 'This link has expired', text));
    }
    const text = 'This link is not valid: it may be cut short or changed. Open it from the email.';
    return respond(noticePage(401, 'This link is not valid', text));
  }
}

interface OpenedLink {
  claims: LinkClaims;
  learner: LearnerRow;
  token: string;
  action: string;
  form: URLSearchParams | undefined;
  now: Date;
}

function respond(response: WebhookResponse, events: ChannelEvent[] = []): WebhookResult {
  return { ok: true, value: { response, events } };
}

/** The same click twice is the same message: the engine records it once. */
function message(
  link: OpenedLink,
  content: Pick<InboundMessage, 'text' | 'payload'>,
  kind: string,
  value: string,
): ChannelEvent {
  const digest = createHash('sha256').update(`${link.token}\n${kind}\n${value}`).digest('hex');
  return {
    kind: 'message',
    message: {
      channel: 'email',
      sender: link.learner.email,
      ...content,
      providerMessageId: `email:${digest.slice(0, 40)}`,
      receivedAt: link.now,
    },
  };
}

/** A Message-ID derived from the idempotency key, so a resent copy is recognisably the same. */
function messageIdFor(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] ?? 'inflow.invalid';
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<lesson.${digest}@${domain}>`;
}
