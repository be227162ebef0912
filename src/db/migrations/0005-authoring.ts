import { sql, type Kysely } from 'kysely';

/**
 * Authoring: the new kinds of question (cloze, acknowledgement, rating) and of course
 * (training, survey, communication); the evidence sentence behind each question and the SMS
 * variant of each lesson; per version the quality-gate report and how it was generated
 * (offline or by which model, tokens and estimated cost). Uploads are stored only once they
 * parse, and drafts only once generated, so a failed input leaves nothing half-made behind.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table questions drop constraint questions_kind_check;
    alter table questions add constraint questions_kind_check check (kind in (
      'multiple_choice', 'true_false', 'reflection', 'confidence',
      'cloze', 'acknowledgement', 'rating'
    ));
    alter table questions add column evidence text;

    alter table lessons add column sms_body text, add column summary text;

    alter table courses add column kind text not null default 'training'
      check (kind in ('training', 'survey', 'communication'));

    alter table course_versions
      add column kind text not null default 'training'
        check (kind in ('training', 'survey', 'communication')),
      add column review_status text not null default 'ready'
        check (review_status in ('ready', 'needs_review')),
      add column quality_report jsonb,
      add column generation jsonb;

    create table authoring_uploads (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      file_name text not null,
      format text not null,
      byte_size integer not null,
      sha256 text not null,
      content bytea not null,
      document jsonb not null,
      warnings jsonb not null default '[]',
      created_at timestamptz not null default now()
    );
    create index authoring_uploads_org on authoring_uploads (organization_id, created_at);

    create table course_drafts (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      course_id uuid references courses(id) on delete set null,
      title text not null,
      kind text not null check (kind in ('training', 'survey', 'communication')),
      review_status text not null check (review_status in ('ready', 'needs_review')),
      draft jsonb not null,
      quality_report jsonb not null,
      generation jsonb not null,
      warnings jsonb not null default '[]',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index course_drafts_org on course_drafts (organization_id, created_at);
  `.execute(db);
}
