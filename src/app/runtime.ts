import type { Channel } from '../channels/channel.ts';
import {
  LayeredChannelRegistry,
  StaticChannelRegistry,
  type ChannelRegistry,
} from '../channels/channel-registry.ts';
import pg from 'pg';
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
  /** Channels shared by every organization (simulator, terminal, tests' fakes). */
  channels: Channel[];
  /** Per-organization provider channels, consulted before the shared ones. */
  registry?: ChannelRegistry;
  /** Builds the per-organization registry once storage is open, for one that needs it. */
  registryFor?: (storage: ChannelStorage) => ChannelRegistry;
}

/** What a channel registry built at start receives. */
export interface ChannelStorage {
  db: DatabaseHandle['db'];
  logger: Logger;
  clock: Clock;
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
  }).catch((error: unknown) => {
    throw new StorageUnavailableError(error);
  });
  let jobs: JobQueue | undefined;
  try {
    jobs = await serializedStartup(database, async () => {
      const applied = await migrateToLatest(database.db, database.schema);
      if (applied.length > 0) options.logger.info({ applied }, 'database migrated');
      return JobQueue.start(database, options.logger);
    }).catch((error: unknown) => {
      throw new StorageUnavailableError(error);
    });
    const startedJobs = jobs;
    const registry =
      options.registry ??
      options.registryFor?.({ db: database.db, logger: options.logger, clock: options.clock });

    const context: EngineContext = {
      db: database.db,
      logger: options.logger,
      clock: options.clock,
      channels: registry
        ? new LayeredChannelRegistry([registry, new StaticChannelRegistry(options.channels)])
        : new StaticChannelRegistry(options.channels),
      jobs: startedJobs,
    };
    return {
      context,
      database,
      close: async () => {
        await startedJobs.stop();
        await database.close();
      },
    };
  } catch (error) {
    await jobs?.stop().catch(() => undefined);
    await database.close();
    throw error;
  }
}

/** Storage could not be opened, migrated or its job queue started; the cause says why. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** Any number fixed for Inflow; it names the startup lock among the server's advisory locks. */
const STARTUP_LOCK = 7_270_001;

/**
 * Runs migrations and job-queue setup one process at a time. Several workers starting at once
 * against a fresh server otherwise race to create the same tables and can deadlock. The
 * embedded database has a single process by construction.
 */
async function serializedStartup<T>(database: DatabaseHandle, work: () => Promise<T>) {
  if (database.kind !== 'postgres' || !database.connectionString) return work();

  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
    await client.end();
  }
}
