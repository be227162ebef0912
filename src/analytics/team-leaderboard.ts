import { sql, type Kysely } from 'kysely';

import type { Database } from '../db/schema.ts';

export interface TeamStanding {
  team: string;
  /** People enrolled who answered at least once: the only ones ranked. */
  starters: number;
  /** Enrolled people who never answered: shown, never counted against the team. */
  notStarted: number;
  /** Average share of lessons completed among starters, 0..1. */
  completion: number;
  /** Share of graded answers right among starters; null before any is graded. */
  accuracy: number | null;
}

/**
 * Teams (departments) of an organization ranked on one course version, counting only people
 * who have started: a team is not pulled down by new hires who have not had a lesson yet.
 * Ordered by completion, then accuracy.
 */
export async function teamLeaderboard(
  db: Kysely<Database>,
  organizationId: string,
  courseVersionId: string,
): Promise<TeamStanding[]> {
  const rows = await sql<{
    team: string;
    starters: number;
    notStarted: number;
    completion: number | null;
    correct: number;
    graded: number;
  }>`
    with people as (
      select coalesce(l.department, 'No team') as team, e.id as enrolment_id,
        e.lessons_completed::float / greatest(1, (
          select count(*) from lessons where course_version_id = e.course_version_id
        )) as completion,
        (select count(*) from responses r where r.enrolment_id = e.id) as answers,
        (select count(*) from responses r where r.enrolment_id = e.id and r.correct) as correct,
        (select count(r.correct) from responses r where r.enrolment_id = e.id) as graded
      from enrolments e join learners l on l.id = e.learner_id
      where e.organization_id = ${organizationId} and e.course_version_id = ${courseVersionId}
    )
    select team,
      count(*) filter (where answers > 0) as starters,
      count(*) filter (where answers = 0) as not_started,
      avg(completion) filter (where answers > 0) as completion,
      coalesce(sum(correct) filter (where answers > 0), 0) as correct,
      coalesce(sum(graded) filter (where answers > 0), 0) as graded
    from people group by team`.execute(db);

  return rows.rows
    .map((row) => ({
      team: row.team,
      starters: Number(row.starters),
      notStarted: Number(row.notStarted),
      completion: Number(row.completion ?? 0),
      accuracy: Number(row.graded) === 0 ? null : Number(row.correct) / Number(row.graded),
    }))
    .sort((a, b) => b.completion - a.completion || (b.accuracy ?? -1) - (a.accuracy ?? -1));
}
