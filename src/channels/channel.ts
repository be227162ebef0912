import type { OutboundMessage } from '../conversation/outbound-message.ts';
import type { QuestionKind } from '../courses/model.ts';
import type { ChannelKind } from '../people/learner.ts';
import type { Result } from '../shared/result.ts';

export type { OutboundMessage };

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
}

export type SendFailureCode =
  'opted_out' | 'unreachable' | 'rate_limited' | 'provider_error' | 'invalid_request';

export interface SendFailure {
  code: SendFailureCode;
  reason: string;
  /** Whether sending the same message again later can help. */
  retryable: boolean;
  retryAfterSeconds?: number;
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

/** An HTTP request to a webhook, with the raw body kept for signature checks. */
export interface WebhookRequest {
  url: string;
  method: string;
  headers: Record<string, string | undefined>;
  rawBody: string;
}

export interface Channel {
  kind: ChannelKind;
  send(request: SendRequest): Promise<SendOutcome>;
  /** Checks that a webhook request really comes from the provider. */
  verifyWebhook(request: WebhookRequest, now: Date): Result<true, string>;
  /** Reads the learner replies a verified webhook carries (none for a status callback). */
  parseInbound(request: WebhookRequest): Result<InboundMessage[], string>;
}
