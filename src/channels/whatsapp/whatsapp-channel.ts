/**
 * WhatsApp through Meta's Cloud API, for one organization's business number.
 *
 * Sending: inside the learner's 24-hour customer service window a message goes free-form
 * (text, reply buttons or a list); outside it the organization's re-engagement template goes
 * instead and the message is held until the learner replies. The window is judged when each
 * message actually leaves, never when it was scheduled.
 *
 * Receiving: the verification GET echoes `hub.challenge` when the verify token matches (it is
 * unsigned, pitfall WA-02); every POST must carry a valid `X-Hub-Signature-256`. Learner
 * messages become replies, status callbacks become delivery updates.
 */
import { randomUUID } from 'node:crypto';
import type { LearnerRow } from '../../db/schema.ts';
import { err, ok } from '../../shared/result.ts';
import type { Logger } from '../../shared/logger.ts';
import {
  acknowledge,
  rejectWebhook,
  type Channel,
  type ChannelEvent,
  type SendOutcome,
  type SendRequest,
  type WebhookRequest,
  type WebhookResult,
} from '../channel.ts';
import type { ChannelDependencies } from '../channel-factory.ts';
import { DEFAULT_GRAPH_BASE_URL, GraphApiClient } from './graph-api-client.ts';
import { releaseHeldMessages, reengage, type HeldMessageDependencies } from './held-messages.ts';
import {
  countPending,
  findByKey,
  findByWamids,
  heldBehindTemplate,
  hold,
  holdAgain,
  markEnded,
  recordSent,
} from './message-log.ts';
import {
  findConversation,
  hasPendingTemplate,
  isWindowOpen,
  markWindowClosed,
  recordInbound,
  type ConversationKey,
} from './service-window.ts';
import { REENGAGEMENT_REQUIRED } from './whatsapp-errors.ts';
import {
  contentOf,
  handlingOf,
  inboundMessageOf,
  instantOf,
  statusUpdateOf,
  waIdOf,
} from './whatsapp-inbound.ts';
import { WhatsAppSender } from './whatsapp-sender.ts';
import { sameSecret, verifyWhatsAppSignature } from './whatsapp-signature.ts';
import {
  readWhatsAppWebhook,
  type WhatsAppMessage,
  type WhatsAppStatus,
} from './whatsapp-webhook-payload.ts';

export interface WhatsAppSettings {
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  /** Graph API version in the URL, e.g. "v23.0". */
  graphApiVersion: string;
  /** The window is treated as closed this long before its 24 hours end. */
  windowMarginSeconds: number;
}

/** Meta's challenge is a number; anything else is not echoed back. */
const CHALLENGE = /^[\w.-]{1,256}$/;

export class WhatsAppChannel implements Channel {
  readonly kind = 'whatsapp' as const;
  private readonly sender: WhatsAppSender;
  private readonly log: Logger;
  private readonly held: HeldMessageDependencies;
  private background: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: WhatsAppSettings,
    private readonly deps: ChannelDependencies,
  ) {
    const graph = new GraphApiClient({
      baseUrl: deps.apiBaseUrls?.whatsapp ?? DEFAULT_GRAPH_BASE_URL,
      version: settings.graphApiVersion,
      phoneNumberId: settings.phoneNumberId,
      accessToken: settings.accessToken,
    });
    this.sender = new WhatsAppSender(deps.db, deps.organizationId, graph);
    this.log = deps.logger.child({ channel: 'whatsapp', organizationId: deps.organizationId });
    this.held = {
      db: deps.db,
      clock: deps.clock,
      logger: this.log,
      sender: this.sender,
      windowMarginMs: settings.windowMarginSeconds * 1000,
    };
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    const waId = waIdOf(request.to);
    if (!waId) {
      return err({
        code: 'invalid_request',
        reason: 'not an E.164 phone number',
        retryable: false,
      });
    }
    const { db, organizationId } = this.deps;
    const logged = await findByKey(db, organizationId, request.idempotencyKey);
    if (logged && logged.status !== 'failed') {
      return ok({ providerMessageId: logged.reportedMessageId });
    }

    const key = this.conversationKey(waId);
    const learner = await this.sender.findLearner(waId);
    const state = await findConversation(db, key);
    if (isWindowOpen(state, this.deps.clock.now(), this.held.windowMarginMs)) {
      const sent = await this.sendNow(key, request, learner);
      if (sent.ok || sent.error.providerCode !== String(REENGAGEMENT_REQUIRED)) return sent;
      // Meta found the window closed although our record said open: it decides.
      await markWindowClosed(db, key);
    }
    return this.holdBehindTemplate(key, request, learner);
  }

  private async sendNow(
    key: ConversationKey,
    request: SendRequest,
    learner: LearnerRow | undefined,
  ): Promise<SendOutcome> {
    const locale = learner?.locale ?? 'en';
    const sent = await this.sender.sendFreeForm(key.waId, request.message, locale);
    if (!sent.ok) return sent;

    const entry = { ...this.entry(key, request, sent.value), wamid: sent.value };
    await recordSent(this.deps.db, entry);
    return ok({ providerMessageId: sent.value });
  }

  /**
   * Keeps the message until the learner answers the re-engagement template, sending the
   * template unless one already waits for an answer.
   */
  private async holdBehindTemplate(
    key: ConversationKey,
    request: SendRequest,
    learner: LearnerRow | undefined,
  ): Promise<SendOutcome> {
    const { db } = this.deps;
    const now = this.deps.clock.now();
    const state = await findConversation(db, key);
    let reportedMessageId = `held:${randomUUID()}`;
    let templateMessageId = state.lastTemplateMessageId;
    if (!hasPendingTemplate(state, now)) {
      const text = request.message.text;
      const template = await this.sender.sendReengagement(key, learner, text, now);
      if (!template.ok) return template;
      // The delivery is recorded under the template, so its statuses (and a failure) count.
      reportedMessageId = template.value;
      templateMessageId = template.value;
    }

    await hold(db, { ...this.entry(key, request, reportedMessageId), templateMessageId });
    this.log.info({ idempotencyKey: request.idempotencyKey }, 'message held until window opens');
    return ok({ providerMessageId: reportedMessageId });
  }

  async receiveWebhook(request: WebhookRequest, now: Date): Promise<WebhookResult> {
    if (request.method === 'GET') return this.verifySubscription(request);
    if (request.method !== 'POST') return rejectWebhook(405, 'WhatsApp calls with GET or POST');

    const signature = verifyWhatsAppSignature(
      request.rawBody,
      request.headers['x-hub-signature-256'],
      this.settings.appSecret,
    );
    if (!signature.ok) return rejectWebhook(401, signature.error);
    const webhook = readWhatsAppWebhook(request.rawBody, this.settings.phoneNumberId);
    if (!webhook.ok) return rejectWebhook(400, webhook.error);

    const { messages, statuses, errors, skipped } = webhook.value;
    for (const error of errors) {
      this.log.warn({ code: error.code, title: error.title }, 'WhatsApp reported an error');
    }
    if (skipped > 0) this.log.info({ skipped }, 'webhook changes for another number skipped');
    const events = [
      ...(await this.statusEvents(statuses)),
      ...(await this.messageEvents(messages, now)),
    ];
    return acknowledge(events);
  }

  /** Settles once the releases that webhooks started have finished; for shutdown and tests. */
  whenIdle(): Promise<void> {
    return this.background;
  }

  private verifySubscription(request: WebhookRequest): WebhookResult {
    const query = new URL(request.url, 'http://localhost').searchParams;
    const challenge = query.get('hub.challenge') ?? '';
    if (query.get('hub.mode') !== 'subscribe' || !CHALLENGE.test(challenge)) {
      return rejectWebhook(400, 'not a WhatsApp verification request (hub.mode, hub.challenge)');
    }
    if (!sameSecret(query.get('hub.verify_token') ?? '', this.settings.verifyToken)) {
      return rejectWebhook(403, 'hub.verify_token does not match the configured verify token');
    }
    return acknowledge([], challenge);
  }

  private async messageEvents(messages: WhatsAppMessage[], now: Date): Promise<ChannelEvent[]> {
    const events: ChannelEvent[] = [];
    const toRelease = new Set<string>();
    for (const message of messages) {
      const key = this.conversationKey(message.from);
      const sentAt = instantOf(message.timestamp);
      // A clock ahead of ours must not stretch the window past 24 hours.
      await recordInbound(this.deps.db, key, sentAt > now ? now : sentAt);

      const content = contentOf(message);
      const handling = handlingOf(content, (await countPending(this.deps.db, key)) > 0);
      if (handling.release) toRelease.add(message.from);
      const inbound = handling.forward ? inboundMessageOf(message, content) : undefined;
      if (inbound) {
        events.push({ kind: 'message', message: inbound });
      } else {
        const type = content.kind === 'ignored' ? content.type : content.kind;
        this.log.info({ messageId: message.id, type }, 'WhatsApp message not passed on');
      }
    }

    for (const waId of toRelease) {
      this.inBackground(() => releaseHeldMessages(this.held, this.conversationKey(waId)));
    }
    return events;
  }

  private async statusEvents(statuses: WhatsAppStatus[]): Promise<ChannelEvent[]> {
    const { db, organizationId } = this.deps;
    const logged = await findByWamids(
      db,
      organizationId,
      statuses.map((status) => status.id),
    );
    const byWamid = new Map(logged.map((entry) => [entry.wamid, entry]));
    const events: ChannelEvent[] = [];

    for (const status of statuses) {
      const entry = byWamid.get(status.id);
      const codes = (status.errors ?? []).map((error) => error.code);
      if (status.status === 'failed' && codes.includes(REENGAGEMENT_REQUIRED)) {
        // Meta found the window closed after all: the message waits for a template instead,
        // so its delivery is not failed. A replay of this callback finds it waiting (or sent
        // again under a new id) and changes nothing.
        if (entry?.status === 'sent') {
          await holdAgain(db, entry.id);
          const key = this.conversationKey(entry.waId);
          await markWindowClosed(db, key);
          this.inBackground(() => reengage(this.held, key));
        }
        continue;
      }

      const update = statusUpdateOf(status, entry?.reportedMessageId ?? status.id);
      if (!update) continue;
      events.push({ kind: 'status', update });
      if (update.status !== 'failed') continue;

      // A failed re-engagement template takes down the messages that waited behind it.
      const behind = await heldBehindTemplate(db, organizationId, status.id);
      const reason = `the re-engagement template failed: ${update.errorReason ?? 'no reason'}`;
      const error = { code: update.errorCode ?? 'template_failed', reason };
      await markEnded(
        db,
        behind.map((held) => held.id),
        'failed',
        error,
      );
      for (const held of behind.filter((h) => h.reportedMessageId !== status.id)) {
        events.push({
          kind: 'status',
          update: { ...update, providerMessageId: held.reportedMessageId, errorReason: reason },
        });
      }
    }
    return events;
  }

  private inBackground(work: () => Promise<unknown>): void {
    this.background = this.background
      .then(work)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.log.error({ err: error }, 'held WhatsApp messages could not be handled');
      });
  }

  private conversationKey(waId: string): ConversationKey {
    return {
      organizationId: this.deps.organizationId,
      businessNumberId: this.settings.phoneNumberId,
      waId,
    };
  }

  private entry(key: ConversationKey, request: SendRequest, reportedMessageId: string) {
    return {
      key,
      idempotencyKey: request.idempotencyKey,
      message: request.message,
      reportedMessageId,
      at: this.deps.clock.now(),
    };
  }
}
