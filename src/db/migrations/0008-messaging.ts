import { sql, type Kysely } from 'kysely';

/**
 * Messaging state that chat providers impose on us.
 *
 * - `message_templates`: each organization's registry of approved WhatsApp templates (name,
 *   language, how their parameters are filled). Outside WhatsApp's 24-hour customer service
 *   window only a template may be sent.
 * - `whatsapp_conversations`: per learner and business number, when the learner last wrote
 *   (the window) and the last re-engagement template sent. It cannot be derived from
 *   `inbound_messages`: that row is written only after the engine has answered, and replies
 *   to a template never reach the engine.
 * - `whatsapp_messages`: every message the WhatsApp adapter sent or holds. It makes a send
 *   with the same idempotency key a no-op (Meta has no idempotency key), keeps the messages
 *   held while the window is closed, in order, and maps late status callbacks of a released
 *   message to the id its delivery was recorded under.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table message_templates (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      channel text not null default 'whatsapp',
      name text not null,
      language text not null,
      purpose text not null check (purpose in ('re_engagement', 'other')),
      category text not null check (category in ('utility', 'marketing', 'authentication')),
      body_parameters jsonb not null default '[]',
      quick_reply_buttons integer not null default 0
        check (quick_reply_buttons between 0 and 10),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (organization_id, channel, name, language)
    );

    create table whatsapp_conversations (
      organization_id uuid not null references organizations(id) on delete cascade,
      business_number_id text not null,
      wa_id text not null,
      last_inbound_at timestamptz,
      last_template_at timestamptz,
      last_template_message_id text,
      primary key (organization_id, business_number_id, wa_id)
    );

    create table whatsapp_messages (
      id bigserial primary key,
      organization_id uuid not null references organizations(id) on delete cascade,
      business_number_id text not null,
      wa_id text not null,
      idempotency_key text not null,
      message jsonb not null,
      reported_message_id text not null,
      status text not null
        check (status in ('held', 'releasing', 'sent', 'failed', 'cancelled')),
      wamid text,
      template_message_id text,
      created_at timestamptz not null,
      claimed_at timestamptz,
      sent_at timestamptz,
      error_code text,
      error_reason text,
      unique (organization_id, idempotency_key)
    );
    create index whatsapp_messages_pending on whatsapp_messages
      (organization_id, business_number_id, wa_id, id) where status in ('held', 'releasing');
    create index whatsapp_messages_wamid on whatsapp_messages (organization_id, wamid)
      where wamid is not null;
    create index whatsapp_messages_template on whatsapp_messages
      (organization_id, template_message_id) where template_message_id is not null;
  `.execute(db);
}
