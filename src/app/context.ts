import type { Kysely } from 'kysely';
import type { ChannelRegistry } from '../channels/channel-registry.ts';
import type { Database } from '../db/schema.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * What the engines receive instead of reaching for globals: the database, a logger, the
 * clock (simulated in the demo), the channels of each organization, and the job queue.
 */
export interface EngineContext {
  db: Kysely<Database>;
  logger: Logger;
  clock: Clock;
  channels: ChannelRegistry;
  jobs: JobQueue;
}
