/**
 * Which CSV column holds which person field. An organization saves its mapping once (a preset
 * plus its own overrides, custom fields and location zones) and every later import of the
 * same export uses it.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../shared/result.ts';
import type { CsvRecord } from '../roster-csv-records.ts';
import type { RosterError } from '../roster-errors.ts';
import {
  GENERIC_ALIASES,
  headerKey,
  PERSON_FIELDS,
  PRESET_NAMES,
  PRESETS,
  type PersonField,
  type PresetName,
} from './person-columns.ts';

export const columnMappingSchema = z.object({
  preset: z.enum(PRESET_NAMES).optional(),
  columns: z.partialRecord(z.enum(PERSON_FIELDS), z.string().min(1)).default({}),
  customFields: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'custom field names are letters, digits and _'),
      z.string().min(1),
    )
    .default({}),
  nullDates: z.array(z.string()).default([]),
  /** "Lindon, Utah" → "America/Denver", for exports with a location and no zone. */
  locationTimezones: z.record(z.string(), z.string()).default({}),
});

export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** A mapping from a preset, with explicit choices laid over it. */
export function mappingFor(
  preset: PresetName | undefined,
  overrides: Partial<ColumnMapping> = {},
): ColumnMapping {
  const base = preset === undefined ? undefined : PRESETS[preset];
  return {
    ...(preset === undefined ? {} : { preset }),
    columns: { ...base?.columns, ...overrides.columns },
    customFields: { ...base?.customFields, ...overrides.customFields },
    nullDates: [...(base?.nullDates ?? []), ...(overrides.nullDates ?? [])],
    locationTimezones: { ...overrides.locationTimezones },
  };
}

/** Reads a stored or submitted mapping; a broken one is reported, not half-used. */
export function readColumnMapping(value: unknown): Result<ColumnMapping, string> {
  const parsed = columnMappingSchema.safeParse(value ?? {});
  if (parsed.success) return ok(parsed.data);
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'mapping'}: ${issue.message}`,
  );
  return err(`the column mapping is not valid: ${problems.join('; ')}`);
}

export interface ColumnPosition {
  index: number;
  header: string;
}

export interface ResolvedColumns {
  fields: Partial<Record<PersonField, ColumnPosition>>;
  customFields: Record<string, ColumnPosition>;
}

/**
 * Finds each mapped field's column in the header. With a preset or explicit columns, only
 * those are used; without any, common header names are recognised.
 */
export function resolveColumns(
  header: CsvRecord,
  mapping: ColumnMapping,
): Result<ResolvedColumns, RosterError[]> {
  const positions = new Map<string, ColumnPosition>();
  header.fields.forEach((text, index) => {
    const key = headerKey(text);
    if (!positions.has(key)) positions.set(key, { index, header: text });
  });

  const errors: RosterError[] = [];
  const missing = (column: string, reason: string): void => {
    errors.push({ kind: 'missing-column', line: header.line, column, value: null, reason });
  };
  const explicit = Object.keys(mapping.columns).length > 0;
  const fields: ResolvedColumns['fields'] = {};
  const preset = mapping.preset === undefined ? undefined : PRESETS[mapping.preset];
  const mayLack = (field: PersonField, column: string) =>
    preset?.columns[field] === column && (preset.optionalFields ?? []).includes(field);

  for (const field of PERSON_FIELDS) {
    const named = mapping.columns[field];
    if (named !== undefined) {
      const position = positions.get(headerKey(named));
      if (position === undefined) {
        if (mayLack(field, named)) continue;
        missing(named, `the mapping puts ${field} in column '${named}', which this file lacks`);
      } else {
        fields[field] = position;
      }
    } else if (!explicit) {
      const alias = GENERIC_ALIASES[field].find((name) => positions.has(headerKey(name)));
      if (alias !== undefined) fields[field] = positions.get(headerKey(alias)) as ColumnPosition;
    }
  }

  const customFields: ResolvedColumns['customFields'] = {};
  for (const [name, column] of Object.entries(mapping.customFields)) {
    const position = positions.get(headerKey(column));
    if (position === undefined) {
      missing(
        column,
        `custom field ${name} is mapped to column '${column}', which this file lacks`,
      );
    } else {
      customFields[name] = position;
    }
  }

  if (fields.email === undefined && mapping.columns.email === undefined) {
    missing(
      'email',
      'the file has no email column, and Inflow identifies each person by their work email; ' +
        "add one, or map it with --map email='<column>'",
    );
  }
  const nameMapped = mapping.columns.fullName ?? mapping.columns.firstName;
  if (fields.fullName === undefined && fields.firstName === undefined && !nameMapped) {
    missing('name', 'the file has no name column; map fullName, or firstName and lastName');
  }

  return errors.length > 0 ? err(errors) : ok({ fields, customFields });
}
