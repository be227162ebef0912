/**
 * Where chat providers deliver learner replies: `POST /webhooks/{channel}`. The body is read
 * as raw text because providers sign the exact bytes they send; parsing it first would break
 * the signature check. A rejected request changes nothing.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineContext } from '../../app/context.ts';
import type { WebhookRequest } from '../../channels/channel.ts';
import { handleInbound, type InboundOutcome } from '../../conversation/reply-service.ts';
import { ApiError } from '../api-error.ts';
import { createRouter } from '../router.ts';
import { errorResponses, jsonResponse } from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

const WebhookParamsSchema = z.object({
  channel: z.string().min(1).max(40).openapi({
    param: { name: 'channel', in: 'path' },
    description: 'Kind of a channel configured on this server',
    example: 'sms',
  }),
});

const WebhookReceiptSchema = z
  .object({ received: z.number().int(), outcomes: z.array(z.string()) })
  .openapi('WebhookReceipt');

const webhookRoute = createRoute({
  method: 'post',
  path: '/webhooks/{channel}',
  tags: ['webhooks'],
  summary: 'Inbound messages from a chat provider',
  description: 'The body is whatever the provider sends; the channel checks its signature ' +
    'and reads the learner replies in it.',
  request: {
    params: WebhookParamsSchema,
    body: { content: { '*/*': { schema: z.string() } } },
  },
  responses: {
    200: jsonResponse(WebhookReceiptSchema, 'Every reply in the body was handled'),
    ...errorResponses(400, 401, 404, 413),
  },
});

export function webhookRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter().openapi(webhookRoute, async (c) => {
    const kind = c.req.valid('param').channel;
    const channel = context.channels.get(kind);
    if (!channel) {
      const configured = [...context.channels.keys()].join(', ') || 'none';
      throw new ApiError('not_found',
        `No channel "${kind}" is configured on this server (configured: ${configured})`);
    }

    // Limitation: the URL is the one this process sees; behind a proxy, schemes that sign the
    // public URL (Twilio) need it configured.
    const request: WebhookRequest = {
      url: c.req.url,
      method: c.req.method,
      headers: Object.fromEntries(c.req.raw.headers),
      rawBody: await c.req.text(),
    };
    const log = c.get('logger').child({ channel: kind });

    const verified = channel.verifyWebhook(request, context.clock.now());
    if (!verified.ok) {
      log.warn({ reason: verified.error }, 'webhook signature rejected');
      throw new ApiError('unauthorized', 'The webhook signature could not be verified');
    }
    const parsed = channel.parseInbound(request);
    if (!parsed.ok) {
      log.warn({ reason: parsed.error }, 'webhook body rejected');
      throw new ApiError('webhook_rejected', parsed.error);
    }

    // One at a time: replies from one learner must be graded in the order they were sent.
    const outcomes: InboundOutcome[] = [];
    for (const message of parsed.value) outcomes.push(await handleInbound(context, message));
    log.info({ received: outcomes.length, outcomes }, 'webhook handled');
    return c.json({ received: outcomes.length, outcomes }, 200);
  });
}
