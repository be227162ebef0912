import { sql, type Kysely } from 'kysely';

/**
 * Inbound messages are claimed before they are handled, not recorded after.
 *
 * The row for a provider message id is now inserted first, with outcome 'received', so the
 * unique (channel, provider_message_id) decides which of two overlapping copies runs
 * (pitfall SMS-06). `claimed_at` is when the claim was taken: a claim still 'received' long
 * after that belongs to a worker that died mid-reply, and a retry of the job may take it over.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table inbound_messages add column claimed_at timestamptz`.execute(db);
}
