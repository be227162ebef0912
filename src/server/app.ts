/**
 * Inflow's HTTP server: the JSON API under /api/v1 (its OpenAPI 3.1 document at
 * /api/v1/openapi.json), chat provider webhooks under /webhooks, and the /health and
 * /ready probes. Every route validates its input with zod and every failure goes through the
 * one error handler, so clients always get `{ error: { code, message, details? } }`.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { engagementRoutes } from '../analytics/http/engagement-routes.ts';
import type { EngineContext } from '../app/context.ts';
import { channelRoutes, type ChannelRoutesOptions } from '../channels/http/channel-routes.ts';
import { createAuthoringRoutes } from '../authoring/http/authoring-routes.ts';
import type { LlmProvider } from '../authoring/llm/llm-provider.ts';
import { slackRoutes } from '../channels/slack/slack-routes.ts';
import { whatsappTemplateRoutes } from '../channels/whatsapp/template-routes.ts';
import { webLessonRoutes } from '../channels/web/web-lesson-routes.ts';
import { webLinkRoutes } from '../channels/web/web-link-routes.ts';
import { createPeopleRoutes } from '../people/http/people-routes.ts';
import { createScimApp } from '../people/scim/scim-app.ts';
import { ApiError } from './api-error.ts';
import { createErrorHandler, notFoundHandler } from './error-handler.ts';
import { requestLogging } from './request-logging.ts';
import { adaptiveRoutes } from '../delivery/http/adaptive-routes.ts';
import { deadLetterRoutes } from '../delivery/http/dead-letter-routes.ts';
import { deliveryRoutes } from '../delivery/http/delivery-routes.ts';
import { settingsRoutes } from '../delivery/http/settings-routes.ts';
import { createRouter } from './router.ts';
import { cohortRoutes } from './routes/cohorts.ts';
import { courseRoutes } from './routes/courses.ts';
import { enrolmentRoutes } from './routes/enrolments.ts';
import { healthRoutes } from './routes/health.ts';
import { learnerImportRoutes } from './routes/learner-import.ts';
import { learnerRoutes } from './routes/learners.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { reportRoutes } from './routes/reports.ts';
import { webhookRoutes, type WebhookOptions } from './routes/webhooks.ts';
import type { ServerEnv } from './server-env.ts';

export const API_PREFIX = '/api/v1';

/** Room for the largest source document authoring accepts (10 MiB) in a JSON string. */
const API_BODY_LIMIT = 12 * 1024 * 1024;
/** Provider webhooks carry a few messages; anything larger is not from a provider. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const API_ROUTES = [
  organizationRoutes,
  learnerRoutes,
  learnerImportRoutes,
  cohortRoutes,
  courseRoutes,
  enrolmentRoutes,
  reportRoutes,
  engagementRoutes,
  deliveryRoutes,
  deadLetterRoutes,
  settingsRoutes,
  adaptiveRoutes,
] as const;

// Limitation: the /api/v1 routes have no authentication yet; they must be kept behind the
// operator's own access control until the admin web app brings sign-in (README says so).

/**
 * Builds the application on an engine context; serve it with @hono/node-server, or call
 * `app.request()` in tests.
 *
 * @example
 * const app = createApp(runtime.context);
 * const response = await app.request('/api/v1/organizations');
 */
/** Settings of the feature routes that are parsed from configuration at start. */
export interface FeatureRouteOptions {
  /** The LLM provider for course generation; offline generation when absent. */
  llm?: LlmProvider;
  /** Key that signs web lesson links (INFLOW_LINK_SIGNING_KEY); no /learn pages without it. */
  linkSigningKey?: string;
}

export function createApp(
  context: EngineContext,
  options: WebhookOptions & ChannelRoutesOptions & FeatureRouteOptions = {},
): OpenAPIHono<ServerEnv> {
  const app = createRouter();
  app.use('*', requestId());
  app.use('*', requestLogging(context.logger));
  app.use(`${API_PREFIX}/*`, limitBody(API_BODY_LIMIT));
  app.use('/webhooks/*', limitBody(WEBHOOK_BODY_LIMIT));
  app.onError(createErrorHandler(context.logger));
  app.notFound(notFoundHandler(() => app.routes));

  app.route('/', healthRoutes(context));
  app.route('/', webhookRoutes(context, options));
  for (const routes of API_ROUTES) app.route(API_PREFIX, routes(context));
  app.route(API_PREFIX, channelRoutes(context, options));
  if (options.linkSigningKey) {
    app.route('/learn', webLessonRoutes(context, { signingKey: options.linkSigningKey }));
  }
  app.route(API_PREFIX, webLinkRoutes(context, options));
  app.route('/scim/v2/:org', createScimApp(context));
  app.route(`${API_PREFIX}/organizations/:org`, createPeopleRoutes(context));
  app.route(`${API_PREFIX}/organizations/:org`, whatsappTemplateRoutes(context));
  app.route(`${API_PREFIX}/organizations/:org`, slackRoutes(context));
  app.route(
    `${API_PREFIX}/organizations/:org`,
    createAuthoringRoutes({ db: context.db, logger: context.logger, llm: options.llm }),
  );

  app.doc31(`${API_PREFIX}/openapi.json`, {
    openapi: '3.1.0',
    info: {
      title: 'Inflow API',
      version: '1.0.0',
      description:
        'Organizations, learners, cohorts, courses, enrolments and reports of ' +
        'Inflow, the micro-learning platform delivered in chat.',
    },
  });
  return app;
}

function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(
        'payload_too_large',
        `The body is over the ${Math.floor(maxSize / 1024)} KiB limit of this endpoint`,
      );
    },
  });
}
