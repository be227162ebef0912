import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema.ts';
import type { ChannelKind } from '../people/learner.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Result } from '../shared/result.ts';
import type { Channel } from './channel.ts';

/** What an adapter may use besides its credentials: storage, logs, time, and the network. */
export interface ChannelDependencies {
  organizationId: string;
  db: Kysely<Database>;
  logger: Logger;
  clock: Clock;
  /**
   * Base URLs of the provider APIs, overridable so tests point adapters at fakes on
   * loopback, e.g. { twilio: 'http://127.0.0.1:4010' }.
   */
  apiBaseUrls?: Partial<Record<string, string>>;
  /** The public base URL of this server, for links and URL-signed webhooks. */
  publicBaseUrl?: string;
  /**
   * The web page of the lesson a delivery carries (`${publicBaseUrl}/learn/...`), for chats
   * too small for a long lesson; absent until the web lesson page is configured.
   */
  lessonLink?: (deliveryId: string) => string | undefined;
}

/**
 * Builds one organization's adapter for a provider from its stored credentials. Each provider
 * module exports one; `channel-factories.ts` lists them all.
 */
export interface ChannelFactory<Credentials = unknown> {
  kind: ChannelKind;
  /** Validates credentials when an admin saves them; secrets are encrypted at rest. */
  credentialsSchema: z.ZodType<Credentials>;
  /** Names of credential fields that are secrets: never logged, never returned by the API. */
  secretFields: readonly string[];
  create(credentials: Credentials, dependencies: ChannelDependencies): Channel;
  /** Checks the credentials against the provider without sending a lesson. */
  check(
    credentials: Credentials,
    dependencies: ChannelDependencies,
  ): Promise<Result<string, string>>;
}

/**
 * Keeps a factory's own credential type inside it while listing it with the others: the
 * registry only ever passes credentials that `credentialsSchema` has parsed.
 */
export function defineChannelFactory<Credentials>(
  factory: ChannelFactory<Credentials>,
): ChannelFactory<unknown> {
  return factory as unknown as ChannelFactory<unknown>;
}
