import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataFolder } from './data-folder-lock.ts';
import { Mutex } from './mutex.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

/** What pg-boss needs to run its statements on a database it does not open itself. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface DatabaseHandle {
  kind: 'embedded' | 'postgres';
  db: Kysely<Database>;
  /** Where the data lives, for people: a folder or a redacted server URL. */
  location: string;
  /** The PostgreSQL schema of the data, when not the default one. */
  schema?: string;
  /** Schema of the job queue's tables. */
  jobSchema: string;
  /** For the embedded database: the shared session pg-boss must use. */
  jobExecutor?: SqlExecutor;
  /** For a server: the connection pg-boss opens itself. */
  connectionString?: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; without one, the embedded database is used. */
  url?: string;
  /** Folder of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** PostgreSQL schema to use on a server, created if missing (each test file has its own). */
  schema?: string;
}

const INT8_OID = 20;
const DATE_OID = 1082;

/**
 * Dates stay "YYYY-MM-DD" strings (a hire date has no timezone, and a Date would give it
 * the host's), and 64-bit integers become numbers (our counts and latencies fit easily).
 */
const keepDateAsText = (value: string) => value;
const int8AsNumber = (value: string) => Number(value);

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openServer(options.url, options.schema) : openEmbedded(options.dataDir);
}

async function openEmbedded(dataDir = './.inflow'): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  const folder = inMemory ? dataDir : resolve(dataDir, 'pgdata');
  if (!inMemory) mkdirSync(folder, { recursive: true });
  const unlock = inMemory ? () => undefined : lockDataFolder(resolve(dataDir));

  const pglite = await PGlite.create(folder, {
    parsers: { [INT8_OID]: int8AsNumber, [DATE_OID]: keepDateAsText },
  }).catch((error: unknown) => {
    unlock();
    throw error;
  });
  const lock = new Mutex();
  const db = new Kysely<Database>({
    dialect: new PGliteDialect(pglite, lock),
    plugins: [new CamelCasePlugin()],
  });

  const jobExecutor: SqlExecutor = {
    executeSql: (text, values) =>
      lock.run(async () => {
        if (values && values.length > 0) return pglite.query(text, values);
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }),
  };

  return {
    kind: 'embedded',
    db,
    location: inMemory ? dataDir : folder,
    jobSchema: 'pgboss',
    jobExecutor,
    close: async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    },
  };
}

async function openServer(url: string, schema?: string): Promise<DatabaseHandle> {
  if (schema) await createSchema(url, schema);

  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    options: schema ? `-c search_path=${schema}` : undefined,
    types: {
      getTypeParser: (oid: number, format?: string) => {
        if (oid === INT8_OID) return int8AsNumber;
        if (oid === DATE_OID) return keepDateAsText;
        return pg.types.getTypeParser(oid, format as 'text');
      },
    },
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });

  return {
    kind: 'postgres',
    db,
    location: redactUrl(url) + (schema ? ` (schema ${schema})` : ''),
    schema,
    jobSchema: schema ? `${schema}_jobs` : 'pgboss',
    connectionString: url,
    close: () => db.destroy(),
  };
}

async function createSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema if not exists ${schema}`);
  } catch (error) {
    // Two processes creating it at once: "if not exists" is not atomic in PostgreSQL.
    if ((error as { code?: string }).code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'a PostgreSQL server';
  }
}
