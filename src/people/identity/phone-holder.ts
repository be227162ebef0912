/**
 * One phone number, one person. An SMS or WhatsApp reply is credited to whoever has the
 * sender's number, so two learners of one organization who could both be messaged must not
 * share one: the answers of one would be credited to the other. A leaver (offboarded) or an
 * erased learner holds no number for this rule, so a company phone can pass to a new hire.
 *
 * Limitation: no unique index enforces the rule (data stored before it may break it), so two
 * requests racing with the same new number can both pass; findLearnerByAddress then picks one
 * of the two learners by a fixed order.
 */
import type { Kysely } from 'kysely';
import type { Database, LearnerRow } from '../../db/schema.ts';
import type { LearnerStatus } from '../learner.ts';
import { activeFirst } from '../learner-repository.ts';

/**
 * Another learner of the organization who can be messaged at this E.164 number, if any; the
 * active one first, then the most recently updated.
 *
 * @example
 * const holder = await findOtherPhoneHolder(db, orgId, '+14155550100', learner.id);
 * if (holder) return err(phoneTakenReason('+14155550100', holder));
 */
export async function findOtherPhoneHolder(
  db: Kysely<Database>,
  organizationId: string,
  phone: string,
  selfId?: string,
): Promise<LearnerRow | undefined> {
  let query = db
    .selectFrom('learners')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('phone', '=', phone)
    .where('status', '!=', 'offboarded')
    .where('erasedAt', 'is', null);
  if (selfId !== undefined) query = query.where('id', '!=', selfId);
  return query.orderBy(activeFirst).orderBy('updatedAt', 'desc').orderBy('id').executeTakeFirst();
}

/**
 * Whether a write must be checked against other holders: only when it gives the person a
 * number they did not have, or brings them back from offboarded with one. An update that
 * leaves the number alone goes through, so people who shared a number before this rule can
 * still be deactivated or renamed.
 */
export function givesNewPhone(
  before: { phone: string | null; status: LearnerStatus } | undefined,
  after: { phone: string | null | undefined; status: LearnerStatus },
): boolean {
  if (after.phone === null || after.phone === undefined || after.status === 'offboarded') {
    return false;
  }
  return before === undefined || before.phone !== after.phone || before.status === 'offboarded';
}

/** Why a number cannot be given, for the administrator: whose it is and what to do. */
export function phoneTakenReason(phone: string, holder: Pick<LearnerRow, 'email'>): string {
  return `phone number ${phone} already belongs to ${holder.email}; ${ONE_NUMBER_ONE_PERSON}`;
}

/**
 * The same for a file's row: the cell as written, its number, and whose it also is.
 *
 * @example
 * sharedPhoneReason('(415) 555-0100', '+14155550100', 'line 2 (ana@acme.example)')
 */
export function sharedPhoneReason(written: string, phone: string, whose: string): string {
  const shown = written === phone ? `'${phone}'` : `'${written}' (${phone})`;
  return (
    `${shown} is also the phone number of ${whose}; ${ONE_NUMBER_ONE_PERSON}. ` +
    'Give each person their own number, or leave the cell empty'
  );
}

const ONE_NUMBER_ONE_PERSON =
  'two people cannot share a number, because their SMS and WhatsApp replies could not be ' +
  'told apart';
