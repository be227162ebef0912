/**
 * How the bot proves itself to the Bot Connector: an OAuth 2.0 client-credentials token from
 * the Microsoft identity platform for the scope https://api.botframework.com/.default, sent as
 * a bearer token (Bot Connector authentication, "Authenticate requests from your bot").
 *
 * The token endpoint is configurable (tests use a fake on loopback; a single-tenant bot uses
 * its own tenant) and token lifetimes follow the injected clock. No SDK import here, so
 * `inflow channels check` can test credentials without loading the Bot Framework SDK.
 */
import type { Clock } from '../../shared/clock.ts';
import { BotConnectorError, errorCodeOf } from './bot-connector-error.ts';

// Limitation: client secrets only; certificate and managed-identity credentials are not wired.
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';
export const DEFAULT_LOGIN_BASE_URL = 'https://login.microsoftonline.com';
/** The tenant that issues tokens for multi-tenant bots. */
const BOT_FRAMEWORK_TENANT = 'botframework.com';

/** The authority a bot logs in at: its own tenant if single-tenant, else botframework.com. */
export function loginAuthority(tenantId: string | undefined, loginBaseUrl?: string): string {
  const base = (loginBaseUrl ?? DEFAULT_LOGIN_BASE_URL).replace(/\/+$/, '');
  return `${base}/${tenantId ?? BOT_FRAMEWORK_TENANT}`;
}

export function tokenUrlOf(authority: string): string {
  return `${authority}/oauth2/v2.0/token`;
}

/** Renew this long before a token expires, so a send never carries one that lapses in flight. */
const RENEW_MARGIN_MS = 5 * 60 * 1000;

export interface ClientCredentials {
  appId: string;
  appPassword: string;
  /** The full token endpoint: login.microsoftonline.com/{tenant}/oauth2/v2.0/token. */
  tokenUrl: string;
  clock: Clock;
}

/** The part of an SDK request the credentials touch. */
interface SignableRequest {
  headers: { set(name: string, value: string): void };
}

/** One bot's access token, fetched when needed and reused until shortly before it expires. */
export class BotAccessToken {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly credentials: ClientCredentials) {}

  async signRequest<R extends SignableRequest>(request: R): Promise<R> {
    request.headers.set('authorization', `Bearer ${await this.token()}`);
    return request;
  }

  async token(): Promise<string> {
    const now = this.credentials.clock.now().getTime();
    if (this.cached && now < this.cached.renewAt) return this.cached.token;
    // Sends that start together share one token request.
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    const { appId, appPassword, tokenUrl, clock } = this.credentials;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: appId,
      client_secret: appPassword,
      scope: `${BOT_FRAMEWORK_SCOPE}/.default`,
    });

    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
    } catch (error) {
      throw new BotConnectorError(
        'token',
        undefined,
        undefined,
        `token endpoint unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      const code = errorCodeOf(text);
      throw new BotConnectorError(
        'token',
        response.status,
        code,
        `token endpoint answered ${response.status}${code ? ` (${code})` : ''}`,
      );
    }

    const parsed = JSON.parse(text) as { access_token?: unknown; expires_in?: unknown };
    if (typeof parsed.access_token !== 'string') {
      throw new BotConnectorError('token', response.status, undefined, 'no access_token in answer');
    }
    const lifetimeMs = (Number(parsed.expires_in) || 3600) * 1000;
    const issuedAt = clock.now().getTime();
    this.cached = {
      token: parsed.access_token,
      renewAt: issuedAt + Math.max(0, lifetimeMs - RENEW_MARGIN_MS),
    };
    return parsed.access_token;
  }
}
