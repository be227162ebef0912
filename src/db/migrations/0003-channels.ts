import { sql, type Kysely } from 'kysely';

/**
 * Chat providers per organization. Credentials keep their non-secret settings readable and
 * their secrets as one AES-256-GCM ciphertext; `revision` grows on every change so each
 * process rebuilds its adapter. Webhook claims make a provider's re-delivered webhook count
 * once, atomically; sent parts remember what went out under an idempotency key, so a retried
 * send never sends the same part twice and a status callback for any part finds its message.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table channel_credentials (
      organization_id uuid not null references organizations(id) on delete cascade,
      channel text not null,
      settings jsonb not null default '{}',
      secrets_ciphertext text not null,
      key_id text not null,
      revision integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      last_checked_at timestamptz,
      last_check_ok boolean,
      last_check_message text,
      primary key (organization_id, channel)
    );

    create table channel_webhook_claims (
      channel text not null,
      event_key text not null,
      organization_id uuid not null references organizations(id) on delete cascade,
      claimed_at timestamptz not null,
      primary key (channel, event_key)
    );

    create table channel_sent_parts (
      organization_id uuid not null references organizations(id) on delete cascade,
      channel text not null,
      idempotency_key text not null,
      part integer not null,
      provider_message_id text not null,
      sent_at timestamptz not null,
      primary key (organization_id, channel, idempotency_key, part)
    );
    create index channel_sent_parts_message on channel_sent_parts (channel, provider_message_id);
  `.execute(db);
}
