import { sql, type Kysely } from 'kysely';

/**
 * Teams, email and the web lesson page.
 *
 * A Teams bot can only message someone proactively through a conversation reference captured
 * from an activity (install, message, card submit). References are kept per conversation and
 * refreshed by every inbound activity, because Teams moves a conversation's service URL
 * between regions and the stored one goes stale (pitfall TM-01). They live in the database,
 * not in memory, so a restarted worker can still send.
 *
 * Web pages hold a message too long or too rich for the chat: the signed link names the page,
 * the page knows whose conversation an answer on it belongs to (channel and address).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table teams_conversation_references (
      organization_id uuid not null references organizations(id) on delete cascade,
      conversation_id text not null,
      conversation_type text not null,
      user_id text,
      user_aad_object_id text,
      tenant_id text,
      service_url text not null,
      reference jsonb not null,
      installed boolean not null default true,
      updated_at timestamptz not null,
      primary key (organization_id, conversation_id)
    );
    create index teams_references_user
      on teams_conversation_references (organization_id, user_id);
    create index teams_references_aad_object
      on teams_conversation_references (organization_id, user_aad_object_id);

    create table web_pages (
      id uuid primary key default gen_random_uuid(),
      -- Orders pages sent in the same instant (a lesson and its first question).
      seq bigserial not null,
      organization_id uuid not null references organizations(id) on delete cascade,
      channel text not null,
      address text not null,
      idempotency_key text not null,
      message jsonb not null,
      question jsonb,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      unique (organization_id, idempotency_key)
    );
    create index web_pages_by_learner
      on web_pages (organization_id, channel, address, seq desc);
  `.execute(db);
}
