import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, LearnerRow } from '../db/schema.ts';
import type { ChannelKind } from './learner.ts';

/** The fields a roster or the API gives for one person. */
export interface LearnerInput {
  externalId: string | null;
  fullName: string;
  email: string;
  phone: string | null;
  timezone: string;
  locale: string;
  title: string | null;
  department: string | null;
  managerEmail: string | null;
  location: string | null;
  hireDate: string | null;
  preferredChannel: ChannelKind;
}

export interface UpsertSummary {
  created: number;
  updated: number;
  learnerIds: string[];
}

/**
 * Creates or updates every learner in one transaction: a roster is imported whole or not at
 * all. People are matched by employee id when both sides have one, else by email
 * (case-insensitive).
 */
export async function upsertLearners(
  db: Kysely<Database>,
  organizationId: string,
  inputs: readonly LearnerInput[],
  now: Date,
): Promise<UpsertSummary> {
  return db.transaction().execute(async (trx) => {
    const summary: UpsertSummary = { created: 0, updated: 0, learnerIds: [] };
    for (const input of inputs) {
      const existing = await findMatchingLearner(trx, organizationId, input);
      const values = { ...input, email: input.email.toLowerCase() };
      if (existing) {
        await trx
          .updateTable('learners')
          .set({ ...values, updatedAt: now })
          .where('id', '=', existing.id)
          .execute();
        summary.updated += 1;
        summary.learnerIds.push(existing.id);
      } else {
        const row = await trx
          .insertInto('learners')
          .values({ ...values, organizationId, createdAt: now, updatedAt: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('channelConsents')
          .values({
            learnerId: row.id,
            channel: input.preferredChannel,
            status: 'granted',
            source: 'roster import',
            recordedAt: now,
          })
          .execute();
        summary.created += 1;
        summary.learnerIds.push(row.id);
      }
    }
    return summary;
  });
}

async function findMatchingLearner(
  trx: Transaction<Database>,
  organizationId: string,
  input: LearnerInput,
): Promise<{ id: string } | undefined> {
  if (input.externalId) {
    const byExternalId = await trx
      .selectFrom('learners')
      .select('id')
      .where('organizationId', '=', organizationId)
      .where('externalId', '=', input.externalId)
      .executeTakeFirst();
    if (byExternalId) return byExternalId;
  }
  return trx
    .selectFrom('learners')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
    .executeTakeFirst();
}

export async function listLearners(
  db: Kysely<Database>,
  organizationId: string,
): Promise<LearnerRow[]> {
  return db
    .selectFrom('learners')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .orderBy('fullName')
    .execute();
}

export async function findLearner(
  db: Kysely<Database>,
  learnerId: string,
): Promise<LearnerRow | undefined> {
  return db.selectFrom('learners').selectAll().where('id', '=', learnerId).executeTakeFirst();
}

/** The learner's address on a channel, or null when they cannot be reached there. */
export function addressOn(learner: LearnerRow, channel: string): string | null {
  switch (channel) {
    case 'simulator':
      return learner.id;
    case 'sms':
    case 'whatsapp':
      return learner.phone;
    case 'email':
      return learner.email;
    default:
      return learner.channelIds[channel] ?? null;
  }
}

/**
 * Finds who sent an inbound message, by their address on that channel, within the
 * organization whose webhook received it (the same phone may be a learner at two employers).
 * When several learners have the address, the answer is always the same one: an active
 * learner before an inactive one before an offboarded one, then the most recently updated.
 *
 * Limitation: imports, SCIM and the API refuse a phone another learner can be messaged at,
 * but numbers shared before that rule (or by two racing writes) stay shared until changed;
 * a reply from such a number is credited to the learner this order puts first.
 */
export async function findLearnerByAddress(
  db: Kysely<Database>,
  organizationId: string | undefined,
  channel: string,
  address: string,
): Promise<LearnerRow | undefined> {
  let query = db
    .selectFrom('learners')
    .selectAll()
    .orderBy(activeFirst)
    .orderBy('updatedAt', 'desc')
    .orderBy('id');
  if (organizationId) query = query.where('organizationId', '=', organizationId);
  switch (channel) {
    case 'simulator':
      return isUuid(address) ? query.where('id', '=', address).executeTakeFirst() : undefined;
    case 'sms':
    case 'whatsapp':
      return query.where('phone', '=', address).executeTakeFirst();
    case 'email':
      return query
        .where((eb) => eb(eb.fn('lower', ['email']), '=', address.toLowerCase()))
        .executeTakeFirst();
    default:
      return query.where(sql<string>`channel_ids ->> ${channel}`, '=', address).executeTakeFirst();
  }
}

/** An ORDER BY term: active learners first, then inactive, then offboarded. */
export const activeFirst = sql<number>`case status
  when 'active' then 0 when 'inactive' then 1 else 2 end`;

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
