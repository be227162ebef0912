/**
 * The audit trail of a person: who changed what about them and when. It holds personal data
 * (old and new values) by design, so it is part of a learner's export and is blanked by
 * erasure, which keeps only which fields changed, by whom, and when.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Who made a change: "scim", "csv:roster.csv", "api", "cli", "rule:Sales onboarding". */
export type Actor = string;

export type AuditAction =
  | 'created'
  | 'updated'
  | 'deactivated'
  | 'offboarded'
  | 'reactivated'
  | 'enrolled'
  | 'withdrawn'
  | 'channel_linked'
  | 'consent_recorded'
  | 'exported'
  | 'erased';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export interface AuditEntry {
  organizationId: string;
  learnerId: string;
  actor: Actor;
  action: AuditAction;
  changes?: Record<string, unknown>;
  at: Date;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('personAuditEvents')
    .values({
      organizationId: entry.organizationId,
      learnerId: entry.learnerId,
      actor: entry.actor,
      action: entry.action,
      changes: JSON.stringify(entry.changes ?? {}),
      occurredAt: entry.at,
    })
    .execute();
}

export interface AuditRecord {
  actor: string;
  action: string;
  changes: Record<string, unknown>;
  occurredAt: string;
}

export async function listAudit(
  db: Kysely<Database>,
  organizationId: string,
  learnerId: string,
): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom('personAuditEvents')
    .select(['actor', 'action', 'changes', 'occurredAt'])
    .where('organizationId', '=', organizationId)
    .where('learnerId', '=', learnerId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    actor: row.actor,
    action: row.action,
    changes: row.changes,
    occurredAt: row.occurredAt.toISOString(),
  }));
}

/** The fields whose values differ, each with its old and new value. */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before[field] ?? null;
    if (!sameValue(from, to)) changes[field] = { from, to };
  }
  return changes;
}

function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  return JSON.stringify(sortKeys(left)) === JSON.stringify(sortKeys(right ?? null));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, item]) => [key, sortKeys(item)]),
  );
}

/** Keeps which fields changed and drops their values; used by erasure. */
export async function blankAuditValues(
  db: Kysely<Database>,
  organizationId: string,
  learnerId: string,
): Promise<void> {
  const rows = await db
    .selectFrom('personAuditEvents')
    .select(['id', 'changes'])
    .where('organizationId', '=', organizationId)
    .where('learnerId', '=', learnerId)
    .execute();

  for (const row of rows) {
    const blanked = Object.fromEntries(Object.keys(row.changes).map((field) => [field, 'erased']));
    await db
      .updateTable('personAuditEvents')
      .set({ changes: JSON.stringify(blanked) })
      .where('id', '=', row.id)
      .execute();
  }
}
