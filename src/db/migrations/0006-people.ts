import { sql, type Kysely } from 'kysely';

/**
 * People from HR systems: SCIM identities and tokens, saved import settings, rule cohorts
 * kept as materialised members, automatic enrolment rules, and the audit trail of who changed
 * what about a person. Learners are never deleted: erasure blanks a row's personal data and
 * keeps its id, so the anonymous learning history that points at it stays countable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table learners
      add column user_name text,
      add column scim_external_id text,
      add column division text,
      add column cost_center text,
      add column organization_name text,
      add column manager_id uuid references learners(id) on delete set null,
      add column manager_employee_id text,
      add column custom_fields jsonb not null default '{}',
      add column scim_attributes jsonb not null default '{}',
      add column deactivated_at timestamptz,
      add column erased_at timestamptz;
    create unique index learners_org_user_name on learners (organization_id, lower(user_name))
      where user_name is not null;
    create index learners_manager on learners (manager_id) where manager_id is not null;

    alter table cohorts
      add column scim_external_id text,
      add column updated_at timestamptz not null default now();

    create table scim_tokens (
      organization_id uuid primary key references organizations(id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null,
      last_used_at timestamptz
    );

    create table people_settings (
      organization_id uuid primary key references organizations(id) on delete cascade,
      default_timezone text,
      default_country text,
      default_channel text,
      csv_mapping jsonb,
      updated_at timestamptz not null
    );

    create table auto_enrolment_rules (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      name text not null,
      cohort_id uuid not null references cohorts(id) on delete cascade,
      course_version_id uuid not null references course_versions(id) on delete cascade,
      channel text,
      send_time text not null,
      days text not null check (days in ('daily', 'weekdays')),
      withdraw_on_exit boolean not null default true,
      active boolean not null default true,
      created_at timestamptz not null,
      unique (organization_id, name)
    );

    alter table enrolments
      add column paused_reason text,
      add column auto_enrolment_rule_id uuid references auto_enrolment_rules(id)
        on delete set null;

    create table person_audit_events (
      id bigserial primary key,
      organization_id uuid not null references organizations(id) on delete cascade,
      learner_id uuid references learners(id) on delete set null,
      actor text not null,
      action text not null,
      changes jsonb not null default '{}',
      occurred_at timestamptz not null
    );
    create index person_audit_events_learner on person_audit_events (learner_id, id);
  `.execute(db);
}
