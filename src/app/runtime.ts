import type { Channel } from '../channels/channel.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { EngineContext } from './context.ts';

export interface RuntimeOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** PostgreSQL schema on a server (tests give each file its own). */
  schema?: string;
  logger: Logger;
  clock: Clock;
  channels: Channel[];
}

export interface Runtime {
  context: EngineContext;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * Opens storage (embedded PGlite without a URL, PostgreSQL with one), applies pending
 * migrations, starts the job queue and wires the engines' shared context.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const database = await openDatabase({
    url: options.databaseUrl,
    dataDir: options.dataDir,
    schema: options.schema,
  });
  try {
    const applied = await migrateToLatest(database.db, database.schema);
    if (applied.length > 0) options.logger.info({ applied }, 'database migrated');
    const jobs = await JobQueue.start(database, options.logger);

    const context: EngineContext = {
      db: database.db,
      logger: options.logger,
      clock: options.clock,
      channels: new Map(options.channels.map((channel) => [channel.kind, channel])),
      jobs,
    };
    return {
      context,
      database,
      close: async () => {
        await jobs.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
