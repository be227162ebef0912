/**
 * Reads a whole HR export: header, rows, and the duplicates between rows.
 *
 * Duplicate rule, as documented in docs/people.md: rows whose emails are equal ignoring case
 * are one person when they do not name two different employee ids. They are merged in file
 * order, a later row's value winning over an earlier one's, an empty cell never clearing a
 * value; the report lists every merge. Two employee ids on one address, or one employee id on
 * two addresses, is an error on the later row.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import { readCsvRecords, type CsvRecord } from '../roster-csv-records.ts';
import type { RosterError } from '../roster-errors.ts';
import { resolveColumns, type ColumnMapping } from './column-mapping.ts';
import { readPersonRow, type PersonRow, type RowDefaults } from './person-row.ts';

export interface MergeNote {
  email: string;
  /** Lines merged, in file order; the person's row in the plan is the last one. */
  lines: number[];
  /** The spellings of the address in the file, when they differ in case. */
  spellings: string[];
}

export interface PeopleCsv {
  /** Data records read, not counting the header. */
  records: number;
  rows: PersonRow[];
  merged: MergeNote[];
  errors: RosterError[];
}

export function readPeopleCsv(
  text: string,
  mapping: ColumnMapping,
  defaults: RowDefaults,
): Result<PeopleCsv, RosterError[]> {
  const { records: read, errors } = readCsvRecords(text);
  const records = usesWindowsLineBreaks(text) ? read.map(withWindowsLineBreaks) : read;
  const [header, ...body] = records;
  if (header === undefined) {
    return err([
      ...errors,
      {
        kind: 'empty-file',
        line: 1,
        column: null,
        value: null,
        reason: 'the file is empty; the first line must be the header',
      },
    ]);
  }

  // Without knowing which column is which, row errors would be guesses.
  const columns = resolveColumns(header, mapping);
  if (!columns.ok) return err([...errors, ...columns.error]);

  const rows: PersonRow[] = [];
  for (const record of body) {
    const row = readPersonRow(record, columns.value, defaults);
    if (row.ok) rows.push(row.value);
    else errors.push(...row.error);
  }

  const merged = mergeSameEmail(rows, columns.value.fields.email?.header ?? 'email');
  const byId = rejectSharedEmployeeIds(merged.rows, columns.value.fields.employeeId?.header);
  return ok({
    records: body.length,
    rows: byId.rows,
    merged: merged.notes,
    errors: [...errors, ...merged.errors, ...byId.errors].sort((a, b) => a.line - b.line),
  });
}

/**
 * The record reader turns every line break into "\n" to keep its line numbers right. In a
 * file that only ever breaks lines with CRLF, a break inside a quoted value was CRLF too
 * (RFC 4180 keeps it as written), so it is given back.
 */
function usesWindowsLineBreaks(text: string): boolean {
  return text.includes('\r\n') && !/(?<!\r)\n/.test(text);
}

function withWindowsLineBreaks(record: CsvRecord): CsvRecord {
  return { ...record, fields: record.fields.map((field) => field.replace(/\n/g, '\r\n')) };
}

function mergeSameEmail(rows: PersonRow[], emailColumn: string) {
  const groups = new Map<string, PersonRow[]>();
  for (const row of rows)
    groups.set(row.fields.email, [...(groups.get(row.fields.email) ?? []), row]);

  const kept: PersonRow[] = [];
  const notes: MergeNote[] = [];
  const errors: RosterError[] = [];

  for (const [email, group] of groups) {
    const [first] = group as [PersonRow, ...PersonRow[]];
    const owner = group.find((row) => row.employeeId !== null)?.employeeId ?? null;
    const same = group.filter((row) => row.employeeId === null || row.employeeId === owner);
    const others = group.filter((row) => !same.includes(row));

    for (const row of others) {
      const ownerLine =
        same.find((candidate) => candidate.employeeId === owner)?.line ?? first.line;
      errors.push({
        kind: 'duplicate-email',
        line: row.line,
        column: emailColumn,
        value: row.emailAsWritten,
        reason:
          `'${row.emailAsWritten}' is also on line ${ownerLine} for employee ${owner}, and ` +
          `this row is employee ${row.employeeId}; two people cannot share an email address`,
      });
    }

    kept.push(same.length === 1 ? (same[0] as PersonRow) : mergeRows(same));
    if (same.length > 1) {
      notes.push({
        email,
        lines: same.map((row) => row.line),
        spellings: [...new Set(same.map((row) => row.emailAsWritten))],
      });
    }
  }
  return { rows: kept.sort((a, b) => a.line - b.line), notes, errors };
}

function mergeRows(rows: PersonRow[]): PersonRow {
  const last = rows[rows.length - 1] as PersonRow;
  const fields = { ...(rows[0] as PersonRow).fields };
  const channelIds: Record<string, string | null> = {};
  const customFields: Record<string, string | null> = {};

  for (const row of rows) {
    for (const [field, value] of Object.entries(row.fields)) {
      const current = (fields as Record<string, unknown>)[field];
      if (value !== null || current === undefined) {
        (fields as Record<string, unknown>)[field] = value;
      }
    }
    mergeInto(channelIds, row.channelIds);
    mergeInto(customFields, row.customFields);
  }

  return {
    line: last.line,
    emailAsWritten: last.emailAsWritten,
    employeeId: rows.find((row) => row.employeeId !== null)?.employeeId ?? null,
    status: last.status,
    fields,
    ...(Object.keys(channelIds).length > 0 ? { channelIds } : {}),
    ...(Object.keys(customFields).length > 0 ? { customFields } : {}),
    ...phoneCellOf(rows, fields.phone),
  };
}

/** The cell of the row whose number the merge kept: the last that gave one. */
function phoneCellOf(rows: PersonRow[], phone: string | null | undefined) {
  const cell = [...rows].reverse().find((row) => row.fields.phone === phone)?.phoneCell;
  return cell === undefined ? {} : { phoneCell: cell };
}

function mergeInto(
  target: Record<string, string | null>,
  source: Record<string, string | null> | undefined,
): void {
  for (const [key, value] of Object.entries(source ?? {})) {
    if (value !== null || !(key in target)) target[key] = value;
  }
}

function rejectSharedEmployeeIds(rows: PersonRow[], idColumn: string | undefined) {
  const firstById = new Map<string, PersonRow>();
  const kept: PersonRow[] = [];
  const errors: RosterError[] = [];

  for (const row of rows) {
    const earlier = row.employeeId === null ? undefined : firstById.get(row.employeeId);
    if (earlier === undefined) {
      if (row.employeeId !== null) firstById.set(row.employeeId, row);
      kept.push(row);
      continue;
    }
    errors.push({
      kind: 'duplicate-employee-id',
      line: row.line,
      column: idColumn ?? 'employeeId',
      value: row.employeeId,
      reason:
        `employee id '${row.employeeId}' is already on line ${earlier.line} with ` +
        `${earlier.emailAsWritten}; one employee cannot have two addresses`,
    });
  }
  return { rows: kept, errors };
}
