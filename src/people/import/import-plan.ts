/**
 * Compares the rows of an HR export with the people already in Inflow and decides, row by
 * row, what an import would do: create, update (with each field's old and new value),
 * deactivate, reactivate, or nothing. A dry run shows this plan; an import applies it.
 * People are matched by employee id first, then by email without regard to case; a row
 * whose phone number another person would also have is refused (shared-phones.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, LearnerRow } from '../../db/schema.ts';
import type { FieldChanges } from '../audit/person-audit.ts';
import type { LearnerStatus } from '../learner.ts';
import { personChanges, type NewPerson, type PersonFields } from '../person-writer.ts';
import type { RosterError } from '../roster-errors.ts';
import type { PersonRow } from './person-row.ts';
import { sharedPhoneErrors, type MatchedRow } from './shared-phones.ts';

export interface PlannedCreate {
  line: number;
  person: NewPerson;
}

export interface PlannedUpdate {
  line: number;
  learner: LearnerRow;
  fields: PersonFields;
  changes: FieldChanges;
}

export interface PlannedStatusChange {
  /** null when the person is missing from the file and deactivateMissing was asked for. */
  line: number | null;
  learner: LearnerRow;
  to: LearnerStatus;
}

export interface ImportPlan {
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  statusChanges: PlannedStatusChange[];
  unchanged: number;
  skipped: { line: number; email: string; reason: string }[];
  errors: RosterError[];
  warnings: { line: number; message: string }[];
}

/**
 * Worded for the API, whose fields it names; the CLI words the same error with its flags.
 */
export const MISSING_TIMEZONE_REASON =
  'no time zone for this person: add a timezone column, give their location a zone ' +
  'in the mapping (locationTimezones), or set a default time zone (defaultTimezone)';

export interface PlanOptions {
  deactivateMissing: boolean;
  defaultChannel: string;
}

export async function planImport(
  db: Kysely<Database>,
  organizationId: string,
  rows: readonly PersonRow[],
  options: PlanOptions,
): Promise<ImportPlan> {
  const learners = await db
    .selectFrom('learners')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('erasedAt', 'is', null)
    .execute();
  const byEmployeeId = new Map(
    learners.flatMap((learner) => (learner.externalId ? [[learner.externalId, learner]] : [])),
  );
  const byEmail = new Map(learners.map((learner) => [learner.email.toLowerCase(), learner]));

  const plan: ImportPlan = {
    creates: [],
    updates: [],
    statusChanges: [],
    unchanged: 0,
    skipped: [],
    errors: [],
    warnings: [],
  };
  const matched = new Map<string, number>();
  const accepted: MatchedRow[] = [];

  for (const row of rows) {
    const byId = row.employeeId === null ? undefined : byEmployeeId.get(row.employeeId);
    const sameEmail = byEmail.get(row.fields.email);
    const conflict = identityConflict(row, byId, sameEmail, matched);
    if (conflict !== undefined) {
      plan.errors.push(conflict);
      continue;
    }

    const existing = byId ?? sameEmail;
    accepted.push({ row, existing });
    if (existing !== undefined) matched.set(existing.id, row.line);
  }

  // Phones are checked once everyone is matched: a later row may free or take a number.
  const phoneErrors = sharedPhoneErrors(accepted, learners, options);
  for (const { row, existing } of accepted) {
    const phoneError = phoneErrors.get(row);
    if (phoneError !== undefined) plan.errors.push(phoneError);
    else if (existing === undefined) planCreate(plan, row, options);
    else planExisting(plan, row, existing);
  }

  if (options.deactivateMissing) {
    for (const learner of learners) {
      if (matched.has(learner.id) || learner.status === 'offboarded') continue;
      plan.statusChanges.push({ line: null, learner, to: 'offboarded' });
    }
  }

  plan.warnings.push(...unresolvedManagers(rows, learners));
  return plan;
}

function identityConflict(
  row: PersonRow,
  byId: LearnerRow | undefined,
  sameEmail: LearnerRow | undefined,
  matched: Map<string, number>,
): RosterError | undefined {
  const error = (reason: string): RosterError => ({
    kind: 'identity-conflict',
    line: row.line,
    column: null,
    value: row.emailAsWritten,
    reason,
  });

  if (byId !== undefined && sameEmail !== undefined && byId.id !== sameEmail.id) {
    return error(
      `employee id ${row.employeeId} belongs to ${byId.email} in Inflow, but ` +
        `${row.fields.email} belongs to another person there` +
        (sameEmail.externalId ? ` (employee ${sameEmail.externalId})` : '') +
        '; correct the file or the record in Inflow',
    );
  }
  if (
    byId === undefined &&
    sameEmail !== undefined &&
    row.employeeId !== null &&
    sameEmail.externalId !== null &&
    sameEmail.externalId !== row.employeeId
  ) {
    return error(
      `${row.fields.email} belongs to employee ${sameEmail.externalId} in Inflow, ` +
        `not to employee ${row.employeeId}`,
    );
  }
  const existing = byId ?? sameEmail;
  const earlierLine = existing === undefined ? undefined : matched.get(existing.id);
  if (earlierLine !== undefined) {
    return error(`line ${earlierLine} already updates the same person (${existing?.email})`);
  }
  return undefined;
}

function planCreate(plan: ImportPlan, row: PersonRow, options: PlanOptions): void {
  if (row.status !== 'active') {
    plan.skipped.push({
      line: row.line,
      email: row.fields.email,
      reason: `${row.status} in the file and not in Inflow, so not created`,
    });
    return;
  }
  const timezone = row.fields.timezone;
  if (timezone === undefined) {
    plan.errors.push({
      kind: 'missing-value',
      line: row.line,
      column: 'timezone',
      value: null,
      reason: MISSING_TIMEZONE_REASON,
    });
    return;
  }

  const { customFields, channelIds } = mergedMaps(row, {}, {});
  plan.creates.push({
    line: row.line,
    person: {
      ...row.fields,
      timezone,
      preferredChannel: row.fields.preferredChannel ?? options.defaultChannel,
      ...(customFields === undefined ? {} : { customFields }),
      ...(channelIds === undefined ? {} : { channelIds }),
    },
  });
}

function planExisting(plan: ImportPlan, row: PersonRow, learner: LearnerRow): void {
  const { customFields, channelIds } = mergedMaps(row, learner.customFields, learner.channelIds);
  const fields: PersonFields = {
    ...row.fields,
    ...(customFields === undefined ? {} : { customFields }),
    ...(channelIds === undefined ? {} : { channelIds }),
  };
  const changes = personChanges(learner, fields);
  const statusChanges = learner.status !== row.status;

  if (Object.keys(changes).length > 0) {
    plan.updates.push({ line: row.line, learner, fields, changes });
  }
  if (statusChanges) plan.statusChanges.push({ line: row.line, learner, to: row.status });
  if (Object.keys(changes).length === 0 && !statusChanges) plan.unchanged += 1;
}

/** The file's custom fields and channel ids laid over the stored ones; null removes a key. */
function mergedMaps(
  row: PersonRow,
  storedCustom: Record<string, string>,
  storedChannels: Record<string, string>,
) {
  const apply = (stored: Record<string, string>, given: Record<string, string | null>) => {
    const next = { ...stored };
    for (const [key, value] of Object.entries(given)) {
      if (value === null) delete next[key];
      else next[key] = value;
    }
    return next;
  };
  return {
    customFields: row.customFields && apply(storedCustom, row.customFields),
    channelIds: row.channelIds && apply(storedChannels, row.channelIds),
  };
}

function unresolvedManagers(rows: readonly PersonRow[], learners: readonly LearnerRow[]) {
  const ids = new Set([
    ...rows.flatMap((row) => row.employeeId ?? []),
    ...learners.flatMap((learner) => learner.externalId ?? []),
  ]);
  const emails = new Set([
    ...rows.map((row) => row.fields.email),
    ...learners.map((learner) => learner.email.toLowerCase()),
  ]);

  const warnings: { line: number; message: string }[] = [];
  for (const row of rows) {
    const { managerEmployeeId, managerEmail } = row.fields;
    if (managerEmployeeId && !ids.has(managerEmployeeId)) {
      warnings.push({
        line: row.line,
        message: `manager ${managerEmployeeId} is in neither this file nor Inflow yet`,
      });
    } else if (!managerEmployeeId && managerEmail && !emails.has(managerEmail)) {
      warnings.push({
        line: row.line,
        message: `manager ${managerEmail} is in neither this file nor Inflow yet`,
      });
    }
  }
  return warnings;
}
