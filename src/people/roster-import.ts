import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { upsertLearners, type UpsertSummary } from './learner-repository.ts';
import { parseRosterCsv, type RosterCsvOptions, type RosterError } from './roster-csv.ts';

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

  const inputs = parsed.value.map(({ line: _line, ...learner }) => learner);
  return ok(await upsertLearners(db, organizationId, inputs, now));
}
