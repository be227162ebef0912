import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Kysely } from 'kysely';
import * as core from './migrations/0001-core.ts';
import * as people from './migrations/0006-people.ts';
import * as authoring from './migrations/0005-authoring.ts';
import * as messaging from './migrations/0008-messaging.ts';
import * as channels from './migrations/0003-channels.ts';
import * as delivery from './migrations/0004-delivery.ts';
import * as teamsEmailWeb from './migrations/0009-teams-email-web.ts';
import * as inboundClaims from './migrations/0010-inbound-claims.ts';
import * as rateLimits from './migrations/0011-rate-limits.ts';

/** Versioned migrations, in order. A new one is a new file here; never edit an applied one. */
const migrations: Record<string, Migration> = {
  '0001-core': core,
  '0006-people': people,
  '0005-authoring': authoring,
  '0008-messaging': messaging,
  '0003-channels': channels,
  '0004-delivery': delivery,
  '0009-teams-email-web': teamsEmailWeb,
  '0010-inbound-claims': inboundClaims,
  '0011-rate-limits': rateLimits,
};

/** Names of every migration this build knows, in the order they apply. */
export const MIGRATION_NAMES = Object.keys(migrations).sort();

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; called on every start, in both storage modes. */
export async function migrateToLatest<DB>(db: Kysely<DB>, schema?: string): Promise<string[]> {
  // Named explicitly, even for the default schema: Kysely otherwise looks for its bookkeeping
  // tables in every schema, and would find another schema's on a shared server.
  const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(db);
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider,
    migrationTableSchema: schema ?? rows[0]?.name ?? 'public',
    // Features land in parallel, each with its own numbered migration; a data folder that
    // already has a later one must still take an earlier one that arrived after it.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    const where = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(`Database migration failed${where}: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}
