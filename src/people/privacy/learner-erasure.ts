/**
 * Erasure of one learner (GDPR art. 17): personal data goes, anonymous aggregates stay. The
 * row is kept under its random id with every identifying value blanked, so enrolments,
 * deliveries, answers' correctness and learning events still count in course reports but
 * can no longer be tied to a person. Delivery stops first, for good.
 *
 * Limitation: covers the tables of migrations 0001 to 0010; a feature that adds a table
 * holding personal data must blank it here too.
 */
import type { Kysely } from 'kysely';
import type { Database, LearnerRow } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { blankAuditValues, recordAudit, type Actor } from '../audit/person-audit.ts';
import { applyAutoEnrolment } from '../enrolment/auto-enrolment.ts';
import { changeLearnerStatus } from '../lifecycle/learner-status.ts';

export const ERASED_NAME = 'Erased learner';

/** An address that can never be delivered to (RFC 2606 reserves .invalid) and stays unique. */
export const erasedEmail = (learnerId: string): string => `erased-${learnerId}@erased.invalid`;

export interface ErasureSummary {
  learnerId: string;
  enrolmentsWithdrawn: number;
  answersBlanked: number;
}

/** Runs in the caller's transaction. */
export async function eraseLearner(
  db: Kysely<Database>,
  organizationId: string,
  learnerId: string,
  actor: Actor,
  now: Date,
): Promise<Result<ErasureSummary, 'not_found'>> {
  const learner = await db
    .selectFrom('learners')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('id', '=', learnerId)
    .where('erasedAt', 'is', null)
    .executeTakeFirst();
  if (learner === undefined) return err('not_found');

  await changeLearnerStatus(db, learner, 'offboarded', actor, now);
  const withdrawn = await withdrawEverything(db, organizationId, learnerId, now);
  const answersBlanked = await blankActivity(db, learnerId);
  await forgetChannelState(db, learner);

  await db
    .updateTable('learners')
    .set({ managerId: null, managerEmail: null })
    .where('organizationId', '=', organizationId)
    .where((eb) => eb.or([eb('managerId', '=', learnerId), eb('managerEmail', '=', learner.email)]))
    .execute();

  await blankAuditValues(db, organizationId, learnerId);
  await recordAudit(db, { organizationId, learnerId, actor, action: 'erased', at: now });
  await blankLearnerRow(db, learnerId, now);

  return ok({ learnerId, enrolmentsWithdrawn: withdrawn, answersBlanked });
}

/** Leaves every cohort (so rules withdraw their courses) and withdraws what remains. */
async function withdrawEverything(
  db: Kysely<Database>,
  organizationId: string,
  learnerId: string,
  now: Date,
): Promise<number> {
  const memberships = await db
    .selectFrom('cohortMembers')
    .select('cohortId')
    .where('learnerId', '=', learnerId)
    .execute();
  await applyAutoEnrolment(
    db,
    organizationId,
    memberships.map(({ cohortId }) => ({ cohortId, learnerId, change: 'left' as const })),
    now,
  );
  await db.deleteFrom('cohortMembers').where('learnerId', '=', learnerId).execute();

  const withdrawn = await db
    .updateTable('enrolments')
    .set({ status: 'withdrawn', nextSendAt: null, pausedReason: null })
    .where('learnerId', '=', learnerId)
    .where('status', 'in', ['active', 'paused'])
    .returning('id')
    .execute();
  return withdrawn.length;
}

/** Free-text answers and provider ids go; whether an answer was right stays. */
async function blankActivity(db: Kysely<Database>, learnerId: string): Promise<number> {
  const answers = await db
    .updateTable('responses')
    .set({ answer: '' })
    .where('learnerId', '=', learnerId)
    .returning('id')
    .execute();
  // Rendered messages may greet the learner by name; what was sent when stays countable.
  await db
    .updateTable('deliveries')
    .set({ providerMessageId: null, messages: null })
    .where('learnerId', '=', learnerId)
    .execute();
  await db.deleteFrom('learnerSendProfiles').where('learnerId', '=', learnerId).execute();
  await db
    .updateTable('inboundMessages')
    .set({ learnerId: null })
    .where('learnerId', '=', learnerId)
    .execute();
  await db.deleteFrom('channelConsents').where('learnerId', '=', learnerId).execute();
  return answers.length;
}

/**
 * Channel adapters keep state by address (a WhatsApp number, a Teams user, a web page's
 * recipient) rather than by learner; it goes with the addresses.
 */
async function forgetChannelState(db: Kysely<Database>, learner: LearnerRow): Promise<void> {
  const organizationId = learner.organizationId;
  const addresses = [
    learner.id,
    learner.email,
    learner.phone,
    ...Object.values(learner.channelIds),
  ].filter((address): address is string => typeof address === 'string' && address !== '');
  await db
    .deleteFrom('webPages')
    .where('organizationId', '=', organizationId)
    .where('address', 'in', addresses)
    .execute();

  if (learner.phone !== null) {
    // WhatsApp ids are the number's digits without the "+".
    const waId = learner.phone.replace(/\D/g, '');
    for (const table of ['whatsappConversations', 'whatsappMessages'] as const) {
      await db
        .deleteFrom(table)
        .where('organizationId', '=', organizationId)
        .where('waId', '=', waId)
        .execute();
    }
  }

  const teamsId = learner.channelIds.teams;
  if (teamsId !== undefined) {
    await db
      .deleteFrom('teamsConversationReferences')
      .where('organizationId', '=', organizationId)
      .where((eb) => eb.or([eb('userId', '=', teamsId), eb('userAadObjectId', '=', teamsId)]))
      .execute();
  }
}

async function blankLearnerRow(db: Kysely<Database>, learnerId: string, now: Date) {
  await db
    .updateTable('learners')
    .set({
      fullName: ERASED_NAME,
      email: erasedEmail(learnerId),
      phone: null,
      channelIds: '{}',
      externalId: null,
      userName: null,
      scimExternalId: null,
      title: null,
      department: null,
      division: null,
      costCenter: null,
      organizationName: null,
      managerEmail: null,
      managerId: null,
      managerEmployeeId: null,
      location: null,
      hireDate: null,
      timezone: 'UTC',
      customFields: '{}',
      scimAttributes: '{}',
      businessUnitId: null,
      erasedAt: now,
      updatedAt: now,
    })
    .where('id', '=', learnerId)
    .execute();
}
