import type { MessageButton, OutboundMessage } from '../conversation/outbound-message.ts';
import type { QuestionKind } from '../courses/model.ts';
import type { ChannelKind } from '../people/learner.ts';
import type { Result } from '../shared/result.ts';

export type { MessageButton, OutboundMessage };

export interface SendRequest {
  /** The learner's address on this channel: phone, Slack user id, simulator id, ... */
  to: string;
  message: OutboundMessage;
  /** The same key for a retried send, so a provider or fake can drop the second copy. */
  idempotencyKey: string;
  /**
   * Set when the message asks a question. Real channels ignore it; the simulator uses it to
   * decide how its simulated learner answers.
   */
  question?: { questionId: string; kind: QuestionKind; tag?: number };
  /** The delivery this message belongs to, for a link to its web page. */
  deliveryId?: string;
}

export type SendFailureCode =
  | 'opted_out'
  | 'unreachable'
  | 'not_configured'
  | 'outside_window'
  | 'rate_limited'
  | 'provider_error'
  | 'invalid_request';

export interface SendFailure {
  code: SendFailureCode;
  reason: string;
  /** Whether sending the same message again later can help. */
  retryable: boolean;
  retryAfterSeconds?: number;
  /** The provider's own error code, kept for admins ("21610", "131047"). */
  providerCode?: string;
}

export type SendOutcome = Result<{ providerMessageId: string }, SendFailure>;

/** A reply from a learner, as any channel hands it to the conversation engine. */
export interface InboundMessage {
  channel: ChannelKind;
  /** The sender's address on the channel, matched against learners. */
  sender: string;
  text?: string;
  /** A button or quick-reply payload, when the learner pressed one. */
  payload?: string;
  providerMessageId: string;
  receivedAt: Date;
}

/** What a provider says happened to a message we sent. */
export interface DeliveryStatusUpdate {
  channel: ChannelKind;
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: Date;
  /** The provider's error code, e.g. Twilio "30003" or WhatsApp "131047". */
  errorCode?: string;
  errorReason?: string;
  /** The provider refused because the recipient opted out (Twilio 21610). */
  optedOut?: boolean;
}

export type ChannelEvent =
  { kind: 'message'; message: InboundMessage } | { kind: 'status'; update: DeliveryStatusUpdate };

/** An HTTP request to a webhook, with the raw body kept for signature checks. */
export interface WebhookRequest {
  /** The public URL the provider called (some providers sign it). */
  url: string;
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  rawBody: string;
}

export interface WebhookResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface WebhookRejection {
  /** 400 malformed, 401 bad or missing signature, 403 wrong verify token, 405 wrong method. */
  status: 400 | 401 | 403 | 405;
  reason: string;
}

/**
 * The outcome of a webhook: the response the provider expects (an empty 200, a challenge
 * echo, TwiML) and the events it carried, processed after the response has gone.
 */
export type WebhookResult = Result<
  { response: WebhookResponse; events: ChannelEvent[] },
  WebhookRejection
>;

export interface Channel {
  kind: ChannelKind;
  send(request: SendRequest): Promise<SendOutcome>;
  /**
   * Checks a webhook request is authentic, answers handshakes, and reads its events. Bad
   * input is a rejection, never an exception; a rejected request must change nothing.
   */
  receiveWebhook(request: WebhookRequest, now: Date): Promise<WebhookResult>;
}

/** The plain acknowledgement most providers expect. */
export function acknowledge(events: ChannelEvent[], body = ''): WebhookResult {
  return {
    ok: true,
    value: { response: { status: 200, contentType: 'text/plain', body }, events },
  };
}

export function rejectWebhook(status: WebhookRejection['status'], reason: string): WebhookResult {
  return { ok: false, error: { status, reason } };
}
