/**
 * An organization's delivery settings over HTTP, mounted under /api/v1: read them with the
 * defaults filled in, replace them all (PUT), or change some (PATCH). A value that breaks a
 * rule is a 400 whose details.issues name each field ("body.quietHours.start").
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { EngineContext } from '../../app/context.ts';
import { CHANNEL_KINDS } from '../../people/learner.ts';
import { ApiError } from '../../server/api-error.ts';
import { findOrganizationOrThrow } from '../../server/organization-scope.ts';
import { createRouter } from '../../server/router.ts';
import {
  errorResponses,
  jsonBody,
  jsonResponse,
  OrganizationParamsSchema,
} from '../../server/schemas.ts';
import type { ServerEnv } from '../../server/server-env.ts';
import {
  loadDeliverySettings,
  replaceDeliverySettings,
  type DeliverySettings,
} from '../delivery-settings.ts';
import { dispatcherFor } from '../dispatch/dispatcher.ts';
import { isCalendarDay } from '../schedule/calendar-day.ts';

const WallTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour local time "HH:MM", such as "21:00"');

const wholeNumber = (least: number, most: number) => z.number().int().min(least).max(most);

/**
 * The settings as a client sends and receives them. The upper bounds keep values meaningful
 * (a send window over a day would run into the next day's slot; reminders stop 30 days after
 * their question) and inside a PostgreSQL integer.
 */
export const DeliverySettingsSchema = z
  .object({
    quietHours: z
      .object({ start: WallTimeSchema, end: WallTimeSchema })
      .strict()
      .refine((hours) => hours.start !== hours.end, {
        message: 'start and end are the same time; give null for no quiet hours',
      })
      .nullable()
      .openapi({
        description: 'Local hours with no lesson, review or reminder; may span midnight',
        example: { start: '21:00', end: '07:00' },
      }),
    sendWindowMinutes: wholeNumber(1, 1440).openapi({
      description: 'How long after its slot a lesson or review may still go',
    }),
    maxSendsPerMinute: wholeNumber(1, 1_000_000)
      .nullable()
      .openapi({ description: "The organization's rate limit over all channels; null: none" }),
    reminderCount: wholeNumber(0, 10),
    reminderIntervalHours: wholeNumber(1, 720),
    dailyReviewCap: wholeNumber(0, 100),
    maxLessonsPerDay: wholeNumber(1, 100),
    fallbackChannels: z
      .array(z.enum(CHANNEL_KINDS))
      .refine((kinds) => new Set(kinds).size === kinds.length, 'list each channel once')
      .openapi({ description: 'Channels to try, in order, when a message cannot go' }),
    sendTimeOptimization: z.boolean(),
    holidays: z
      .array(
        z.string().refine(isCalendarDay, 'a local date "YYYY-MM-DD" that exists, e.g. 2026-12-25'),
      )
      .max(1000)
      .openapi({ description: 'Local dates with no sends', example: ['2026-12-25'] }),
  })
  .strict()
  .openapi('DeliverySettings');

/** What is stored, as it is: a channel kind this version does not know is shown too. */
const SettingsInForceSchema = DeliverySettingsSchema.extend({
  fallbackChannels: z.array(z.string()),
}).openapi('DeliverySettingsInForce');

const DeliverySettingsPatchSchema = DeliverySettingsSchema.partial()
  .strict()
  .openapi('DeliverySettingsPatch');

const path = '/organizations/{org}/delivery/settings';

const getRoute = createRoute({
  method: 'get',
  path,
  tags: ['delivery'],
  summary: "The organization's delivery settings, defaults filled in",
  request: { params: OrganizationParamsSchema },
  responses: {
    200: jsonResponse(SettingsInForceSchema, 'The settings in force'),
    ...errorResponses(400, 404),
  },
});

const putRoute = createRoute({
  method: 'put',
  path,
  tags: ['delivery'],
  summary: 'Replace all delivery settings and the holiday list',
  description: 'Every field is required; a worker may take up to a minute to apply a change.',
  request: { params: OrganizationParamsSchema, body: jsonBody(DeliverySettingsSchema) },
  responses: {
    200: jsonResponse(SettingsInForceSchema, 'The settings now in force'),
    ...errorResponses(400, 404, 422),
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path,
  tags: ['delivery'],
  summary: 'Change some delivery settings; a field given replaces it whole',
  description: '`holidays`, when given, replaces the whole holiday list.',
  request: { params: OrganizationParamsSchema, body: jsonBody(DeliverySettingsPatchSchema) },
  responses: {
    200: jsonResponse(SettingsInForceSchema, 'The settings now in force'),
    ...errorResponses(400, 404, 422),
  },
});

export function settingsRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter()
    .openapi(getRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      return c.json(await loadDeliverySettings(context.db, organization.id), 200);
    })
    .openapi(putRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const settings = await saveOrRefuse(context, organization.id, c.req.valid('json'));
      return c.json(settings, 200);
    })
    .openapi(patchRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const current = await loadDeliverySettings(context.db, organization.id);
      const changes = c.req.valid('json');
      const settings = await saveOrRefuse(context, organization.id, { ...current, ...changes });
      return c.json(settings, 200);
    });
}

async function saveOrRefuse(
  context: EngineContext,
  organizationId: string,
  settings: DeliverySettings,
): Promise<DeliverySettings> {
  const saved = await replaceDeliverySettings(context.db, organizationId, settings);
  // The schema checks more than the engine does, so this is only a safety net.
  if (!saved.ok) throw new ApiError('unprocessable', saved.error.join('; '));

  // This process sees the change at once; other workers within their cache's minute.
  dispatcherFor(context).settings.forget(organizationId);
  return loadDeliverySettings(context.db, organizationId);
}
