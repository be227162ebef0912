/**
 * Builds the credential store and the per-organization registry from configuration, for
 * `inflow serve`, `inflow worker`, `inflow channels` and the REST API alike.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { CHANNEL_FACTORIES } from '../channel-factories.ts';
import { lessonLinkBuilder } from '../web/lesson-link.ts';
import type { ChannelFactory } from '../channel-factory.ts';
import { ChannelCredentialStore } from './channel-credential-store.ts';
import { CredentialChannelRegistry } from './credential-channel-registry.ts';
import { parseCredentialsKey, type CredentialsKey } from './credentials-key.ts';

export interface ChannelSetupOptions {
  /** INFLOW_CREDENTIALS_KEY as configured; without it, credentials cannot be used. */
  credentialsKey?: string;
  /** INFLOW_PUBLIC_URL: where providers call us, and the base of status callback URLs. */
  publicBaseUrl?: string;
  /** Provider API hosts to use instead of the real ones (tests' fakes). */
  apiBaseUrls?: Partial<Record<string, string>>;
  lessonLink?: (deliveryId: string) => string | undefined;
  factories?: readonly ChannelFactory<unknown>[];
}

export interface ChannelSetup {
  store: ChannelCredentialStore;
  registry: CredentialChannelRegistry;
}

/** @example const { registry } = createChannelSetup({ db, logger, clock }, { credentialsKey }) */
export function createChannelSetup(
  storage: { db: Kysely<Database>; logger: Logger; clock: Clock },
  options: ChannelSetupOptions = {},
): ChannelSetup {
  const store = new ChannelCredentialStore({
    db: storage.db,
    key: credentialsKeyFrom(options.credentialsKey),
    factories: options.factories ?? CHANNEL_FACTORIES,
  });
  const registry = new CredentialChannelRegistry(store, {
    db: storage.db,
    logger: storage.logger,
    clock: storage.clock,
    apiBaseUrls: options.apiBaseUrls,
    publicBaseUrl: options.publicBaseUrl,
    lessonLink: options.lessonLink,
  });
  return { store, registry };
}

/** The parsed key, undefined when none is configured; a malformed one is a startup error. */
export function credentialsKeyFrom(text: string | undefined): CredentialsKey | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const parsed = parseCredentialsKey(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/**
 * The channel options `inflow serve`, `inflow worker` and `inflow channels` take from config.
 * With a public URL and a link signing key, adapters can link a lesson to its web page (the
 * SMS excerpt of a long lesson does); without them the excerpt goes without a link.
 */
export function channelSetupOptionsFrom(
  config: { credentialsKey?: string; publicUrl?: string; linkSigningKey?: string },
  clock: Clock = systemClock,
): ChannelSetupOptions {
  const { publicUrl, linkSigningKey } = config;
  return {
    credentialsKey: config.credentialsKey,
    publicBaseUrl: publicUrl,
    lessonLink:
      publicUrl && linkSigningKey
        ? lessonLinkBuilder({ publicBaseUrl: publicUrl, signingKey: linkSigningKey }, clock)
        : undefined,
  };
}
