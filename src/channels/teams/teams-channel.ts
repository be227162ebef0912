/**
 * Microsoft Teams through the Bot Framework SDK. Lessons go out as proactive messages into the
 * learner's personal chat with the bot, through the conversation reference stored when they
 * installed the app (or last wrote), with its latest service URL; answers come back as card
 * submits or typed text on the bot's messaging endpoint, /webhooks/teams/{org}.
 */
import { CloudAdapter, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { BotFrameworkAuthentication, ConnectorClient } from 'botframework-connector';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { err, ok } from '../../shared/result.ts';
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
import { authenticateActivity, createBotAuthentication } from './bot-authentication.ts';
import { findPersonalConversation, rememberConversation } from './conversation-references.ts';
import { readActivity, installationChange } from './teams-activity.ts';
import type { TeamsCredentials } from './teams-credentials.ts';
import { activityFor, answerFrom } from './teams-message.ts';
import { teamsSendFailure } from './teams-send-errors.ts';

export interface TeamsChannelOptions {
  organizationId: string;
  db: Kysely<Database>;
  logger: Logger;
  clock: Clock;
  credentials: TeamsCredentials;
  /** https://login.microsoftonline.com unless a test points it at a fake. */
  loginBaseUrl?: string;
  /** The Bot Framework's OpenID metadata document, whose keys sign inbound tokens. */
  openIdMetadataUrl?: string;
}

// Limitation: the Bot Connector takes no idempotency key, so a send retried after a timeout
// whose post had in fact landed shows twice.
// Limitation: learners are linked only through learners.channel_ids.teams; nobody is linked by
// email (TeamsInfo.getMember) or reached before they install the app (createConversation).
// Limitation: an answered card is not updated (updateActivity); a second tap is told the
// answer is already recorded.
export class TeamsChannel implements Channel {
  readonly kind = 'teams' as const;
  private readonly authentication: BotFrameworkAuthentication;
  private readonly adapter: CloudAdapter;

  constructor(private readonly options: TeamsChannelOptions) {
    this.authentication = createBotAuthentication({
      ...options.credentials,
      loginBaseUrl: options.loginBaseUrl,
      openIdMetadataUrl: options.openIdMetadataUrl,
      clock: options.clock,
    });
    this.adapter = new CloudAdapter(this.authentication);
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    const { db, organizationId, credentials } = this.options;
    const conversation = await findPersonalConversation(db, organizationId, request.to);
    if (!conversation) {
      return err({
        code: 'unreachable',
        reason: 'Teams app not installed for this learner: no chat with the bot to post into yet',
        retryable: false,
        providerCode: 'no_conversation_reference',
      });
    }

    // The stored row's URL is the latest one seen; the reference JSON is kept whole beside it.
    const reference: Partial<ConversationReference> = {
      ...conversation.reference,
      serviceUrl: conversation.serviceUrl,
    };
    const activity = TurnContext.applyConversationReference(
      activityFor(request.message),
      reference,
    );
    let providerMessageId = '';
    try {
      await this.adapter.continueConversationAsync(credentials.appId, reference, async (turn) => {
        const client = turn.turnState.get<ConnectorClient>(this.adapter.ConnectorClientKey);
        const sent = await client.conversations.sendToConversation(
          conversation.conversationId,
          activity,
        );
        providerMessageId = sent.id ?? '';
      });
    } catch (error) {
      const failure = teamsSendFailure(error);
      this.options.logger.warn(
        { code: failure.code, providerCode: failure.providerCode, retryable: failure.retryable },
        'teams send failed',
      );
      return err(failure);
    }
    return ok({ providerMessageId });
  }

  async receiveWebhook(request: WebhookRequest, now: Date): Promise<WebhookResult> {
    if (request.method !== 'POST') {
      return rejectWebhook(405, 'The Bot Connector posts activities; nothing to answer on GET');
    }
    const read = readActivity(request.rawBody);
    if (!read.ok) return rejectWebhook(400, read.error);
    const activity = read.value;

    const identity = await authenticateActivity(
      this.authentication,
      activity,
      request.headers.authorization,
    );
    if (!identity.ok) return rejectWebhook(401, identity.error);
    if (activity.channelId !== 'msteams') {
      return rejectWebhook(
        400,
        `This endpoint serves Microsoft Teams, not "${activity.channelId}"`,
      );
    }
    const tenantId = this.options.credentials.tenantId;
    if (tenantId && activity.conversation.tenantId && activity.conversation.tenantId !== tenantId) {
      return rejectWebhook(403, 'The activity comes from a tenant this bot does not serve');
    }

    const { db, organizationId } = this.options;
    await rememberConversation(db, organizationId, activity, now, installationChange(activity));
    if (activity.type !== 'message') return acknowledge([]);

    const event: ChannelEvent = {
      kind: 'message',
      message: {
        channel: 'teams',
        sender: await this.senderAddress(activity),
        ...answerFrom(activity),
        providerMessageId: activity.id ?? `${activity.conversation.id}:${now.toISOString()}`,
        receivedAt: now,
      },
    };
    return acknowledge([event]);
  }

  /**
   * The id the roster links this person by (learners.channel_ids.teams): their Entra object
   * id or their Teams user id, whichever the organization stored.
   */
  private async senderAddress(activity: Activity): Promise<string> {
    const candidates = [activity.from.aadObjectId, activity.from.id].filter(
      (id): id is string => typeof id === 'string' && id !== '',
    );
    const linked = await this.options.db
      .selectFrom('learners')
      .select(sql<string>`channel_ids ->> 'teams'`.as('teamsId'))
      .where('organizationId', '=', this.options.organizationId)
      .where(sql<string>`channel_ids ->> 'teams'`, 'in', candidates)
      .executeTakeFirst();
    return linked?.teamsId ?? candidates[0] ?? activity.from.id;
  }
}
