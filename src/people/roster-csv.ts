/**
 * Reads a roster CSV exported from an HR system or a spreadsheet into learner rows. The import
 * is all or nothing: any problem anywhere returns every problem found, and nothing is kept.
 */
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { readCsvRecords } from './roster-csv-records.ts';
import type { CsvRecord } from './roster-csv-records.ts';
import type { RosterError } from './roster-errors.ts';
import { sharedPhoneReason } from './identity/phone-holder.ts';
import { readEmail, readTimezone } from './roster-fields.ts';
import { mapRosterHeader } from './roster-header.ts';
import type { RosterColumnMap } from './roster-header.ts';
import { readRosterRow } from './roster-row.ts';
import type { RosterCsvOptions, RosterRow } from './roster-row.ts';

export { formatRosterErrors } from './roster-errors.ts';
export type { RosterError, RosterErrorKind } from './roster-errors.ts';
export type { RosterCsvOptions, RosterRow } from './roster-row.ts';

/**
 * Parses roster CSV text (comma or semicolon separated, with or without a byte order mark).
 * The first line is the header; name and email columns are required.
 *
 * @example
 * const roster = parseRosterCsv(text, { defaultCountry: 'US', defaultTimezone: 'America/Chicago' });
 * if (!roster.ok) console.error(formatRosterErrors(roster.error).join('\n'));
 */
export function parseRosterCsv(
  csvText: string,
  options: RosterCsvOptions = {},
): Result<RosterRow[], RosterError[]> {
  const defaults = withCheckedDefaultTimezone(options);

  const { records, errors } = readCsvRecords(csvText);
  const [header, ...body] = records;
  if (header === undefined) return err(errors.length > 0 ? errors : [emptyFileError()]);

  // Without knowing which column is which, row errors would be guesses.
  const columns = mapRosterHeader(header);
  if (!columns.ok) return err(byLine([...errors, ...columns.error]));

  const rows: RosterRow[] = [];
  for (const record of body) {
    const row = readRosterRow(record, columns.value, defaults);
    if (row.ok) rows.push(row.value);
    else errors.push(...row.error);
  }
  errors.push(...findDuplicateEmails(body, columns.value));
  errors.push(...findDuplicateEmployeeIds(body, columns.value));
  errors.push(...findSharedPhones(rows, body, columns.value));

  return errors.length > 0 ? err(byLine(errors)) : ok(rows);
}

function findDuplicateEmails(records: CsvRecord[], columns: RosterColumnMap): RosterError[] {
  const position = columns.email;
  if (position === undefined) return [];

  const firstLineByEmail = new Map<string, number>();
  const errors: RosterError[] = [];

  for (const record of records) {
    const value = record.fields[position.index] ?? '';
    const email = readEmail(value);
    if (!email.ok) continue;

    const earlierLine = firstLineByEmail.get(email.value);
    if (earlierLine === undefined) {
      firstLineByEmail.set(email.value, record.line);
      continue;
    }
    errors.push({
      kind: 'duplicate-email',
      line: record.line,
      column: position.header,
      value,
      reason:
        `'${value}' is already used on line ${earlierLine} (emails are compared ignoring ` +
        'case); each person needs their own address',
    });
  }

  return errors;
}

function findDuplicateEmployeeIds(records: CsvRecord[], columns: RosterColumnMap): RosterError[] {
  const position = columns.externalId;
  if (position === undefined) return [];

  const firstLineById = new Map<string, number>();
  const errors: RosterError[] = [];

  for (const record of records) {
    const id = record.fields[position.index] ?? '';
    if (id === '') continue;

    const earlierLine = firstLineById.get(id);
    if (earlierLine === undefined) {
      firstLineById.set(id, record.line);
      continue;
    }
    errors.push({
      kind: 'duplicate-employee-id',
      line: record.line,
      column: position.header,
      value: id,
      reason: `employee id '${id}' is already used on line ${earlierLine}; ids must be unique`,
    });
  }

  return errors;
}

/** One number, one person (identity/phone-holder.ts): a later row may not repeat a number. */
function findSharedPhones(
  rows: RosterRow[],
  records: CsvRecord[],
  columns: RosterColumnMap,
): RosterError[] {
  const position = columns.phone;
  if (position === undefined) return [];

  const written = new Map(records.map((record) => [record.line, record.fields[position.index]]));
  const firstByPhone = new Map<string, RosterRow>();
  const errors: RosterError[] = [];

  for (const row of rows) {
    if (row.phone === null) continue;
    const earlier = firstByPhone.get(row.phone);
    if (earlier === undefined) {
      firstByPhone.set(row.phone, row);
      continue;
    }
    const value = written.get(row.line)?.trim() || row.phone;
    errors.push({
      kind: 'duplicate-phone',
      line: row.line,
      column: position.header,
      value,
      reason: sharedPhoneReason(value, row.phone, `line ${earlier.line} (${earlier.email})`),
    });
  }
  return errors;
}

/** The default comes from the caller's configuration, so a bad one is a programmer error. */
function withCheckedDefaultTimezone(options: RosterCsvOptions): RosterCsvOptions {
  if (options.defaultTimezone === undefined) return options;

  const zone = readTimezone(options.defaultTimezone);
  if (!zone.ok) throw new RangeError(`defaultTimezone: ${zone.error}`);
  return { ...options, defaultTimezone: zone.value };
}

function emptyFileError(): RosterError {
  return {
    kind: 'empty-file',
    line: 1,
    column: null,
    value: null,
    reason: 'the file is empty; the first line must be a header with at least name and email',
  };
}

// Sort is stable, so problems within a line keep their column order.
const byLine = (errors: RosterError[]): RosterError[] =>
  [...errors].sort((a, b) => a.line - b.line);
