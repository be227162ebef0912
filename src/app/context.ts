import type { Kysely } from 'kysely';
import type { Channel } from '../channels/channel.ts';
import type { Database } from '../db/schema.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * What the engines receive instead of reaching for globals: the database, a logger, the
 * clock (simulated in the demo), the channels that are configured, and the job queue.
 */
export interface EngineContext {
  db: Kysely<Database>;
  logger: Logger;
  clock: Clock;
  channels: ReadonlyMap<string, Channel>;
  jobs: JobQueue;
}

export function channelOrThrow(context: EngineContext, kind: string): Channel {
  const channel = context.channels.get(kind);
  if (!channel) throw new Error(`Channel "${kind}" is not configured`);
  return channel;
}
