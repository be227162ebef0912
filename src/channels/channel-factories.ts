import type { ChannelFactory } from './channel-factory.ts';

/**
 * Every provider adapter Inflow can build from an organization's credentials. A provider
 * module adds its factory here.
 */
export const CHANNEL_FACTORIES: readonly ChannelFactory<unknown>[] = [];
