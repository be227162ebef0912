import type { Channel } from './channel.ts';

/**
 * Finds the channel adapter an organization uses for a kind of channel. Providers' adapters
 * carry each organization's own credentials; the simulator and the terminal serve everyone.
 */
export interface ChannelRegistry {
  forOrganization(organizationId: string, kind: string): Promise<Channel | undefined>;
  /** Kinds this registry can ever serve, for messages that list what is configured. */
  kinds(): string[];
}

/** The same adapters for every organization: the simulator, the terminal, tests' fakes. */
export class StaticChannelRegistry implements ChannelRegistry {
  private readonly byKind: Map<string, Channel>;

  constructor(channels: readonly Channel[]) {
    this.byKind = new Map(channels.map((channel) => [channel.kind, channel]));
  }

  async forOrganization(_organizationId: string, kind: string): Promise<Channel | undefined> {
    return this.byKind.get(kind);
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }
}

/** Asks each registry in turn: per-organization providers first, then shared channels. */
export class LayeredChannelRegistry implements ChannelRegistry {
  constructor(private readonly layers: readonly ChannelRegistry[]) {}

  async forOrganization(organizationId: string, kind: string): Promise<Channel | undefined> {
    for (const layer of this.layers) {
      const channel = await layer.forOrganization(organizationId, kind);
      if (channel) return channel;
    }
    return undefined;
  }

  kinds(): string[] {
    return [...new Set(this.layers.flatMap((layer) => layer.kinds()))];
  }
}
