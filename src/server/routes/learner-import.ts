/**
 * Roster upload: the CSV an HR system exports, sent as the raw body. The import is all or
 * nothing, so a file with any bad row stores no one and the answer lists every problem.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineContext } from '../../app/context.ts';
import type { RosterCsvOptions } from '../../people/roster-csv.ts';
import { importRosterCsv } from '../../people/roster-import.ts';
import { readCountry, readTimezone } from '../../people/roster-fields.ts';
import { ApiError, invalidFields, type FieldIssue } from '../api-error.ts';
import { findOrganizationOrThrow } from '../organization-scope.ts';
import { createRouter } from '../router.ts';
import {
  ErrorBodySchema,
  errorResponses,
  jsonResponse,
  OrganizationParamsSchema,
} from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

const ImportQuerySchema = z.object({
  defaultTimezone: z.string().trim().min(1).max(64).optional().openapi({
    param: { name: 'defaultTimezone', in: 'query' },
    description: 'IANA zone for rows whose timezone is blank',
    example: 'America/Chicago',
  }),
  defaultCountry: z.string().trim().length(2).optional().openapi({
    param: { name: 'defaultCountry', in: 'query' },
    description: 'Country for phone numbers written without "+"',
    example: 'US',
  }),
});

const ImportSummarySchema = z
  .object({ created: z.number().int(), updated: z.number().int() })
  .openapi('RosterImportSummary');

const RosterRejectedSchema = ErrorBodySchema.extend({
  rows: z.array(z.object({
    line: z.number().int(),
    column: z.string().nullable(),
    value: z.string().nullable(),
    reason: z.string(),
    kind: z.string(),
  })),
}).openapi('RosterRejected');

const importRosterRoute = createRoute({
  method: 'post',
  path: '/organizations/{org}/learners/import',
  tags: ['learners'],
  summary: 'Import a roster CSV, all or nothing',
  description: 'People are matched by employee id, else by email, and updated; the others ' +
    'are created. The header needs a name and an email column.',
  request: {
    params: OrganizationParamsSchema,
    query: ImportQuerySchema,
    body: { required: true, content: { 'text/csv': { schema: z.string() } } },
  },
  responses: {
    200: jsonResponse(ImportSummarySchema, 'Imported'),
    422: jsonResponse(RosterRejectedSchema, 'Nothing imported; rows lists every problem'),
    ...errorResponses(400, 404, 413, 415),
  },
});

export function learnerImportRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter().openapi(importRosterRoute, async (c) => {
    const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
    const options = readImportOptions(c.req.valid('query'));
    if (!isCsv(c.req.header('content-type'))) {
      throw new ApiError('unsupported_media_type',
        'Send the roster file itself as the body, with Content-Type: text/csv');
    }

    const csvText = await c.req.text();
    const imported = await importRosterCsv(context.db, organization.id, csvText,
      context.clock.now(), options);
    if (!imported.ok) {
      const rows = imported.error.map(({ line, column, value, reason, kind }) =>
        ({ line, column, value, reason, kind }));
      throw new ApiError('unprocessable',
        `Nothing was imported: the roster has ${rows.length} problem(s); ` +
        'fix every row listed in "rows" and send the whole file again', undefined, { rows });
    }

    const { created, updated } = imported.value;
    c.get('logger').info({ organizationId: organization.id, created, updated },
      'roster imported');
    return c.json({ created, updated }, 200);
  });
}

/** The import's defaults, checked here: the importer treats a bad default as a bug. */
function readImportOptions(query: z.infer<typeof ImportQuerySchema>): RosterCsvOptions {
  const issues: FieldIssue[] = [];
  const options: RosterCsvOptions = {};

  if (query.defaultTimezone !== undefined) {
    const zone = readTimezone(query.defaultTimezone);
    if (zone.ok) options.defaultTimezone = zone.value;
    else issues.push({ path: 'query.defaultTimezone', message: zone.error });
  }
  if (query.defaultCountry !== undefined) {
    const code = readCountry(query.defaultCountry);
    if (code.ok) options.defaultCountry = code.value;
    else issues.push({ path: 'query.defaultCountry', message: code.error });
  }

  if (issues.length > 0) throw invalidFields(issues);
  return options;
}

function isCsv(contentType: string | undefined): boolean {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase();
  return essence === 'text/csv';
}
