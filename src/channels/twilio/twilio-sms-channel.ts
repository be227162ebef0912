/**
 * SMS through Twilio's Programmable Messaging, with the official SDK.
 *
 * Sending: each message is rendered for SMS (buttons dropped, kept within the configured
 * segments: a long lesson becomes an excerpt and its web link, or ordered parts) and every
 * part is remembered under the send's idempotency key, so a retried send never repeats a
 * part. Receiving: one webhook URL takes both learners' messages and status callbacks.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../shared/logger.ts';
import { err, ok } from '../../shared/result.ts';
import type {
  Channel,
  ChannelEvent,
  SendOutcome,
  SendRequest,
  WebhookRequest,
  WebhookResult,
} from '../channel.ts';
import type { ChannelDependencies } from '../channel-factory.ts';
import { findSentPart, firstPartOf, recordSentPart } from '../sent-parts.ts';
import { claimWebhookEvent } from '../webhook-claims.ts';
import { renderSms } from './sms-render.ts';
import { createTwilioClient, type TwilioClient } from './twilio-client.ts';
import type { TwilioCredentials } from './twilio-credentials.ts';
import { sendFailureFrom } from './twilio-send-errors.ts';
import { mapTwilioStatus } from './twilio-status.ts';
import { EMPTY_TWIML, verifyTwilioWebhook, type TwilioParams } from './twilio-webhook.ts';

const KIND = 'sms';

/**
 * The keyword Twilio reports in `OptOutType` when its opt-out management handled a message
 * (its default list or an Advanced Opt-Out one, such as YES or a localised word). Passing the
 * keyword on makes the conversation engine act as the carrier already did.
 */
const OPT_OUT_TYPES: Record<string, string> = { STOP: 'STOP', START: 'START', HELP: 'HELP' };

export class TwilioSmsChannel implements Channel {
  readonly kind = KIND;
  private readonly client: TwilioClient;
  private readonly db: Kysely<Database>;
  private readonly logger: Logger;

  constructor(
    private readonly credentials: TwilioCredentials,
    private readonly dependencies: ChannelDependencies,
  ) {
    this.client = createTwilioClient(credentials, dependencies.apiBaseUrls?.twilio);
    this.db = dependencies.db;
    this.logger = dependencies.logger.child({ channel: KIND });
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    const bodies = renderSms(request.message, {
      maxSegments: this.credentials.maxSegments,
      smartEncoding: this.credentials.smartEncoding,
      link: this.lessonLinkFor(request),
    });
    const key = {
      organizationId: this.dependencies.organizationId,
      channel: KIND,
      idempotencyKey: request.idempotencyKey,
    };

    let firstPart: string | undefined;
    for (const [index, body] of bodies.entries()) {
      const part = index + 1;
      let sid = await findSentPart(this.db, key, part);
      if (sid === undefined) {
        try {
          sid = await this.createMessage(request.to, body);
        } catch (error) {
          const failure = sendFailureFrom(error);
          this.logger.warn(
            { code: failure.code, providerCode: failure.providerCode, part, parts: bodies.length },
            'Twilio refused a message',
          );
          return err(failure);
        }
        await recordSentPart(this.db, key, part, sid, this.dependencies.clock.now());
      }
      firstPart ??= sid;
    }
    return ok({ providerMessageId: firstPart as string });
  }

  async receiveWebhook(request: WebhookRequest, now: Date): Promise<WebhookResult> {
    const verified = verifyTwilioWebhook(request, this.credentials.authToken);
    if (!verified.ok) return verified;
    const params = verified.value;
    if (params.AccountSid !== this.credentials.accountSid) {
      return err({ status: 403, reason: 'the webhook belongs to another Twilio account' });
    }

    const status = params.MessageStatus?.toLowerCase();
    if (status !== undefined && status !== 'received' && status !== 'receiving') {
      return this.statusCallback(params, status, now);
    }
    if (params.Body !== undefined || params.SmsStatus === 'received') {
      return this.inboundMessage(params, now);
    }
    return err({
      status: 400,
      reason: 'the webhook is neither an incoming message nor a status callback',
    });
  }

  private async createMessage(to: string, body: string): Promise<string> {
    const sender = this.credentials.messagingServiceSid
      ? { messagingServiceSid: this.credentials.messagingServiceSid }
      : { from: this.credentials.from as string };
    const { publicBaseUrl, organizationId } = this.dependencies;
    const statusCallback = publicBaseUrl
      ? `${publicBaseUrl.replace(/\/+$/, '')}/webhooks/sms/${organizationId}`
      : undefined;
    const message = await this.client.messages.create({
      to,
      body,
      ...sender,
      ...(statusCallback ? { statusCallback } : {}),
    });
    return message.sid;
  }

  /**
   * A lesson (no question, no buttons) may be cut short with a link to its web page, when the
   * server has a public URL and a link signing key (the registry's `lessonLink`).
   */
  private lessonLinkFor(request: SendRequest): string | undefined {
    const isLesson = request.question === undefined && !request.message.buttons?.length;
    if (!isLesson || request.deliveryId === undefined) return undefined;
    return this.dependencies.lessonLink?.(request.deliveryId);
  }

  private async inboundMessage(params: TwilioParams, now: Date): Promise<WebhookResult> {
    const sid = params.MessageSid ?? params.SmsMessageSid;
    const sender = params.From;
    if (!sid || !sender) {
      return err({ status: 400, reason: 'the incoming message has no MessageSid or From' });
    }

    // Twilio re-delivers a webhook it thinks timed out; the copy gets the same empty answer.
    // Limitation: the claim is made before the route queues the job, so if queueing fails
    // after it, Twilio's retry is taken for a copy and the reply is lost.
    const first = await claimWebhookEvent(
      this.db,
      this.dependencies.organizationId,
      KIND,
      `inbound:${sid}`,
      now,
    );
    if (!first) {
      this.logger.info({ providerMessageId: sid }, 'repeated incoming message ignored');
      return twiml([]);
    }
    // Limitation: when Twilio's opt-out management has answered a keyword itself, the engine
    // still sends its own confirmation: refused with 21610 after STOP, a second text after
    // START or HELP. The engine needs to know the provider answered (see the issue note).
    const keyword = params.OptOutType ? OPT_OUT_TYPES[params.OptOutType.toUpperCase()] : undefined;
    const text = keyword ?? params.Body ?? '';
    return twiml([
      {
        kind: 'message',
        message: { channel: KIND, sender, text, providerMessageId: sid, receivedAt: now },
      },
    ]);
  }

  private async statusCallback(
    params: TwilioParams,
    status: string,
    now: Date,
  ): Promise<WebhookResult> {
    const sid = params.MessageSid ?? params.SmsSid;
    if (!sid) return err({ status: 400, reason: 'the status callback has no MessageSid' });

    const mapped = mapTwilioStatus(status, params.ErrorCode);
    if (mapped.kind === 'unknown') {
      this.logger.warn({ providerMessageId: sid, status }, 'unknown Twilio message status ignored');
      return twiml([]);
    }
    if (mapped.kind === 'in_flight') return twiml([]);

    const providerMessageId = await firstPartOf(
      this.db,
      this.dependencies.organizationId,
      KIND,
      sid,
    );
    const event: ChannelEvent = {
      kind: 'status',
      update: {
        channel: KIND,
        providerMessageId,
        status: mapped.status,
        // Twilio's callbacks carry no time of their own: the time they arrive stands in.
        at: now,
        ...(mapped.errorCode
          ? { errorCode: mapped.errorCode, errorReason: mapped.errorReason }
          : {}),
        ...(mapped.optedOut ? { optedOut: true } : {}),
      },
    };
    return twiml([event]);
  }
}

function twiml(events: ChannelEvent[]): WebhookResult {
  return {
    ok: true,
    value: { response: { status: 200, contentType: 'text/xml', body: EMPTY_TWIML }, events },
  };
}
