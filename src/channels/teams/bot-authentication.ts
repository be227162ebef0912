/**
 * The Bot Framework SDK's authentication, configured for one bot. Inbound activities carry a
 * JWT from the Bot Connector; the SDK checks it as Microsoft documents ("Authenticate requests
 * from the Bot Connector service"): RS256 signature by a key from the OpenID metadata's JWKS,
 * issuer https://api.botframework.com, audience = our app id, not expired (5 minutes' skew),
 * the key endorsed for the activity's channel, and the serviceurl claim equal to the
 * activity's serviceUrl. The metadata URL is configurable, so tests point it at a fake.
 */
import {
  AuthenticationConfiguration,
  BotFrameworkAuthenticationFactory,
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import type { Clock } from '../../shared/clock.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { BOT_FRAMEWORK_SCOPE, loginAuthority, tokenUrlOf } from './bot-access-token.ts';
import { ClientCredentialsFactory } from './client-credentials-factory.ts';
import { connectorTransport } from './connector-transport.ts';

export const DEFAULT_OPENID_METADATA_URL =
  'https://login.botframework.com/v1/.well-known/openidconfiguration';

const PUBLIC_CLOUD_CALLER = 'urn:botframework:azure';

export interface BotAuthenticationOptions {
  appId: string;
  appPassword: string;
  /** Single-tenant bots get tokens from their own tenant. */
  tenantId?: string;
  loginBaseUrl?: string;
  openIdMetadataUrl?: string;
  clock: Clock;
}

export function createBotAuthentication(
  options: BotAuthenticationOptions,
): BotFrameworkAuthentication {
  const loginUrl = loginAuthority(options.tenantId, options.loginBaseUrl);
  const openIdMetadataUrl = options.openIdMetadataUrl ?? DEFAULT_OPENID_METADATA_URL;
  const credentials = new ClientCredentialsFactory({
    appId: options.appId,
    appPassword: options.appPassword,
    tokenUrl: tokenUrlOf(loginUrl),
    clock: options.clock,
  });

  return BotFrameworkAuthenticationFactory.create(
    '',
    true,
    loginUrl,
    BOT_FRAMEWORK_SCOPE,
    'https://api.botframework.com',
    'https://api.botframework.com',
    openIdMetadataUrl,
    // Emulator tokens are checked against the same metadata, so they never pass: only the Bot
    // Connector may call this endpoint.
    openIdMetadataUrl,
    PUBLIC_CLOUD_CALLER,
    credentials,
    new AuthenticationConfiguration(),
    undefined,
    { httpClient: connectorTransport(options.clock) },
  );
}

/**
 * @returns the token's claims, or why the request is refused. Never throws: a missing,
 *   forged, expired or misaddressed token is an expected outcome of a public endpoint.
 */
export async function authenticateActivity(
  authentication: BotFrameworkAuthentication,
  activity: Activity,
  authorization: string | undefined,
): Promise<Result<ClaimsIdentity, string>> {
  if (!authorization?.startsWith('Bearer ')) {
    return err('no Bot Framework bearer token in the Authorization header');
  }
  try {
    const result = await authentication.authenticateRequest(activity, authorization);
    return ok(result.claimsIdentity);
  } catch (error) {
    return err(error instanceof Error ? error.message : 'the bearer token was refused');
  }
}
