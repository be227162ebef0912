/**
 * An organization's people defaults (zone, country, channel for people whose source says
 * nothing) and its saved CSV column mapping, one row per organization.
 */
import type { Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import type { Database } from '../db/schema.ts';
import { CHANNEL_KINDS, type ChannelKind } from './learner.ts';

export interface PeopleSettings {
  defaultTimezone: string | null;
  defaultCountry: CountryCode | null;
  defaultChannel: ChannelKind | null;
  /** The column mapping last saved for CSV imports (see import/column-mapping.ts). */
  csvMapping: Record<string, unknown> | null;
}

export const EMPTY_SETTINGS: PeopleSettings = {
  defaultTimezone: null,
  defaultCountry: null,
  defaultChannel: null,
  csvMapping: null,
};

export async function loadPeopleSettings(
  db: Kysely<Database>,
  organizationId: string,
): Promise<PeopleSettings> {
  const row = await db
    .selectFrom('peopleSettings')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .executeTakeFirst();
  if (row === undefined) return EMPTY_SETTINGS;

  const channel = CHANNEL_KINDS.find((kind) => kind === row.defaultChannel) ?? null;
  return {
    defaultTimezone: row.defaultTimezone,
    defaultCountry: (row.defaultCountry as CountryCode | null) ?? null,
    defaultChannel: channel,
    csvMapping: row.csvMapping,
  };
}

/** Saves the given settings; those left out keep their stored values. */
export async function savePeopleSettings(
  db: Kysely<Database>,
  organizationId: string,
  changes: Partial<PeopleSettings>,
  now: Date,
): Promise<PeopleSettings> {
  const current = await loadPeopleSettings(db, organizationId);
  const next = { ...current, ...changes };
  const values = {
    defaultTimezone: next.defaultTimezone,
    defaultCountry: next.defaultCountry,
    defaultChannel: next.defaultChannel,
    csvMapping: next.csvMapping === null ? null : JSON.stringify(next.csvMapping),
    updatedAt: now,
  };

  await db
    .insertInto('peopleSettings')
    .values({ organizationId, ...values })
    .onConflict((conflict) => conflict.column('organizationId').doUpdateSet(values))
    .execute();
  return next;
}
