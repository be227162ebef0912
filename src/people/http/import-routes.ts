/**
 * POST /people/import and the import settings of an organization.
 *
 * The CSV is the raw body (`Content-Type: text/csv`) with options in the query string:
 * `?dryRun&preset=bamboohr&skipInvalid&deactivateMissing&saveMapping&fileName=x.csv`. Its
 * bytes are read as UTF-8, or as Windows-1252 with a warning, whatever the charset parameter
 * says: spreadsheets save in the machine's code page and upload tools rarely know which.
 * Or a JSON body `{ "csv": "...", "dryRun": true, "mapping": {...}, ... }`.
 */
import type { Hono } from 'hono';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { EngineContext } from '../../app/context.ts';
import { counted } from '../../shared/counted.ts';
import { columnMappingSchema } from '../import/column-mapping.ts';
import { PRESET_NAMES, PRESETS } from '../import/person-columns.ts';
import { importPeopleCsv, type PeopleImportOptions } from '../import/people-import.ts';
import { CHANNEL_KINDS } from '../learner.ts';
import { loadPeopleSettings, savePeopleSettings, type PeopleSettings } from '../people-settings.ts';
import { readCountry, readTimezone } from '../roster-fields.ts';
import {
  actorOf,
  errorResponse,
  flag,
  organizationOf,
  readJson,
  type PeopleContext,
  type PeopleEnv,
} from './people-http.ts';

const channelSchema = z.enum(CHANNEL_KINDS);

const importBodySchema = z.object({
  csv: z.string().min(1),
  fileName: z.string().min(1).default('upload.csv'),
  dryRun: z.boolean().optional(),
  skipInvalid: z.boolean().optional(),
  deactivateMissing: z.boolean().optional(),
  saveMapping: z.boolean().optional(),
  preset: z.enum(PRESET_NAMES).optional(),
  mapping: columnMappingSchema.partial().optional(),
  defaultTimezone: z.string().optional(),
  defaultCountry: z.string().optional(),
  defaultChannel: channelSchema.optional(),
});

const settingsSchema = z.object({
  defaultTimezone: z.string().nullable().optional(),
  defaultCountry: z.string().nullable().optional(),
  defaultChannel: channelSchema.nullable().optional(),
  csvMapping: columnMappingSchema.nullable().optional(),
});

export function registerImportRoutes(app: Hono<PeopleEnv>, context: EngineContext): void {
  app.post('/people/import', async (c) => {
    const organization = await organizationOf(context, c);
    if (!organization.ok) return errorResponse(c, organization.error);
    const request = await importRequest(c);
    if (!request.ok) return errorResponse(c, request.error);

    const { csv, ...options } = request.value;
    const report = await importPeopleCsv(
      context.db,
      organization.value.id,
      csv,
      { ...options, actor: `${actorOf(c)}:${options.fileName}` },
      context.clock.now(),
    );
    context.logger.info(
      {
        organizationId: organization.value.id,
        dryRun: report.dryRun,
        applied: report.applied,
        creates: report.creates.length,
        updates: report.updates.length,
        errors: report.errors.length,
      },
      'people import',
    );

    if (report.errors.length > 0 && !report.dryRun && !report.applied) {
      return errorResponse(c, {
        code: 'unprocessable',
        message:
          `${counted(report.errors.length, 'problem')} in the file; nothing was imported. ` +
          'Fix them, or send skipInvalid to import the good rows only',
        details: report,
      });
    }
    return c.json(report, 200);
  });

  app.get('/people/import-settings', async (c) => {
    const organization = await organizationOf(context, c);
    if (!organization.ok) return errorResponse(c, organization.error);
    const settings = await loadPeopleSettings(context.db, organization.value.id);
    return c.json({ ...settings, presets: PRESETS });
  });

  app.put('/people/import-settings', async (c) => {
    const organization = await organizationOf(context, c);
    if (!organization.ok) return errorResponse(c, organization.error);
    const body = await readJson(c, settingsSchema);
    if (!body.ok) return errorResponse(c, body.error);

    const problems = settingsProblems(body.value);
    if (problems.length > 0) {
      return errorResponse(c, {
        code: 'validation_failed',
        message: `Invalid request: check ${problems.map((problem) => problem.path).join(', ')}`,
        details: { issues: problems },
      });
    }
    const { defaultTimezone, defaultCountry, defaultChannel, csvMapping } = body.value;
    const changes: Partial<PeopleSettings> = {
      ...(defaultTimezone === undefined ? {} : { defaultTimezone }),
      ...(defaultCountry === undefined
        ? {}
        : { defaultCountry: (defaultCountry?.toUpperCase() ?? null) as CountryCode | null }),
      ...(defaultChannel === undefined ? {} : { defaultChannel }),
      ...(csvMapping === undefined ? {} : { csvMapping }),
    };
    const saved = await savePeopleSettings(
      context.db,
      organization.value.id,
      changes,
      context.clock.now(),
    );
    return c.json(saved);
  });
}

type ImportRequest = PeopleImportOptions & { csv: string | Uint8Array; fileName: string };

async function importRequest(c: PeopleContext) {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    const body = await readJson(c, importBodySchema);
    return body.ok ? { ok: true as const, value: body.value as ImportRequest } : body;
  }

  const preset = c.req.query('preset');
  if (preset !== undefined && !(PRESET_NAMES as readonly string[]).includes(preset)) {
    return {
      ok: false as const,
      error: {
        code: 'validation_failed' as const,
        message: `preset must be one of ${PRESET_NAMES.join(', ')}`,
      },
    };
  }
  const value: ImportRequest = {
    csv: new Uint8Array(await c.req.arrayBuffer()),
    fileName: c.req.query('fileName') ?? 'upload.csv',
    dryRun: flag(c.req.query('dryRun')),
    skipInvalid: flag(c.req.query('skipInvalid')),
    deactivateMissing: flag(c.req.query('deactivateMissing')),
    saveMapping: flag(c.req.query('saveMapping')),
    ...(preset === undefined ? {} : { preset: preset as ImportRequest['preset'] }),
  };
  return { ok: true as const, value };
}

function settingsProblems(body: z.infer<typeof settingsSchema>) {
  const problems: { path: string; message: string }[] = [];
  if (body.defaultTimezone) {
    const zone = readTimezone(body.defaultTimezone);
    if (!zone.ok) problems.push({ path: 'body.defaultTimezone', message: zone.error });
  }
  if (body.defaultCountry) {
    const country = readCountry(body.defaultCountry);
    if (!country.ok) problems.push({ path: 'body.defaultCountry', message: country.error });
  }
  for (const [location, zone] of Object.entries(body.csvMapping?.locationTimezones ?? {})) {
    const read = readTimezone(zone);
    if (!read.ok) {
      problems.push({ path: `body.csvMapping.locationTimezones.${location}`, message: read.error });
    }
  }
  return problems;
}
