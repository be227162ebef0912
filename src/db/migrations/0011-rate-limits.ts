import { sql, type Kysely } from 'kysely';

/**
 * Rate limits kept in the database, so every worker on one database counts against the same
 * limit (before this, each process counted its own and N workers sent up to N times a rate).
 *
 * One row per limit ("provider:<channel>:<organization>", "org:<organization>") holds the
 * generic cell rate algorithm's one number: the instant, in whole milliseconds since the
 * epoch, at which the next send is due at the steady rate. A send is one upsert on that row,
 * so two workers taking the last token at once cannot both get it. Rows stay few (one per
 * organization and channel kind); `updated_at` says when a limit was last used.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table rate_limit_cells (
      key text primary key,
      theoretical_arrival_ms bigint not null,
      updated_at timestamptz not null
    )
  `.execute(db);
}
