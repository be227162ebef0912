import { z } from 'zod';
import { serializedEventSchema } from '../channels/channel-event-schema.ts';

/**
 * Every background job Inflow runs, in one typed list: its queue name, the shape of its
 * payload, and how it is retried. Handlers are registered against these names only.
 */
export const JOBS = {
  deliveryTick: {
    name: 'delivery-tick',
    // Without `at`, the worker's clock decides (the production cron tick).
    payload: z.object({ at: z.string().datetime().optional() }),
    retryLimit: 3,
    expireInSeconds: 300,
  },
  peopleSync: {
    name: 'people-sync',
    // Cohorts by hire date ("hired in the last 30 days") change with the date, not only when a
    // record does. Without `at`, the worker's clock decides (the production cron tick).
    payload: z.object({ at: z.string().datetime().optional() }),
    retryLimit: 3,
    expireInSeconds: 900,
  },
  channelEvents: {
    name: 'channel-events',
    payload: z.object({
      organizationId: z.string().uuid(),
      channel: z.string(),
      events: z.array(serializedEventSchema),
    }),
    retryLimit: 3,
    expireInSeconds: 120,
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
