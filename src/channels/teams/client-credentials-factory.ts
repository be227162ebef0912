/**
 * Our bot credentials plugged into the Bot Framework SDK as its ServiceClientCredentialsFactory,
 * the documented extension point for where tokens come from.
 */
import { ServiceClientCredentialsFactory } from 'botframework-connector';
import { BotAccessToken, type ClientCredentials } from './bot-access-token.ts';

/** The SDK's view of our one bot: its app id is the only valid audience. */
export class ClientCredentialsFactory extends ServiceClientCredentialsFactory {
  private readonly token: BotAccessToken;

  constructor(private readonly credentials: ClientCredentials) {
    super();
    this.token = new BotAccessToken(credentials);
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.credentials.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(appId: string): Promise<BotAccessToken> {
    if (appId !== this.credentials.appId) {
      throw new Error(`This bot is ${this.credentials.appId}; it has no credentials for ${appId}`);
    }
    return this.token;
  }
}
