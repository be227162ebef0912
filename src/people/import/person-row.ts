/**
 * Reads one HR export record into a person, reporting every bad cell with its line, column
 * and reason. A column the file has states its field (an empty cell clears it); a column it
 * lacks leaves the stored value alone.
 */
import type { CountryCode } from 'libphonenumber-js';
import { err, ok, type Result } from '../../shared/result.ts';
import type { ChannelKind, LearnerStatus } from '../learner.ts';
import type { PersonFields } from '../person-writer.ts';
import { countryOfZone, onlyZoneOf, readCountryName } from '../places.ts';
import type { CsvRecord } from '../roster-csv-records.ts';
import type { RosterError, RosterErrorKind } from '../roster-errors.ts';
import {
  readChannel,
  readEmail,
  readHireDate,
  readLocale,
  readPhone,
  readTimezone,
} from '../roster-fields.ts';
import type { ColumnPosition, ResolvedColumns } from './column-mapping.ts';
import type { PersonField } from './person-columns.ts';

export interface RowDefaults {
  defaultTimezone?: string;
  defaultCountry?: CountryCode;
  /** Keys compared without regard to case. */
  locationTimezones: Record<string, string>;
  nullDates: readonly string[];
  /** The import's date, "YYYY-MM-DD": a termination date on or before it offboards. */
  today: string;
}

export interface PersonRow {
  line: number;
  /** As written in the file; `fields.email` is lower-cased. */
  emailAsWritten: string;
  employeeId: string | null;
  status: LearnerStatus;
  /** What the file states; timezone is absent when nothing gave one. */
  fields: PersonFields & { fullName: string; email: string };
  /** Channel ids the file gives; merged into the learner's other channel ids. */
  channelIds?: Record<string, string | null>;
  /** Custom fields the file gives; an empty value removes the field. */
  customFields?: Record<string, string | null>;
  /** The phone cell as written and its column, when the row gives a number. */
  phoneCell?: { column: string; text: string };
}

const STATUS_WORDS: Readonly<Record<string, LearnerStatus>> = {
  active: 'active',
  employed: 'active',
  current: 'active',
  // Personio's status of someone whose start is still ahead; their hire date gates the rest.
  onboarding: 'active',
  inactive: 'inactive',
  'on leave': 'inactive',
  leave: 'inactive',
  suspended: 'inactive',
  terminated: 'offboarded',
  leaver: 'offboarded',
  left: 'offboarded',
  former: 'offboarded',
  offboarded: 'offboarded',
  separated: 'offboarded',
  retired: 'offboarded',
};

export function readPersonRow(
  record: CsvRecord,
  columns: ResolvedColumns,
  defaults: RowDefaults,
): Result<PersonRow, RosterError[]> {
  const errors: RosterError[] = [];
  const position = (field: PersonField): ColumnPosition | undefined => columns.fields[field];
  const has = (field: PersonField): boolean => position(field) !== undefined;
  const cell = (field: PersonField): string => {
    const at = position(field);
    return at === undefined ? '' : (record.fields[at.index] ?? '').trim();
  };
  const report = (kind: RosterErrorKind, field: PersonField, reason: string): void => {
    const value = cell(field);
    errors.push({
      kind,
      line: record.line,
      column: position(field)?.header ?? field,
      value: value === '' ? null : value,
      reason,
    });
  };
  const read = <T>(
    field: PersonField,
    kind: RosterErrorKind,
    reader: (value: string) => Result<T, string>,
  ): T | null => {
    const value = cell(field);
    if (value === '') return null;
    const result = reader(value);
    if (result.ok) return result.value;
    report(kind, field, result.error);
    return null;
  };
  const text = (field: PersonField): string | null | undefined =>
    has(field) ? cell(field) || null : undefined;

  const fullName =
    cell('fullName') || [cell('firstName'), cell('lastName')].filter(Boolean).join(' ');
  if (fullName === '') {
    report('missing-value', has('fullName') ? 'fullName' : 'firstName', 'the name is empty');
  }
  const emailAsWritten = cell('email');
  if (emailAsWritten === '') {
    report('missing-value', 'email', 'the email is empty; every person needs their own address');
  }
  const email = read('email', 'invalid-email', readEmail);
  const managerEmail = read('managerEmail', 'invalid-email', readEmail);

  const country = read('country', 'unknown-country', readCountry);
  const location = text('location');
  const timezone =
    read('timezone', 'unknown-timezone', readTimezone) ??
    zoneFromPlace(location ?? null, country, defaults);
  const phoneCountry = country ?? defaults.defaultCountry ?? zoneCountry(timezone);
  const phone =
    cell('country') !== '' && country === null
      ? null
      : read('phone', 'invalid-phone', (value) => readPhone(value, phoneCountry));

  const readDate = (value: string) => readHrDate(value, defaults.nullDates);
  const hireDate = read('hireDate', 'invalid-hire-date', readDate);
  const terminationDate = read('terminationDate', 'invalid-termination-date', readDate);
  const statedStatus = read('status', 'invalid-status', readStatus);
  const locale = read('locale', 'invalid-locale', readLocale);
  const preferredChannel = read('preferredChannel', 'unknown-channel', readChannel);

  if (errors.length > 0 || email === null) return err(errors);

  // Limitation: a leaving date still ahead is not stored, so the person stays active until an
  // import after that date says otherwise.
  const left = terminationDate !== null && terminationDate <= defaults.today;
  const fields: PersonRow['fields'] = {
    fullName,
    email,
    ...defined({
      externalId: text('employeeId'),
      phone: has('phone') ? phone : undefined,
      timezone: timezone ?? undefined,
      locale: locale ?? undefined,
      title: text('title'),
      department: text('department'),
      division: text('division'),
      costCenter: text('costCenter'),
      organizationName: text('organization'),
      location,
      managerEmail: has('managerEmail') ? managerEmail : undefined,
      managerEmployeeId: text('managerEmployeeId'),
      hireDate: has('hireDate') ? hireDate : undefined,
      preferredChannel: (preferredChannel as ChannelKind | null) ?? undefined,
    }),
  };

  return ok({
    line: record.line,
    emailAsWritten,
    employeeId: fields.externalId ?? null,
    status: left ? 'offboarded' : (statedStatus ?? 'active'),
    fields,
    ...channelIdsOf(text('slackUserId'), text('teamsUserId')),
    ...customFieldsOf(record, columns),
    ...(phone === null
      ? {}
      : { phoneCell: { column: position('phone')?.header ?? 'phone', text: cell('phone') } }),
  });
}

function readCountry(value: string): Result<CountryCode, string> {
  const country = readCountryName(value);
  return country === undefined
    ? err(`'${value}' is not a country we know; use a code such as GB or its English name`)
    : ok(country);
}

function readStatus(value: string): Result<LearnerStatus, string> {
  const status = STATUS_WORDS[value.trim().toLowerCase()];
  if (status !== undefined) return ok(status);
  return err(
    `'${value}' is not a status we know; use Active, Inactive (or On leave) or Terminated`,
  );
}

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}/;

/** Dates as HR systems write them; the date part of a timestamp is the day as recorded. */
export function readHrDate(
  value: string,
  nullDates: readonly string[],
): Result<string | null, string> {
  if (nullDates.includes(value.trim())) return ok(null);
  const stamp = ISO_DATE_TIME.exec(value.trim());
  return readHireDate(stamp?.[1] ?? value);
}

function zoneFromPlace(
  location: string | null,
  country: CountryCode | null,
  defaults: RowDefaults,
): string | undefined {
  if (location !== null) {
    const key = Object.keys(defaults.locationTimezones).find(
      (name) => name.toLowerCase() === location.toLowerCase(),
    );
    if (key !== undefined) return defaults.locationTimezones[key];
  }
  const countryZone = country === null ? undefined : onlyZoneOf(country);
  return countryZone ?? defaults.defaultTimezone;
}

const zoneCountry = (zone: string | undefined): CountryCode | undefined =>
  zone === undefined ? undefined : countryOfZone(zone);

function channelIdsOf(slack: string | null | undefined, teams: string | null | undefined) {
  const ids = defined({ slack, teams });
  return Object.keys(ids).length === 0 ? {} : { channelIds: ids as Record<string, string | null> };
}

function customFieldsOf(record: CsvRecord, columns: ResolvedColumns) {
  const entries = Object.entries(columns.customFields).map(([name, position]) => {
    const value = (record.fields[position.index] ?? '').trim();
    return [name, value === '' ? null : value] as const;
  });
  return entries.length === 0 ? {} : { customFields: Object.fromEntries(entries) };
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
