import { sql, type Kysely } from 'kysely';

/**
 * The delivery engine: a durable outbox (every send claimed with a lease before the provider is
 * called, every attempt recorded), organization send rules (quiet hours, windows, rate limits,
 * reminders, review cap, fallback channels, holidays), richer cadences on enrolments, spaced
 * repetition cards and their review log, learned send times, and adaptive paths.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table deliveries drop constraint deliveries_status_check;
    alter table deliveries add constraint deliveries_status_check check (status in
      ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'dead', 'cancelled'));
    alter table deliveries drop constraint deliveries_kind_check;
    alter table deliveries add constraint deliveries_kind_check check (kind in
      ('lesson', 'question', 'feedback', 'system', 'reminder', 'review'));
    alter table deliveries
      add column attempts integer not null default 0,
      add column next_attempt_at timestamptz,
      add column lease_until timestamptz,
      add column last_attempt_at timestamptz,
      add column preferred_channel text,
      add column prompt_id uuid,
      add column messages jsonb,
      add column on_request boolean not null default false;
    update deliveries set next_attempt_at = scheduled_for where status = 'queued';
    create index deliveries_ready on deliveries (next_attempt_at) where status = 'queued';
    create index deliveries_leased on deliveries (lease_until) where status = 'sending';
    create index deliveries_enrolment_kind on deliveries (enrolment_id, kind);
    create index deliveries_sent_at on deliveries (learner_id, sent_at);

    create table delivery_attempts (
      id bigserial primary key,
      delivery_id uuid not null references deliveries(id) on delete cascade,
      organization_id uuid not null references organizations(id) on delete cascade,
      channel text not null,
      attempt integer not null,
      outcome text not null
        check (outcome in ('sent', 'retry', 'failed', 'dead', 'held', 'interrupted')),
      error_code text,
      error_reason text,
      retry_after_seconds integer,
      started_at timestamptz not null,
      finished_at timestamptz not null
    );
    create index delivery_attempts_finished on delivery_attempts (finished_at);

    alter table enrolments
      add column cadence jsonb,
      add column window_minutes integer,
      add column starts_on date,
      add column snoozed_until timestamptz,
      add column lessons_sent integer not null default 0,
      add column next_on_request boolean not null default false;

    alter table prompts add column round integer not null default 0;
    alter table prompts drop constraint prompts_enrolment_id_question_id_key;
    alter table prompts add constraint prompts_enrolment_question_round
      unique (enrolment_id, question_id, round);

    create table delivery_settings (
      organization_id uuid primary key references organizations(id) on delete cascade,
      quiet_hours_start text,
      quiet_hours_end text,
      send_window_minutes integer not null default 240,
      max_sends_per_minute integer,
      reminder_count integer not null default 1,
      reminder_interval_hours integer not null default 24,
      daily_review_cap integer not null default 2,
      max_lessons_per_day integer not null default 1,
      fallback_channels jsonb not null default '[]',
      send_time_optimization boolean not null default false,
      updated_at timestamptz not null default now()
    );

    create table organization_holidays (
      organization_id uuid not null references organizations(id) on delete cascade,
      day date not null,
      name text not null,
      primary key (organization_id, day)
    );

    create table review_cards (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      learner_id uuid not null references learners(id) on delete cascade,
      enrolment_id uuid not null references enrolments(id) on delete cascade,
      question_id uuid not null references questions(id),
      due timestamptz not null,
      stability double precision not null,
      difficulty double precision not null,
      elapsed_days integer not null,
      scheduled_days integer not null,
      learning_steps integer not null,
      reps integer not null,
      lapses integer not null,
      state smallint not null check (state between 0 and 3),
      last_review timestamptz,
      updated_at timestamptz not null,
      unique (enrolment_id, question_id)
    );
    create index review_cards_due on review_cards (due);

    create table review_logs (
      id bigserial primary key,
      card_id uuid not null references review_cards(id) on delete cascade,
      response_id uuid unique references responses(id) on delete set null,
      organization_id uuid not null references organizations(id) on delete cascade,
      learner_id uuid not null references learners(id) on delete cascade,
      phase text not null check (phase in ('lesson', 'review', 'retention')),
      rating smallint not null,
      state_before smallint not null,
      predicted_recall double precision,
      recalled boolean not null,
      reviewed_at timestamptz not null,
      due_after timestamptz not null
    );
    create index review_logs_org on review_logs (organization_id, reviewed_at);

    create table learner_send_profiles (
      learner_id uuid primary key references learners(id) on delete cascade,
      local_time text not null,
      samples integer not null,
      updated_at timestamptz not null
    );

    create table course_delivery_options (
      course_version_id uuid primary key references course_versions(id) on delete cascade,
      wait_for_answer boolean not null default false,
      pre_assessment boolean not null default false
    );

    create table lesson_variants (
      lesson_id uuid not null references lessons(id) on delete cascade,
      role text not null,
      title text not null,
      body text not null,
      primary key (lesson_id, role)
    );

    create table known_lessons (
      enrolment_id uuid not null references enrolments(id) on delete cascade,
      lesson_id uuid not null references lessons(id) on delete cascade,
      source text not null,
      recorded_at timestamptz not null,
      primary key (enrolment_id, lesson_id)
    );
  `.execute(db);
}
