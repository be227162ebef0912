/**
 * The one write path for people coming from HR sources (SCIM, CSV, the API): it creates and
 * updates learner rows and records each change in the audit trail. Callers pass their
 * transaction; nothing here opens one, so a whole request or import commits or fails as one.
 */
import type { Kysely, Updateable } from 'kysely';
import type { Database, LearnerRow, LearnersTable } from '../db/schema.ts';
import { diffFields, recordAudit, type Actor, type FieldChanges } from './audit/person-audit.ts';

/** What a source states about a person. Undefined leaves a field as it is; null clears it. */
export interface PersonFields {
  externalId?: string | null;
  fullName?: string;
  email?: string;
  phone?: string | null;
  timezone?: string;
  locale?: string;
  title?: string | null;
  department?: string | null;
  division?: string | null;
  costCenter?: string | null;
  organizationName?: string | null;
  location?: string | null;
  managerEmail?: string | null;
  managerId?: string | null;
  managerEmployeeId?: string | null;
  hireDate?: string | null;
  preferredChannel?: string;
  customFields?: Record<string, string>;
  channelIds?: Record<string, string>;
  userName?: string | null;
  scimExternalId?: string | null;
  scimAttributes?: Record<string, unknown>;
}

export interface NewPerson extends PersonFields {
  fullName: string;
  email: string;
  timezone: string;
}

const JSON_FIELDS = ['customFields', 'channelIds', 'scimAttributes'] as const;

/**
 * Creates a learner and grants consent on their preferred channel, recorded with its source:
 * an employer's HR system enrolling staff in workplace training is the basis for contacting
 * them there, and a learner's own opt-out later overrides it.
 */
export async function createPerson(
  db: Kysely<Database>,
  organizationId: string,
  person: NewPerson,
  actor: Actor,
  now: Date,
): Promise<LearnerRow> {
  const [learner] = await createPeople(db, organizationId, [person], actor, now);
  return learner as LearnerRow;
}

/** Many createPerson at once, a few statements per batch: an HR import creates thousands. */
export async function createPeople(
  db: Kysely<Database>,
  organizationId: string,
  people: readonly NewPerson[],
  actor: Actor,
  now: Date,
): Promise<LearnerRow[]> {
  const created: LearnerRow[] = [];
  for (let start = 0; start < people.length; start += BATCH) {
    const batch = people.slice(start, start + BATCH);
    const rows = await db
      .insertInto('learners')
      .values(
        batch.map((person) => ({
          organizationId,
          ...columnValues(person),
          fullName: person.fullName,
          email: person.email.toLowerCase(),
          timezone: person.timezone,
          locale: person.locale ?? 'en',
          preferredChannel: person.preferredChannel ?? 'simulator',
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returningAll()
      .execute();
    // RETURNING does not promise the order of VALUES; emails are unique per organization.
    const byEmail = new Map(rows.map((row) => [row.email, row]));
    const learners = batch.map((person) => byEmail.get(person.email.toLowerCase()) as LearnerRow);

    await db
      .insertInto('channelConsents')
      .values(
        learners.map((learner) => ({
          learnerId: learner.id,
          channel: learner.preferredChannel,
          status: 'granted' as const,
          source: actor,
          recordedAt: now,
        })),
      )
      .onConflict((conflict) => conflict.columns(['learnerId', 'channel']).doNothing())
      .execute();
    await db
      .insertInto('personAuditEvents')
      .values(
        learners.map((learner, index) => ({
          organizationId,
          learnerId: learner.id,
          actor,
          action: 'created',
          changes: JSON.stringify(auditedValues(batch[index] as NewPerson)),
          occurredAt: now,
        })),
      )
      .execute();
    created.push(...learners);
  }
  return created;
}

const BATCH = 200;

/** Applies the stated fields; returns the learner as stored and what changed. */
export async function updatePerson(
  db: Kysely<Database>,
  learner: LearnerRow,
  fields: PersonFields,
  actor: Actor,
  now: Date,
): Promise<{ learner: LearnerRow; changes: FieldChanges }> {
  const changes = personChanges(learner, fields);
  if (Object.keys(changes).length === 0) return { learner, changes };

  const stated = Object.fromEntries(
    Object.entries(fields).filter(([field]) => isChanged(changes, field)),
  ) as PersonFields;
  const updated = await db
    .updateTable('learners')
    .set({ ...columnValues(stated), updatedAt: now })
    .where('id', '=', learner.id)
    .returningAll()
    .executeTakeFirstOrThrow();

  await recordAudit(db, {
    organizationId: learner.organizationId,
    learnerId: learner.id,
    actor,
    action: 'updated',
    changes,
    at: now,
  });
  return { learner: updated, changes };
}

/**
 * What would change if the fields were applied. SCIM attributes are compared one by one
 * ("scim.emails"), so the trail says which of them moved.
 */
export function personChanges(learner: LearnerRow, fields: PersonFields): FieldChanges {
  const { scimAttributes, ...plain } = fields;
  const normalised =
    plain.email === undefined ? plain : { ...plain, email: plain.email.toLowerCase() };
  const changes = diffFields(learner as unknown as Record<string, unknown>, normalised);

  if (scimAttributes !== undefined) {
    const keys = new Set([...Object.keys(learner.scimAttributes), ...Object.keys(scimAttributes)]);
    const before = prefixed(learner.scimAttributes, keys);
    const after = prefixed(scimAttributes, keys);
    Object.assign(changes, diffFields(before, after));
  }
  return changes;
}

function prefixed(attributes: Record<string, unknown>, keys: Set<string>) {
  return Object.fromEntries([...keys].map((key) => [`scim.${key}`, attributes[key] ?? null]));
}

function isChanged(changes: FieldChanges, field: string): boolean {
  if (field === 'scimAttributes')
    return Object.keys(changes).some((key) => key.startsWith('scim.'));
  return field in changes;
}

/** The row columns of stated fields; JSON columns are written as JSON text. */
function columnValues(fields: PersonFields): Updateable<LearnersTable> {
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const isJson = (JSON_FIELDS as readonly string[]).includes(field);
    values[field] = isJson ? JSON.stringify(value) : value;
  }
  if (typeof values.email === 'string') values.email = values.email.toLowerCase();
  return values as Updateable<LearnersTable>;
}

/** A new person's stated values for the trail, without empty ones. */
function auditedValues(person: PersonFields): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(person).filter(
      ([, value]) =>
        value !== undefined &&
        value !== null &&
        !(typeof value === 'object' && Object.keys(value).length === 0),
    ),
  );
}
