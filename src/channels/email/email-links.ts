/**
 * The links in a lesson email: one per answer button, one to a page for a written answer, and
 * the unsubscribe link. Each carries a signed, expiring token naming the learner and what the
 * link does; they all point at the organization's email webhook, so a click enters through
 * the same inbound path as any provider's callback.
 */
import { signLinkToken, type LinkPurpose } from '../web/link-token.ts';

/** Unsubscribe links must keep working long after the email was sent (RFC 8058, Gmail, Yahoo). */
const UNSUBSCRIBE_DAYS = 365;

export interface EmailLinkContext {
  publicBaseUrl: string;
  organizationId: string;
  signingKey: string;
  learnerId: string;
  now: Date;
  answerLinkHours: number;
}

export interface EmailLinks {
  answers: { label: string; url: string }[];
  /** A page with a text box, for reflections and fill-in answers. */
  replyUrl?: string;
  unsubscribeUrl: string;
}

export function answerLinks(
  context: EmailLinkContext,
  buttons: readonly { label: string; payload: string }[],
  freeTextQuestionId: string | undefined,
): EmailLinks {
  const answerExpiry = new Date(context.now.getTime() + context.answerLinkHours * 3600_000);
  const unsubscribeExpiry = new Date(context.now.getTime() + UNSUBSCRIBE_DAYS * 86_400_000);
  const link = (purpose: LinkPurpose, expiresAt: Date, detail?: string) =>
    webhookUrl(
      context,
      signLinkToken(
        { purpose, subjectId: context.learnerId, detail, expiresAt },
        context.signingKey,
      ),
    );

  return {
    answers: buttons.map((button) => ({
      label: button.label,
      url: link('email-answer', answerExpiry, answerDetail(button)),
    })),
    ...(freeTextQuestionId
      ? { replyUrl: link('email-reply', answerExpiry, freeTextQuestionId) }
      : {}),
    unsubscribeUrl: link('email-unsubscribe', unsubscribeExpiry),
  };
}

/** An answer link carries the payload, and the label to show if the learner must confirm. */
function answerDetail(button: { label: string; payload: string }): string {
  return `${button.payload}\n${button.label}`;
}

export function readAnswerDetail(detail: string): { payload: string; label: string } {
  const [payload = '', label = payload] = detail.split('\n');
  return { payload, label };
}

function webhookUrl(context: EmailLinkContext, token: string): string {
  const base = context.publicBaseUrl.replace(/\/+$/, '');
  return `${base}/webhooks/email/${context.organizationId}?t=${token}`;
}
