import { sql, type Kysely } from 'kysely';

/**
 * The core model, multi-tenant from the first table: every row that belongs to a customer
 * carries organization_id. Written in PostgreSQL's dialect; it runs unchanged on PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organizations (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      slug text not null unique,
      settings jsonb not null default '{}',
      created_at timestamptz not null default now()
    );

    create table business_units (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      name text not null,
      created_at timestamptz not null default now(),
      unique (organization_id, name)
    );

    create table admin_users (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      business_unit_id uuid references business_units(id) on delete set null,
      email text not null,
      name text not null,
      role text not null check (role in ('owner', 'admin', 'author', 'analyst')),
      created_at timestamptz not null default now(),
      unique (organization_id, email)
    );

    create table learners (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      business_unit_id uuid references business_units(id) on delete set null,
      external_id text,
      full_name text not null,
      email text not null,
      phone text,
      channel_ids jsonb not null default '{}',
      timezone text not null,
      locale text not null default 'en',
      title text,
      department text,
      manager_email text,
      location text,
      hire_date date,
      status text not null default 'active'
        check (status in ('active', 'inactive', 'offboarded')),
      preferred_channel text not null default 'simulator',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index learners_org_email on learners (organization_id, lower(email));
    create unique index learners_org_external_id on learners (organization_id, external_id)
      where external_id is not null;

    create table channel_consents (
      learner_id uuid not null references learners(id) on delete cascade,
      channel text not null,
      status text not null check (status in ('granted', 'revoked')),
      source text not null,
      recorded_at timestamptz not null,
      primary key (learner_id, channel)
    );

    create table cohorts (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      name text not null,
      kind text not null check (kind in ('static', 'rule')),
      rule jsonb,
      created_at timestamptz not null default now(),
      unique (organization_id, name)
    );

    create table cohort_members (
      cohort_id uuid not null references cohorts(id) on delete cascade,
      learner_id uuid not null references learners(id) on delete cascade,
      added_at timestamptz not null default now(),
      primary key (cohort_id, learner_id)
    );

    create table courses (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      title text not null,
      created_at timestamptz not null default now()
    );

    create table course_versions (
      id uuid primary key default gen_random_uuid(),
      course_id uuid not null references courses(id) on delete cascade,
      version integer not null,
      title text not null,
      description text not null,
      language text not null,
      source_name text not null,
      published_at timestamptz not null default now(),
      unique (course_id, version)
    );

    create table lessons (
      id uuid primary key default gen_random_uuid(),
      course_version_id uuid not null references course_versions(id) on delete cascade,
      key text not null,
      position integer not null,
      title text not null,
      body text not null,
      media_url text,
      unique (course_version_id, position)
    );

    create table questions (
      id uuid primary key default gen_random_uuid(),
      lesson_id uuid not null references lessons(id) on delete cascade,
      key text not null,
      position integer not null,
      kind text not null
        check (kind in ('multiple_choice', 'true_false', 'reflection', 'confidence')),
      prompt text not null,
      options jsonb not null default '[]',
      explanation text not null,
      source_ref text,
      unique (lesson_id, position)
    );

    -- A published version is immutable: learners enrolled in it must keep exactly what they
    -- were enrolled in. Editing a course makes a new version.
    create function reject_published_change() returns trigger language plpgsql as $$
    begin
      raise exception 'course versions, lessons and questions are immutable once published';
    end $$;
    create trigger course_versions_immutable before update on course_versions
      for each row execute function reject_published_change();
    create trigger lessons_immutable before update on lessons
      for each row execute function reject_published_change();
    create trigger questions_immutable before update on questions
      for each row execute function reject_published_change();

    create table enrolments (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      learner_id uuid not null references learners(id) on delete cascade,
      course_version_id uuid not null references course_versions(id),
      cohort_id uuid references cohorts(id) on delete set null,
      status text not null default 'active'
        check (status in ('active', 'paused', 'completed', 'withdrawn')),
      channel text not null,
      send_time text not null default '09:00',
      days text not null default 'daily' check (days in ('daily', 'weekdays')),
      next_lesson_position integer not null default 1,
      lessons_completed integer not null default 0,
      next_send_at timestamptz,
      enrolled_at timestamptz not null,
      completed_at timestamptz,
      unique (learner_id, course_version_id)
    );
    create index enrolments_due on enrolments (next_send_at) where status = 'active';

    create table deliveries (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      learner_id uuid not null references learners(id) on delete cascade,
      enrolment_id uuid references enrolments(id) on delete cascade,
      lesson_id uuid references lessons(id),
      question_id uuid references questions(id),
      kind text not null check (kind in ('lesson', 'question', 'feedback', 'system')),
      channel text not null,
      idempotency_key text not null unique,
      provider_message_id text,
      status text not null default 'queued'
        check (status in ('queued', 'sent', 'delivered', 'read', 'failed')),
      status_history jsonb not null default '[]',
      error_code text,
      error_reason text,
      scheduled_for timestamptz not null,
      sent_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index deliveries_learner on deliveries (learner_id, created_at);

    -- A question sent to a learner. 'open' waits for an answer; 'answered' still recognises a
    -- repeated or changed answer; 'closed' (the next question of the enrolment went out) no
    -- longer takes replies. The tag tells apart several prompts of one learner on one channel
    -- ("reply 7B").
    create table prompts (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      learner_id uuid not null references learners(id) on delete cascade,
      enrolment_id uuid not null references enrolments(id) on delete cascade,
      question_id uuid not null references questions(id),
      channel text not null,
      tag integer not null,
      status text not null default 'open' check (status in ('open', 'answered', 'closed')),
      duplicate_notice_sent boolean not null default false,
      sent_at timestamptz not null,
      unique (enrolment_id, question_id)
    );
    create index prompts_in_play on prompts (learner_id, channel) where status <> 'closed';

    create table responses (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      prompt_id uuid not null unique references prompts(id) on delete cascade,
      learner_id uuid not null references learners(id) on delete cascade,
      enrolment_id uuid not null references enrolments(id) on delete cascade,
      question_id uuid not null references questions(id),
      answer text not null,
      option_key text,
      correct boolean,
      rating integer,
      latency_ms bigint not null,
      received_at timestamptz not null
    );

    -- Every inbound message once: a provider retrying a webhook must change nothing twice.
    create table inbound_messages (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid references organizations(id) on delete cascade,
      channel text not null,
      provider_message_id text not null,
      learner_id uuid references learners(id) on delete set null,
      outcome text not null,
      received_at timestamptz not null,
      unique (channel, provider_message_id)
    );

    create table learning_events (
      id bigserial primary key,
      organization_id uuid not null references organizations(id) on delete cascade,
      learner_id uuid references learners(id) on delete cascade,
      enrolment_id uuid references enrolments(id) on delete cascade,
      type text not null,
      payload jsonb not null default '{}',
      occurred_at timestamptz not null
    );
    create index learning_events_org_type on learning_events (organization_id, type);

    create function reject_event_change() returns trigger language plpgsql as $$
    begin
      raise exception 'learning_events is append-only';
    end $$;
    create trigger learning_events_append_only before update on learning_events
      for each row execute function reject_event_change();
  `.execute(db);
}
