import { err, ok } from '../../shared/result.ts';
import type {
  Channel,
  SendOutcome,
  SendRequest,
  WebhookRequest,
  WebhookResult,
} from '../channel.ts';
import { defineChannelFactory, type ChannelDependencies } from '../channel-factory.ts';
import { BotAccessToken, loginAuthority, tokenUrlOf } from './bot-access-token.ts';
import type { TeamsChannelOptions } from './teams-channel.ts';
import {
  TEAMS_SECRET_FIELDS,
  teamsCredentialsSchema,
  type TeamsCredentials,
} from './teams-credentials.ts';

/**
 * Teams for one organization. `apiBaseUrls.teamsLogin` and `apiBaseUrls.teamsOpenIdMetadata`
 * point it at a fake identity platform in tests.
 */
export const teamsChannelFactory = defineChannelFactory<TeamsCredentials>({
  kind: 'teams',
  credentialsSchema: teamsCredentialsSchema,
  secretFields: TEAMS_SECRET_FIELDS,
  create: (credentials, dependencies) =>
    new LazyTeamsChannel(optionsFor(credentials, dependencies)),
  /** Asks Microsoft for a bot token: proves the app id, secret and tenant, sends nothing. */
  check: async (credentials, dependencies) => {
    const authority = loginAuthority(credentials.tenantId, dependencies.apiBaseUrls?.teamsLogin);
    const token = new BotAccessToken({
      appId: credentials.appId,
      appPassword: credentials.appPassword,
      tokenUrl: tokenUrlOf(authority),
      clock: dependencies.clock,
    });
    try {
      await token.token();
      return ok(`Microsoft issued a Bot Framework token for app ${credentials.appId}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return err(`Could not get a Bot Framework token for app ${credentials.appId}: ${reason}`);
    }
  },
});

function optionsFor(
  credentials: TeamsCredentials,
  dependencies: ChannelDependencies,
): TeamsChannelOptions {
  return {
    organizationId: dependencies.organizationId,
    db: dependencies.db,
    logger: dependencies.logger,
    clock: dependencies.clock,
    credentials,
    loginBaseUrl: dependencies.apiBaseUrls?.teamsLogin,
    openIdMetadataUrl: dependencies.apiBaseUrls?.teamsOpenIdMetadata,
  };
}

/**
 * Loads the Bot Framework SDK (about two seconds of module loading) on first use rather than
 * whenever the list of channel factories is imported, so CLI commands and SMS-only servers
 * never pay for it.
 */
class LazyTeamsChannel implements Channel {
  readonly kind = 'teams' as const;
  private loaded: Promise<Channel> | undefined;

  constructor(private readonly options: TeamsChannelOptions) {}

  async send(request: SendRequest): Promise<SendOutcome> {
    return (await this.channel()).send(request);
  }

  async receiveWebhook(request: WebhookRequest, now: Date): Promise<WebhookResult> {
    return (await this.channel()).receiveWebhook(request, now);
  }

  private channel(): Promise<Channel> {
    this.loaded ??= import('./teams-channel.ts').then(
      ({ TeamsChannel }) => new TeamsChannel(this.options),
    );
    return this.loaded;
  }
}
