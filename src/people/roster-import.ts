import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { sharedPhoneReason } from './identity/phone-holder.ts';
import { upsertLearners, type UpsertSummary } from './learner-repository.ts';
import { parseRosterCsv, type RosterCsvOptions, type RosterError } from './roster-csv.ts';
import type { RosterRow } from './roster-row.ts';

/**
 * Imports a roster CSV into an organization, all or nothing: a file with any bad row imports
 * no one, and the error lists every row, column and reason.
 */
export async function importRosterCsv(
  db: Kysely<Database>,
  organizationId: string,
  csvText: string,
  now: Date,
  options: RosterCsvOptions = {},
): Promise<Result<UpsertSummary, RosterError[]>> {
  const parsed = parseRosterCsv(csvText, options);
  if (!parsed.ok) return err(parsed.error);

  const taken = await phonesHeldOutsideFile(db, organizationId, parsed.value);
  if (taken.length > 0) return err(taken);

  const inputs = parsed.value.map(({ line: _line, ...learner }) => learner);
  return ok(await upsertLearners(db, organizationId, inputs, now));
}

/**
 * Rows whose number a learner who can be messaged already has, when that learner is not in the
 * file: one in the file gets the number their own row gives, which the parser checked.
 */
async function phonesHeldOutsideFile(
  db: Kysely<Database>,
  organizationId: string,
  rows: readonly RosterRow[],
): Promise<RosterError[]> {
  const phones = [...new Set(rows.flatMap((row) => row.phone ?? []))];
  if (phones.length === 0) return [];

  const holders = await db
    .selectFrom('learners')
    .select(['email', 'externalId', 'phone'])
    .where('organizationId', '=', organizationId)
    .where('phone', 'in', phones)
    .where('status', '!=', 'offboarded')
    .where('erasedAt', 'is', null)
    .execute();
  // The file's people are matched as upsertLearners matches them: employee id, else email.
  const inFile = (holder: (typeof holders)[number]) =>
    rows.some(
      (row) =>
        (row.externalId !== null && row.externalId === holder.externalId) ||
        row.email === holder.email.toLowerCase(),
    );

  return rows.flatMap((row) => {
    const holder = holders.find((other) => other.phone === row.phone && !inFile(other));
    if (holder === undefined || row.phone === null) return [];
    return [
      {
        kind: 'duplicate-phone' as const,
        line: row.line,
        column: 'phone',
        value: row.phone,
        reason: sharedPhoneReason(row.phone, row.phone, `${holder.email}, already in Inflow`),
      },
    ];
  });
}
