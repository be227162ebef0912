/**
 * Maps the header of a roster file to the fields Inflow knows, accepting the names HR systems
 * and spreadsheets commonly use. Columns nobody asked for are ignored, because exports from
 * HR systems carry dozens of them.
 */
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import type { CsvRecord } from './roster-csv-records.ts';
import type { RosterError } from './roster-errors.ts';

export const ROSTER_COLUMNS = [
  'externalId',
  'fullName',
  'firstName',
  'lastName',
  'email',
  'phone',
  'timezone',
  'locale',
  'title',
  'department',
  'managerEmail',
  'location',
  'hireDate',
  'preferredChannel',
  'country',
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** The first alias of each column is the name suggested to people in error messages. */
const COLUMN_ALIASES: Record<RosterColumn, readonly string[]> = {
  externalId: ['employee id', 'employee number', 'employee no', 'worker id', 'external id'],
  fullName: ['name', 'full name', 'employee name', 'display name'],
  firstName: ['first name', 'given name'],
  lastName: ['last name', 'surname', 'family name'],
  email: ['email', 'work email', 'e-mail', 'email address', 'work email address'],
  phone: ['phone', 'mobile', 'mobile phone', 'phone number', 'mobile number', 'cell phone'],
  timezone: ['timezone', 'time zone', 'tz'],
  locale: ['locale', 'language'],
  title: ['title', 'job title', 'role', 'position'],
  department: ['department', 'team', 'dept'],
  managerEmail: ['manager email', 'supervisor email', 'manager e-mail'],
  location: ['location', 'city', 'office', 'site'],
  hireDate: ['hire date', 'start date', 'date hired'],
  preferredChannel: ['channel', 'preferred channel'],
  country: ['country', 'country code'],
};

/** Where each known column sits in a record, and its header as the file spells it. */
export type RosterColumnMap = Partial<Record<RosterColumn, { index: number; header: string }>>;

// "E-mail", "Work_Email" and "work email" all reduce to the same key.
const headerKey = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

const COLUMN_BY_KEY = new Map<string, RosterColumn>(
  ROSTER_COLUMNS.flatMap((column) =>
    COLUMN_ALIASES[column].map((alias) => [headerKey(alias), column] as const),
  ),
);

export function mapRosterHeader(header: CsvRecord): Result<RosterColumnMap, RosterError[]> {
  const columns: RosterColumnMap = {};
  const errors: RosterError[] = [];

  header.fields.forEach((text, index) => {
    const column = COLUMN_BY_KEY.get(headerKey(text));
    if (column === undefined) return;

    const earlier = columns[column];
    if (earlier !== undefined) {
      errors.push({
        kind: 'duplicate-column',
        line: header.line,
        column: text,
        value: text,
        reason:
          `columns '${earlier.header}' and '${text}' both hold the ${describe(column)}; ` +
          'keep one of them',
      });
      return;
    }
    columns[column] = { index, header: text };
  });

  errors.push(...findMissingColumns(columns, header.line));

  return errors.length > 0 ? err(errors) : ok(columns);
}

function findMissingColumns(columns: RosterColumnMap, line: number): RosterError[] {
  const missing: RosterError[] = [];

  if (columns.fullName === undefined && columns.firstName === undefined) {
    missing.push({
      kind: 'missing-column',
      line,
      column: 'name',
      value: null,
      reason:
        "the header has no name column; add a column named 'name' (or 'full name'), " +
        "or 'first name' and 'last name'",
    });
  }
  if (columns.email === undefined) {
    missing.push({
      kind: 'missing-column',
      line,
      column: 'email',
      value: null,
      reason:
        "the header has no email column; add a column named 'email' " +
        "(also accepted: 'work email', 'e-mail')",
    });
  }

  return missing;
}

function describe(column: RosterColumn): string {
  return COLUMN_ALIASES[column][0] ?? column;
}
