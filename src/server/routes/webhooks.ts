/**
 * Where chat providers call: `/webhooks/{channel}/{org}`, POST for replies and status
 * callbacks, GET for the verification handshakes some providers make (WhatsApp). The body is
 * read as raw text because providers sign the exact bytes they send.
 *
 * The route only checks and records: the events go onto the job queue and the provider gets
 * its answer at once (Slack wants one within three seconds); the worker applies them. A
 * rejected request changes nothing. Credentials this server cannot read (no or another
 * INFLOW_CREDENTIALS_KEY) make a 503 in the error handler, for every channel alike.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { EngineContext } from '../../app/context.ts';
import type { WebhookRequest } from '../../channels/channel.ts';
import { serializeEvents } from '../../channels/channel-event-schema.ts';
import { ApiError } from '../api-error.ts';
import { findOrganizationOrThrow } from '../organization-scope.ts';
import { createRouter } from '../router.ts';
import { errorResponses } from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

const WebhookParamsSchema = z.object({
  channel: z.string().min(1).max(40).openapi({
    param: { name: 'channel', in: 'path' },
    description: 'Kind of channel: sms, whatsapp, slack, teams, email, web, simulator',
    example: 'sms',
  }),
  org: z.string().min(1).max(100).openapi({
    param: { name: 'org', in: 'path' },
    description: 'Id or slug of the organization whose channel this is',
    example: 'acme',
  }),
});

const description =
  'Whatever the provider sends: the channel checks its signature, answers handshakes, ' +
  'and queues the replies and status callbacks it carries.';

const providerAnswer = {
  description: 'The answer the provider expects (empty, a challenge echo, TwiML...)',
  content: { 'text/plain': { schema: z.string() } },
};

const postRoute = createRoute({
  method: 'post',
  path: '/webhooks/{channel}/{org}',
  tags: ['webhooks'],
  summary: 'Replies and status callbacks from a chat provider',
  description,
  request: { params: WebhookParamsSchema, body: { content: { '*/*': { schema: z.string() } } } },
  responses: { 200: providerAnswer, ...errorResponses(400, 401, 403, 404, 405, 413, 503) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/webhooks/{channel}/{org}',
  tags: ['webhooks'],
  summary: 'Verification handshake of a chat provider',
  description,
  request: { params: WebhookParamsSchema },
  responses: { 200: providerAnswer, ...errorResponses(400, 403, 404, 405, 503) },
});

export interface WebhookOptions {
  /**
   * The public address providers call, e.g. https://inflow.example.com, when this process
   * sits behind a proxy: some providers (Twilio) sign the URL they called.
   */
  publicBaseUrl?: string;
}

export function webhookRoutes(
  context: EngineContext,
  options: WebhookOptions = {},
): OpenAPIHono<ServerEnv> {
  const handle = async (c: Context<ServerEnv>): Promise<Response> => {
    const { channel: kind, org } = WebhookParamsSchema.parse(c.req.param());
    const organization = await findOrganizationOrThrow(context, org);
    const channel = await context.channels.forOrganization(organization.id, kind);
    if (!channel) {
      const kinds = context.channels.kinds().join(', ') || 'none';
      throw new ApiError(
        'not_found',
        `No channel "${kind}" is configured for this organization (kinds known: ${kinds})`,
      );
    }

    const request: WebhookRequest = {
      url: publicUrl(c.req.url, options.publicBaseUrl),
      method: c.req.method,
      headers: Object.fromEntries(c.req.raw.headers),
      rawBody: c.req.method === 'GET' ? '' : await c.req.text(),
    };
    const log = c.get('logger').child({ channel: kind, organizationId: organization.id });

    const result = await channel.receiveWebhook(request, context.clock.now());
    if (!result.ok) {
      const { status, reason } = result.error;
      log.warn({ status, reason }, 'webhook rejected');
      const code = status === 401 ? 'unauthorized' : 'webhook_rejected';
      return c.json({ error: { code, message: reason } }, status);
    }

    const { events, response } = result.value;
    if (events.length > 0) {
      await context.jobs.send('channelEvents', {
        organizationId: organization.id,
        channel: kind,
        events: serializeEvents(events),
      });
    }
    log.info({ events: events.length }, 'webhook accepted');
    return c.body(response.body, response.status as 200, {
      'content-type': response.contentType,
    });
  };

  // One handler for both methods; its answers are the provider's, not typed JSON, so the
  // routes only describe them for the OpenAPI document.
  return createRouter()
    .openapi(postRoute, ((c: Context<ServerEnv>) => handle(c)) as never)
    .openapi(getRoute, ((c: Context<ServerEnv>) => handle(c)) as never);
}

/** The URL as the provider called it: the public base replaces this process's own origin. */
function publicUrl(requestUrl: string, publicBaseUrl: string | undefined): string {
  if (!publicBaseUrl) return requestUrl;
  const url = new URL(requestUrl);
  return `${publicBaseUrl.replace(/\/+$/, '')}${url.pathname}${url.search}`;
}
