/**
 * Everything Inflow holds about one learner, as one JSON document (GDPR art. 15 and 20):
 * their record, consents, cohorts, enrolments, every delivery and answer, learning events
 * and the audit trail of changes to them. The export itself is recorded in the trail.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { listAudit, recordAudit, type Actor } from '../audit/person-audit.ts';

export interface LearnerExport {
  format: 'inflow-learner-export/1';
  exportedAt: string;
  organization: { id: string; name: string };
  learner: Record<string, unknown>;
  channelConsents: Record<string, unknown>[];
  cohorts: Record<string, unknown>[];
  enrolments: Record<string, unknown>[];
  deliveries: Record<string, unknown>[];
  answers: Record<string, unknown>[];
  inboundMessages: Record<string, unknown>[];
  learningEvents: Record<string, unknown>[];
  auditTrail: Record<string, unknown>[];
}

export async function exportLearner(
  db: Kysely<Database>,
  organizationId: string,
  learnerId: string,
  actor: Actor,
  now: Date,
): Promise<Result<LearnerExport, 'not_found'>> {
  const learner = await db
    .selectFrom('learners')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('id', '=', learnerId)
    .executeTakeFirst();
  if (learner === undefined) return err('not_found');
  const organization = await db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();

  const document: LearnerExport = {
    format: 'inflow-learner-export/1',
    exportedAt: now.toISOString(),
    organization,
    learner: { ...learner },
    channelConsents: await db
      .selectFrom('channelConsents')
      .select(['channel', 'status', 'source', 'recordedAt'])
      .where('learnerId', '=', learnerId)
      .orderBy('channel')
      .execute(),
    cohorts: await db
      .selectFrom('cohortMembers')
      .innerJoin('cohorts', 'cohorts.id', 'cohortMembers.cohortId')
      .select(['cohorts.id', 'cohorts.name', 'cohortMembers.addedAt'])
      .where('cohortMembers.learnerId', '=', learnerId)
      .orderBy('cohorts.name')
      .execute(),
    enrolments: await db
      .selectFrom('enrolments')
      .innerJoin('courseVersions', 'courseVersions.id', 'enrolments.courseVersionId')
      .select([
        'enrolments.id',
        'courseVersions.title as course',
        'courseVersions.version',
        'enrolments.status',
        'enrolments.channel',
        'enrolments.sendTime',
        'enrolments.days',
        'enrolments.lessonsCompleted',
        'enrolments.enrolledAt',
        'enrolments.completedAt',
      ])
      .where('enrolments.learnerId', '=', learnerId)
      .orderBy('enrolments.enrolledAt')
      .execute(),
    deliveries: await db
      .selectFrom('deliveries')
      .select([
        'id',
        'kind',
        'channel',
        'status',
        'scheduledFor',
        'sentAt',
        'errorCode',
        'errorReason',
      ])
      .where('learnerId', '=', learnerId)
      .orderBy('createdAt')
      .execute(),
    answers: await db
      .selectFrom('responses')
      .innerJoin('questions', 'questions.id', 'responses.questionId')
      .select([
        'questions.prompt as question',
        'responses.answer',
        'responses.correct',
        'responses.rating',
        'responses.receivedAt',
      ])
      .where('responses.learnerId', '=', learnerId)
      .orderBy('responses.receivedAt')
      .execute(),
    inboundMessages: await db
      .selectFrom('inboundMessages')
      .select(['channel', 'outcome', 'receivedAt'])
      .where('learnerId', '=', learnerId)
      .orderBy('receivedAt')
      .execute(),
    learningEvents: await db
      .selectFrom('learningEvents')
      .select(['type', 'payload', 'occurredAt'])
      .where('learnerId', '=', learnerId)
      .orderBy('id')
      .execute(),
    auditTrail: (await listAudit(db, organizationId, learnerId)).map((entry) => ({ ...entry })),
  };

  await recordAudit(db, { organizationId, learnerId, actor, action: 'exported', at: now });
  return ok(document);
}
