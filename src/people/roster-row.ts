/**
 * Turns one CSV record into a roster row, reporting every bad value in it rather than the
 * first, so an administrator fixes the row in one pass.
 */
import type { CountryCode } from 'libphonenumber-js';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import type { CsvRecord } from './roster-csv-records.ts';
import type { RosterError, RosterErrorKind } from './roster-errors.ts';
import {
  readChannel,
  readCountry,
  readEmail,
  readHireDate,
  readLocale,
  readPhone,
  readTimezone,
} from './roster-fields.ts';
import type { RosterColumn, RosterColumnMap } from './roster-header.ts';
import type { LearnerProfile } from './learner.ts';

/** A learner as the roster describes them, with the line it came from for error messages. */
export interface RosterRow extends Omit<LearnerProfile, 'id' | 'organizationId' | 'status'> {
  line: number;
}

export interface RosterCsvOptions {
  /** Reads phone numbers written without "+" when the row has no country. */
  defaultCountry?: CountryCode;
  /** Used when the row's timezone is blank; must already be a valid IANA name. */
  defaultTimezone?: string;
}

export const DEFAULT_LOCALE = 'en';
export const DEFAULT_CHANNEL = 'simulator';

export function readRosterRow(
  record: CsvRecord,
  columns: RosterColumnMap,
  defaults: RosterCsvOptions,
): Result<RosterRow, RosterError[]> {
  const errors: RosterError[] = [];
  const cell = (column: RosterColumn): string => {
    const position = columns[column];
    return position === undefined ? '' : (record.fields[position.index] ?? '');
  };
  const report = (kind: RosterErrorKind, column: RosterColumn, reason: string): void => {
    const value = cell(column);
    errors.push({
      kind,
      line: record.line,
      column: columns[column]?.header ?? column,
      value: value === '' ? null : value,
      reason,
    });
  };
  const optional = <T>(
    column: RosterColumn,
    kind: RosterErrorKind,
    read: (value: string) => Result<T, string>,
  ): T | null => {
    const value = cell(column);
    if (value === '') return null;
    const result = read(value);
    if (result.ok) return result.value;
    report(kind, column, result.error);
    return null;
  };

  const nameColumn = columns.fullName === undefined ? 'firstName' : 'fullName';
  const fullName =
    columns.fullName === undefined
      ? [cell('firstName'), cell('lastName')].filter((part) => part !== '').join(' ')
      : cell('fullName');
  if (fullName === '') {
    report('missing-value', nameColumn, 'the name is empty; every person needs one');
  }

  if (cell('email') === '') {
    report('missing-value', 'email', 'the email is empty; every person needs their own address');
  }
  const email = optional('email', 'invalid-email', readEmail);
  const managerEmail = optional('managerEmail', 'invalid-email', readEmail);

  const rowCountry = optional('country', 'unknown-country', readCountry);
  const country = rowCountry ?? defaults.defaultCountry;
  // A bad country would fail the national phone number too; the cause is reported once.
  const phone =
    cell('country') !== '' && rowCountry === null
      ? null
      : optional('phone', 'invalid-phone', (value) => readPhone(value, country));

  const timezone =
    optional('timezone', 'unknown-timezone', readTimezone) ?? defaults.defaultTimezone;
  if (cell('timezone') === '' && timezone === undefined) {
    report(
      'missing-value',
      'timezone',
      'the timezone is empty and the import has no default timezone; ' +
        'fill it in as Region/City, e.g. America/Chicago',
    );
  }

  const locale = optional('locale', 'invalid-locale', readLocale) ?? DEFAULT_LOCALE;
  const hireDate = optional('hireDate', 'invalid-hire-date', readHireDate);
  const preferredChannel = optional('preferredChannel', 'unknown-channel', readChannel);

  if (errors.length > 0 || email === null || timezone === undefined) return err(errors);

  return ok({
    line: record.line,
    externalId: cell('externalId') || null,
    fullName,
    email,
    phone,
    timezone,
    locale,
    title: cell('title') || null,
    department: cell('department') || null,
    managerEmail,
    location: cell('location') || null,
    hireDate,
    preferredChannel: preferredChannel ?? DEFAULT_CHANNEL,
  });
}
