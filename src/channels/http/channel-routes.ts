/**
 * Channel credentials of an organization over HTTP, under /api/v1/organizations/{org}:
 * list, read, replace, delete and check. Secrets go in and never come out: answers name the
 * secret fields that are set, never their values.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineContext } from '../../app/context.ts';
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
import { checkChannelCredentials } from '../credentials/check-channel-credentials.ts';
import type { ChannelCredentialsSummary } from '../credentials/channel-credential-store.ts';
import { createChannelSetup, type ChannelSetupOptions } from '../credentials/channel-setup.ts';
import { CredentialsKeyMissingError } from '../credentials/credentials-key.ts';

export type ChannelRoutesOptions = Omit<ChannelSetupOptions, 'lessonLink'>;

const ChannelParamsSchema = OrganizationParamsSchema.extend({
  channel: z
    .string()
    .min(1)
    .max(40)
    .openapi({
      param: { name: 'channel', in: 'path' },
      description: 'Kind of channel whose provider credentials these are',
      example: 'sms',
    }),
});

const SummarySchema = z
  .object({
    channel: z.string().openapi({ example: 'sms' }),
    settings: z.record(z.string(), z.unknown()).openapi({
      example: { accountSid: 'AC0123456789abcdef0123456789abcdef', from: '+14155550100' },
    }),
    secretFields: z.array(z.string()).openapi({
      description: 'Secret fields that are set; their values are never returned',
      example: ['authToken'],
    }),
    revision: z.number().int(),
    updatedAt: z.iso.datetime(),
    lastCheck: z.object({ at: z.iso.datetime(), ok: z.boolean(), message: z.string() }).nullable(),
  })
  .openapi('ChannelCredentials');

const CheckSchema = z
  .object({ channel: z.string(), ok: z.boolean(), message: z.string() })
  .openapi('ChannelCheck');

const CredentialsBodySchema = z.record(z.string(), z.unknown()).openapi('ChannelCredentialsInput', {
  description:
    "The provider's credentials; for sms: accountSid, authToken, from or " +
    'messagingServiceSid, and optionally maxSegments and smartEncoding',
});

const tags = ['channels'];

const listRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/channels',
  tags,
  summary: 'Channels with stored credentials, and the kinds that take credentials',
  request: { params: OrganizationParamsSchema },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(SummarySchema), kinds: z.array(z.string()) }),
      'All',
    ),
    ...errorResponses(404),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/channels/{channel}',
  tags,
  summary: "One channel's credentials, without secrets",
  request: { params: ChannelParamsSchema },
  responses: { 200: jsonResponse(SummarySchema, 'Found'), ...errorResponses(404) },
});

const putRoute = createRoute({
  method: 'put',
  path: '/organizations/{org}/channels/{channel}',
  tags,
  summary: "Store a channel's credentials (replacing any), encrypted at rest",
  request: { params: ChannelParamsSchema, body: jsonBody(CredentialsBodySchema) },
  responses: { 200: jsonResponse(SummarySchema, 'Stored'), ...errorResponses(400, 404, 503) },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/organizations/{org}/channels/{channel}',
  tags,
  summary: "Delete a channel's credentials",
  request: { params: ChannelParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

const checkRoute = createRoute({
  method: 'post',
  path: '/organizations/{org}/channels/{channel}/check',
  tags,
  summary: 'Check the credentials with the provider, without sending a lesson',
  request: { params: ChannelParamsSchema },
  responses: { 200: jsonResponse(CheckSchema, 'Checked'), ...errorResponses(404, 503) },
});

/**
 * @example app.route('/api/v1', channelRoutes(context, { credentialsKey }))
 *   // PUT /api/v1/organizations/acme/channels/sms { "accountSid": "AC...", ... }
 */
export function channelRoutes(
  context: EngineContext,
  options: ChannelRoutesOptions = {},
): OpenAPIHono<ServerEnv> {
  const { store, registry } = createChannelSetup(context, options);
  const notFound = (channel: string) =>
    new ApiError('not_found', `This organization has no ${channel} credentials; PUT them first`);

  return createRouter()
    .openapi(listRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const items = (await store.list(organization.id)).map(present);
      return c.json({ items, kinds: store.kinds() }, 200);
    })
    .openapi(getRoute, async (c) => {
      const { org, channel } = c.req.valid('param');
      const organization = await findOrganizationOrThrow(context, org);
      const summary = await store.summary(organization.id, channel);
      if (!summary) throw notFound(channel);
      return c.json(present(summary), 200);
    })
    .openapi(putRoute, async (c) => {
      const { org, channel } = c.req.valid('param');
      const organization = await findOrganizationOrThrow(context, org);
      const saved = await withKey(() =>
        store.save(organization.id, channel, c.req.valid('json'), context.clock.now()),
      );
      if (!saved.ok) {
        if (saved.error.kind === 'unknown_channel')
          throw new ApiError('not_found', saved.error.message);
        throw new ApiError('validation_failed', saved.error.message, {
          issues: saved.error.issues.map((issue) => ({ ...issue, path: `body.${issue.path}` })),
        });
      }
      c.get('logger').info(
        { organizationId: organization.id, channel },
        'channel credentials saved',
      );
      return c.json(present(saved.value), 200);
    })
    .openapi(deleteRoute, async (c) => {
      const { org, channel } = c.req.valid('param');
      const organization = await findOrganizationOrThrow(context, org);
      if (!(await store.remove(organization.id, channel))) throw notFound(channel);
      return c.body(null, 204);
    })
    .openapi(checkRoute, async (c) => {
      const { org, channel } = c.req.valid('param');
      const organization = await findOrganizationOrThrow(context, org);
      const [check] = await withKey(() =>
        checkChannelCredentials(store, registry, organization.id, context.clock.now(), channel),
      );
      if (!check) throw notFound(channel);
      const { result } = check;
      return c.json(
        { channel, ok: result.ok, message: result.ok ? result.value : result.error },
        200,
      );
    });
}

/** A server without INFLOW_CREDENTIALS_KEY answers 503 with what to set. */
async function withKey<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CredentialsKeyMissingError) throw new ApiError('not_ready', error.message);
    throw error;
  }
}

function present(summary: ChannelCredentialsSummary) {
  return {
    ...summary,
    updatedAt: summary.updatedAt.toISOString(),
    lastCheck: summary.lastCheck && {
      ...summary.lastCheck,
      at: summary.lastCheck.at.toISOString(),
    },
  };
}
