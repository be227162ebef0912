/**
 * Imports people from an HR export (BambooHR, Workday, Entra ID's HR CSV, or any CSV with
 * recognisable headers). All or nothing: a file with any bad row changes nobody unless the
 * administrator asks to skip the bad rows, and the report names each row, column and reason.
 * Importing the same file again changes nothing: people are matched by employee id.
 * The file may be given as bytes: UTF-8, or Windows-1252 with a warning (decode-csv-bytes.ts).
 */
import type { Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../audit/person-audit.ts';
import type { AutoEnrolmentOutcome } from '../enrolment/auto-enrolment.ts';
import { changeLearnerStatus } from '../lifecycle/learner-status.ts';
import type { ChannelKind } from '../learner.ts';
import { loadPeopleSettings, savePeopleSettings, type PeopleSettings } from '../people-settings.ts';
import { syncPeople } from '../people-sync.ts';
import { createPeople, updatePerson } from '../person-writer.ts';
import { readCountry, readTimezone } from '../roster-fields.ts';
import type { RosterError } from '../roster-errors.ts';
import { mappingFor, readColumnMapping, type ColumnMapping } from './column-mapping.ts';
import { decodeCsvBytes, WINDOWS_1252_WARNING } from './decode-csv-bytes.ts';
import { planImport, type ImportPlan } from './import-plan.ts';
import type { PresetName } from './person-columns.ts';
import { readPeopleCsv, type MergeNote } from './read-people-csv.ts';

export interface PeopleImportOptions {
  /** Shown in the audit trail as "csv:<name>". */
  fileName: string;
  dryRun?: boolean;
  /** Import the good rows of a file that has bad ones. */
  skipInvalid?: boolean;
  /** Offboard people in Inflow who are not in the file (a complete export). */
  deactivateMissing?: boolean;
  preset?: PresetName;
  /** Choices laid over the preset or the saved mapping. */
  mapping?: Partial<ColumnMapping>;
  /** Keep the mapping used as the organization's mapping for the next import. */
  saveMapping?: boolean;
  defaultTimezone?: string;
  defaultCountry?: string;
  defaultChannel?: ChannelKind;
  actor?: Actor;
}

export interface StatusChangeReport {
  line: number | null;
  learnerId: string;
  email: string;
  from: string;
  to: string;
}

export interface ImportReport {
  dryRun: boolean;
  applied: boolean;
  /** Data rows in the file. */
  records: number;
  creates: { line: number; email: string; fullName: string; employeeId: string | null }[];
  updates: { line: number; learnerId: string; email: string; changes: Record<string, unknown> }[];
  deactivations: StatusChangeReport[];
  reactivations: StatusChangeReport[];
  unchanged: number;
  skipped: { line: number; email: string; reason: string }[];
  merged: MergeNote[];
  errors: RosterError[];
  /** Lines left out because they were invalid and skipInvalid was asked for. */
  skippedInvalidLines: number[];
  /** A null line is about the whole file, e.g. the text encoding it was read in. */
  warnings: { line: number | null; message: string }[];
  mapping: ColumnMapping;
  enrolment: AutoEnrolmentOutcome | null;
}

/**
 * Reads, plans and (unless a dry run, or refused for bad rows) applies an HR export, given as
 * text or as the file's bytes.
 *
 * @example
 * const report = await importPeopleCsv(db, orgId, await readFile('bamboo.csv'), {
 *   fileName: 'bamboo.csv', preset: 'bamboohr', dryRun: true }, clock.now());
 */
export async function importPeopleCsv(
  db: Kysely<Database>,
  organizationId: string,
  file: string | Uint8Array,
  options: PeopleImportOptions,
  now: Date,
): Promise<ImportReport> {
  const settings = await loadPeopleSettings(db, organizationId);
  const mapping = chooseMapping(settings, options);
  const defaults = importDefaults(settings, options, mapping);
  const dryRun = options.dryRun ?? false;
  const { text, encoding } =
    typeof file === 'string' ? { text: file, encoding: 'utf-8' } : decodeCsvBytes(file);

  const report = emptyReport(dryRun, mapping);
  if (encoding === 'windows-1252') {
    report.warnings.push({ line: null, message: WINDOWS_1252_WARNING });
  }
  if (defaults.errors.length > 0) return { ...report, errors: defaults.errors };

  const csv = readPeopleCsv(text, mapping, {
    ...defaults.row,
    locationTimezones: mapping.locationTimezones,
    nullDates: mapping.nullDates,
    today: now.toISOString().slice(0, 10),
  });
  if (!csv.ok) return { ...report, errors: csv.error };

  if (options.saveMapping === true) {
    await savePeopleSettings(db, organizationId, { csvMapping: mapping }, now);
  }

  const execute = async (trx: Kysely<Database>): Promise<ImportReport> => {
    const plan = await planImport(trx, organizationId, csv.value.rows, {
      deactivateMissing: options.deactivateMissing ?? false,
      defaultChannel: defaults.channel,
    });
    const errors = [...csv.value.errors, ...plan.errors].sort((a, b) => a.line - b.line);
    const refused = errors.length > 0 && options.skipInvalid !== true;
    const planned: ImportReport = {
      ...describePlan(report, plan),
      records: csv.value.records,
      merged: csv.value.merged,
      errors,
      skippedInvalidLines: options.skipInvalid === true ? uniqueLines(errors) : [],
    };
    if (dryRun || refused) return planned;

    const actor = options.actor ?? `csv:${options.fileName}`;
    await applyPlan(trx, organizationId, plan, actor, now);
    const synced = await syncPeople(trx, organizationId, now);
    return { ...planned, applied: true, enrolment: synced.enrolment };
  };

  // A dry run only reads; an import commits its changes and their consequences as one.
  return dryRun ? execute(db) : db.transaction().execute(execute);
}

async function applyPlan(
  db: Kysely<Database>,
  organizationId: string,
  plan: ImportPlan,
  actor: Actor,
  now: Date,
): Promise<void> {
  await createPeople(
    db,
    organizationId,
    plan.creates.map(({ person }) => person),
    actor,
    now,
  );
  const updated = new Map<string, Awaited<ReturnType<typeof updatePerson>>['learner']>();
  for (const update of plan.updates) {
    const result = await updatePerson(db, update.learner, update.fields, actor, now);
    updated.set(result.learner.id, result.learner);
  }
  for (const change of plan.statusChanges) {
    const learner = updated.get(change.learner.id) ?? change.learner;
    await changeLearnerStatus(db, learner, change.to, actor, now);
  }
}

function chooseMapping(settings: PeopleSettings, options: PeopleImportOptions): ColumnMapping {
  const stored = readColumnMapping(settings.csvMapping);
  const saved = stored.ok && settings.csvMapping !== null ? stored.value : undefined;
  const preset = options.preset ?? saved?.preset;
  const base = saved !== undefined && saved.preset === preset ? saved : undefined;

  return mappingFor(preset, {
    columns: { ...base?.columns, ...options.mapping?.columns },
    customFields: { ...base?.customFields, ...options.mapping?.customFields },
    nullDates: [...(base?.nullDates ?? []), ...(options.mapping?.nullDates ?? [])],
    locationTimezones: { ...saved?.locationTimezones, ...options.mapping?.locationTimezones },
  });
}

/** Checks the defaults and location zones once; a bad one is a configuration error. */
function importDefaults(
  settings: PeopleSettings,
  options: PeopleImportOptions,
  mapping: ColumnMapping,
) {
  const errors: RosterError[] = [];
  const problem = (column: string, value: string, reason: string) =>
    errors.push({ kind: 'unknown-timezone', line: 1, column, value, reason });

  const zoneText = options.defaultTimezone ?? settings.defaultTimezone ?? undefined;
  const zone = zoneText === undefined ? undefined : readTimezone(zoneText);
  if (zone !== undefined && !zone.ok) problem('defaultTimezone', zoneText as string, zone.error);

  for (const [location, value] of Object.entries(mapping.locationTimezones)) {
    const read = readTimezone(value);
    if (read.ok) mapping.locationTimezones[location] = read.value;
    else problem(`locationTimezones.${location}`, value, read.error);
  }

  const countryText = options.defaultCountry ?? settings.defaultCountry ?? undefined;
  const country = countryText === undefined ? undefined : readCountry(countryText);
  if (country !== undefined && !country.ok) {
    errors.push({
      kind: 'unknown-country',
      line: 1,
      column: 'defaultCountry',
      value: countryText as string,
      reason: country.error,
    });
  }

  return {
    errors,
    channel: options.defaultChannel ?? settings.defaultChannel ?? 'simulator',
    row: {
      ...(zone?.ok ? { defaultTimezone: zone.value } : {}),
      ...(country?.ok ? { defaultCountry: country.value as CountryCode } : {}),
    },
  };
}

function emptyReport(dryRun: boolean, mapping: ColumnMapping): ImportReport {
  return {
    dryRun,
    applied: false,
    records: 0,
    creates: [],
    updates: [],
    deactivations: [],
    reactivations: [],
    unchanged: 0,
    skipped: [],
    merged: [],
    errors: [],
    skippedInvalidLines: [],
    warnings: [],
    mapping,
    enrolment: null,
  };
}

function describePlan(report: ImportReport, plan: ImportPlan): ImportReport {
  const statusReport = (change: ImportPlan['statusChanges'][number]): StatusChangeReport => ({
    line: change.line,
    learnerId: change.learner.id,
    email: change.learner.email,
    from: change.learner.status,
    to: change.to,
  });
  return {
    ...report,
    creates: plan.creates.map(({ line, person }) => ({
      line,
      email: person.email,
      fullName: person.fullName,
      employeeId: person.externalId ?? null,
    })),
    updates: plan.updates.map(({ line, learner, changes }) => ({
      line,
      learnerId: learner.id,
      email: learner.email,
      changes,
    })),
    deactivations: plan.statusChanges.filter((change) => change.to !== 'active').map(statusReport),
    reactivations: plan.statusChanges.filter((change) => change.to === 'active').map(statusReport),
    unchanged: plan.unchanged,
    skipped: plan.skipped,
    warnings: [...report.warnings, ...plan.warnings],
  };
}

const uniqueLines = (errors: readonly RosterError[]): number[] =>
  [...new Set(errors.map((error) => error.line))].sort((a, b) => a - b);
