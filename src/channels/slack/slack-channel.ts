/**
 * Slack for one organization's workspace, through the official Web API client.
 *
 * Sending: a direct message to the learner's Slack user (conversations.open, then
 * chat.postMessage) with the answers as Block Kit buttons. The client never retries by
 * itself: a 429 comes back at once with Slack's Retry-After, for the queue to honour.
 *
 * Receiving: one endpoint for the Events API (JSON) and for interactivity (form-encoded
 * `payload=`), both signed with the signing secret and refused outside the five-minute
 * replay window. Slack wants an answer within three seconds, so receiveWebhook only checks
 * and reads, touching neither the network nor the database; the route queues the replies
 * and the worker grades them.
 */
import { WebClient } from '@slack/web-api';
import type { Logger } from '../../shared/logger.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import {
  acknowledge,
  rejectWebhook,
  type Channel,
  type SendFailure,
  type SendOutcome,
  type SendRequest,
  type WebhookRequest,
  type WebhookResult,
} from '../channel.ts';
import type { ChannelDependencies } from '../channel-factory.ts';
import { buildSlackMessage } from './slack-blocks.ts';
import { sendFailureOfSlackError } from './slack-errors.ts';
import { repliesOfBlockActions, repliesOfMessageEvent, type ReadReplies } from './slack-inbound.ts';
import { slackClientLogger } from './slack-logger.ts';
import { readSlackPayload, type SlackPayload } from './slack-payloads.ts';
import { verifySlackRequest } from './slack-signature.ts';
import { StaleRequestMonitor } from './stale-request-monitor.ts';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** A Web API call that hangs this long is abandoned; the queue retries the send. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface SlackSettings {
  /** The bot token, xoxb-... */
  botToken: string;
  signingSecret: string;
  /** The bot's own user id, when known, so its messages are never read as replies. */
  botUserId?: string;
}

export class SlackChannel implements Channel {
  readonly kind = 'slack' as const;
  readonly client: WebClient;
  private readonly log: Logger;
  private readonly staleRequests: StaleRequestMonitor;
  /**
   * Direct message channel of each Slack user; conversations.open returns the same one.
   * Limitation: kept in memory, so each process opens each channel once.
   */
  private readonly directChannels = new Map<string, string>();

  constructor(
    private readonly settings: SlackSettings,
    deps: Pick<ChannelDependencies, 'logger' | 'apiBaseUrls' | 'organizationId'>,
  ) {
    this.log = deps.logger.child({ channel: 'slack', organizationId: deps.organizationId });
    this.staleRequests = new StaleRequestMonitor(this.log);
    this.client = new WebClient(settings.botToken, {
      slackApiUrl: deps.apiBaseUrls?.slack ?? DEFAULT_SLACK_API_URL,
      // No retries inside the client: they would hide a 429's Retry-After from the queue
      // and hold a worker for minutes. The outbox retries with the delay Slack asked for.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: REQUEST_TIMEOUT_MS,
      logger: slackClientLogger(this.log),
    });
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    const channel = await this.openDirectMessage(request.to);
    if (!channel.ok) return channel;

    const { text, blocks } = buildSlackMessage(request.message);
    // Limitation: chat.postMessage takes no idempotency key, so a send retried after a
    // timeout whose post had in fact landed shows twice.
    try {
      const posted = await this.client.chat.postMessage({
        channel: channel.value,
        text,
        blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      return ok({ providerMessageId: `${posted.channel ?? channel.value}:${posted.ts ?? ''}` });
    } catch (error) {
      return err(this.failureOf(error, 'chat.postMessage'));
    }
  }

  async receiveWebhook(request: WebhookRequest, now: Date): Promise<WebhookResult> {
    if (request.method !== 'POST') return rejectWebhook(405, 'Slack calls with POST only');
    const verified = verifySlackRequest(
      request.headers,
      request.rawBody,
      this.settings.signingSecret,
      now,
    );
    if (!verified.ok) {
      if (verified.error.stale) this.staleRequests.record(now, verified.error.reason);
      return rejectWebhook(401, verified.error.reason);
    }

    const payload = readSlackPayload(request.rawBody);
    if (!payload.ok) return rejectWebhook(400, payload.error);
    const retry = request.headers['x-slack-retry-num'];
    if (retry) {
      // A retry carries the same reply ids as the first delivery, so queuing it again is
      // harmless: the engine drops an id it has handled. Dropping it instead would lose the
      // reply whenever the first delivery failed on our side.
      this.log.info({ retry, reason: request.headers['x-slack-retry-reason'] }, 'Slack retry');
    }

    if (payload.value.kind === 'url_verification') return echoChallenge(payload.value.challenge);
    const replies = this.repliesOf(payload.value);
    if (replies.ignored) this.log.debug({ why: replies.ignored }, 'Slack request had no reply');
    return acknowledge(replies.events);
  }

  /**
   * The Slack user id of a workspace member by email (users.lookupByEmail), null when the
   * workspace has nobody with that email.
   */
  async findUserIdByEmail(email: string): Promise<Result<string | null, SendFailure>> {
    try {
      const found = await this.client.users.lookupByEmail({ email });
      return ok(found.user?.id ?? null);
    } catch (error) {
      if (sendFailureOfSlackError(error).providerCode === 'users_not_found') return ok(null);
      return err(this.failureOf(error, 'users.lookupByEmail'));
    }
  }

  private async openDirectMessage(userId: string): Promise<Result<string, SendFailure>> {
    const known = this.directChannels.get(userId);
    if (known) return ok(known);
    try {
      const opened = await this.client.conversations.open({ users: userId });
      const id = opened.channel?.id;
      if (!id) {
        return err({ code: 'provider_error', reason: 'Slack opened no channel', retryable: true });
      }
      this.directChannels.set(userId, id);
      return ok(id);
    } catch (error) {
      return err(this.failureOf(error, 'conversations.open'));
    }
  }

  private repliesOf(payload: Exclude<SlackPayload, { kind: 'url_verification' }>): ReadReplies {
    switch (payload.kind) {
      case 'event':
        return repliesOfMessageEvent(payload.event, this.settings.botUserId);
      case 'block_actions':
        return repliesOfBlockActions(payload.payload);
      case 'other':
        return { events: [], ignored: `payload type ${payload.type}` };
    }
  }

  private failureOf(error: unknown, method: string): SendFailure {
    const failure = sendFailureOfSlackError(error);
    this.log.warn(
      { method, code: failure.code, providerCode: failure.providerCode },
      'Slack call failed',
    );
    return failure;
  }
}

/** Slack's Events API URL check: the challenge back, as JSON (pitfall SL-05). */
function echoChallenge(challenge: string): WebhookResult {
  return {
    ok: true,
    value: {
      response: {
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ challenge }),
      },
      events: [],
    },
  };
}
