/**
 * The adapters of provider channels, built per organization from its stored credentials.
 * An adapter is cached per organization and kind and rebuilt when the credentials' revision
 * changes, which every process sees, since the revision is read from the database each time.
 */
import type { Channel } from '../channel.ts';
import type { ChannelDependencies } from '../channel-factory.ts';
import type { ChannelRegistry } from '../channel-registry.ts';
import {
  StoredCredentialsUnusableError,
  type ChannelCredentialStore,
} from './channel-credential-store.ts';
import { CredentialsKeyMissingError } from './credentials-key.ts';

export type SharedDependencies = Omit<ChannelDependencies, 'organizationId'>;

/**
 * An organization's credentials for a channel exist but cannot be used by this process: no
 * INFLOW_CREDENTIALS_KEY, another key, or credentials that no longer validate. Sending on
 * that channel cannot succeed until an admin acts, so the dispatcher treats it as a refusal
 * for good (a fallback channel, else a failed delivery with this message), never a retry.
 */
export class ChannelNotConfiguredError extends Error {
  /** Why, for a caller that must word it for someone else (a webhook's provider). */
  readonly reason: 'key_missing' | 'other_key' | 'no_longer_valid' | 'unreadable';

  constructor(
    readonly organizationId: string,
    readonly channel: string,
    cause: unknown,
  ) {
    super(
      `The ${channel} channel of organization ${organizationId} is not configured: ` +
        (cause instanceof Error ? cause.message : String(cause)),
      { cause },
    );
    this.name = 'ChannelNotConfiguredError';
    this.reason =
      cause instanceof CredentialsKeyMissingError
        ? 'key_missing'
        : cause instanceof StoredCredentialsUnusableError
          ? cause.reason
          : 'unreadable';
  }
}

interface CachedChannel {
  revision: number;
  channel: Channel;
}

export class CredentialChannelRegistry implements ChannelRegistry {
  private readonly cache = new Map<string, CachedChannel>();

  constructor(
    private readonly store: ChannelCredentialStore,
    private readonly dependencies: SharedDependencies,
  ) {}

  /**
   * Undefined when the organization has no credentials for the kind; throws
   * ChannelNotConfiguredError when it has some this process cannot use.
   * @example await registry.forOrganization(org.id, 'sms') // the org's Twilio adapter
   */
  async forOrganization(organizationId: string, kind: string): Promise<Channel | undefined> {
    const factory = this.store.factoryFor(kind);
    if (!factory) return undefined;
    const cacheKey = `${organizationId}:${kind}`;
    const revision = await this.store.revision(organizationId, kind);
    if (revision === undefined) {
      this.cache.delete(cacheKey);
      return undefined;
    }
    const cached = this.cache.get(cacheKey);
    if (cached?.revision === revision) return cached.channel;

    const stored = await this.loadUsable(organizationId, kind);
    if (!stored) return undefined;
    const channel = factory.create(stored.credentials, this.dependenciesFor(organizationId));
    this.cache.set(cacheKey, { revision: stored.revision, channel });
    this.dependencies.logger.info(
      { organizationId, channel: kind, revision: stored.revision },
      'channel adapter built from credentials',
    );
    return channel;
  }

  private async loadUsable(organizationId: string, kind: string) {
    try {
      return await this.store.load(organizationId, kind);
    } catch (error) {
      // The store throws plain errors for a missing key and for credentials it cannot open or
      // parse; a database error is thrown from its query before any of those, so it is kept.
      if (isCredentialsProblem(error)) {
        throw new ChannelNotConfiguredError(organizationId, kind, error);
      }
      throw error;
    }
  }

  kinds(): string[] {
    return this.store.kinds();
  }

  dependenciesFor(organizationId: string): ChannelDependencies {
    return {
      ...this.dependencies,
      organizationId,
      logger: this.dependencies.logger.child({ organizationId }),
    };
  }
}

/**
 * Whether the store refused the credentials themselves (no key, wrong key, invalid), rather
 * than failing to read them. Driver and network errors of pg and PGlite carry a `code`
 * (SQLSTATE, ECONNRESET); the store's own errors do not.
 */
function isCredentialsProblem(error: unknown): error is Error {
  if (error instanceof CredentialsKeyMissingError) return true;
  if (error instanceof StoredCredentialsUnusableError) return true;
  return error instanceof Error && !('code' in error);
}
