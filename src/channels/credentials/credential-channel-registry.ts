/**
 * The adapters of provider channels, built per organization from its stored credentials.
 * An adapter is cached per organization and kind and rebuilt when the credentials' revision
 * changes, which every process sees, since the revision is read from the database each time.
 */
import type { Channel } from '../channel.ts';
import type { ChannelDependencies } from '../channel-factory.ts';
import type { ChannelRegistry } from '../channel-registry.ts';
import type { ChannelCredentialStore } from './channel-credential-store.ts';

export type SharedDependencies = Omit<ChannelDependencies, 'organizationId'>;

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

    const stored = await this.store.load(organizationId, kind);
    if (!stored) return undefined;
    const channel = factory.create(stored.credentials, this.dependenciesFor(organizationId));
    this.cache.set(cacheKey, { revision: stored.revision, channel });
    this.dependencies.logger.info(
      { organizationId, channel: kind, revision: stored.revision },
      'channel adapter built from credentials',
    );
    return channel;
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
