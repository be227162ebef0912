/**
 * The WhatsApp template registry of an organization over HTTP. Mount it under the
 * organization's path:
 *
 * @example
 * app.route('/api/v1/organizations/:org', whatsappTemplateRoutes(context));
 * // GET    /api/v1/organizations/acme/whatsapp/templates
 * // PUT    /api/v1/organizations/acme/whatsapp/templates/lesson_ready/en_US
 * // DELETE /api/v1/organizations/acme/whatsapp/templates/lesson_ready/en_US
 *
 * Templates are written and approved in WhatsApp Manager; the registry only tells Inflow
 * which to use and how to fill their parameters.
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
import {
  deleteTemplate,
  listTemplates,
  saveTemplate,
  TemplateInputSchema,
  TemplateLanguageSchema,
  TemplateNameSchema,
  TemplateParameterSchema,
  TEMPLATE_CATEGORIES,
  TEMPLATE_PURPOSES,
  type MessageTemplate,
} from './template-registry.ts';

const TemplateParamsSchema = OrganizationParamsSchema.extend({
  name: TemplateNameSchema.openapi({
    param: { name: 'name', in: 'path' },
    description: 'Template name as approved in WhatsApp Manager',
    example: 'lesson_ready',
  }),
  language: TemplateLanguageSchema.openapi({
    param: { name: 'language', in: 'path' },
    description: 'Template language code',
    example: 'en_US',
  }),
});

const TemplateBodySchema = TemplateInputSchema.openapi('WhatsAppTemplateInput', {
  description:
    'How Inflow uses an approved template: re_engagement templates go out in place of a ' +
    "message when the learner's 24-hour window is closed; bodyParameters fill {{1}}, " +
    '{{2}}... in order; quick-reply buttons bring the held lesson when tapped.',
  example: {
    purpose: 're_engagement',
    category: 'utility',
    bodyParameters: [{ source: 'learner_first_name' }, { source: 'message_preview' }],
    quickReplyButtons: 1,
  },
});

const TemplateSchema = z
  .object({
    name: z.string(),
    language: z.string(),
    purpose: z.enum(TEMPLATE_PURPOSES),
    category: z.enum(TEMPLATE_CATEGORIES),
    bodyParameters: z.array(TemplateParameterSchema),
    quickReplyButtons: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('WhatsAppTemplate');

const listRoute = createRoute({
  method: 'get',
  path: '/whatsapp/templates',
  tags: ['whatsapp'],
  summary: "The organization's registered WhatsApp templates, by name and language",
  request: { params: OrganizationParamsSchema },
  responses: {
    200: jsonResponse(z.object({ items: z.array(TemplateSchema) }), 'All templates'),
    ...errorResponses(404),
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/whatsapp/templates/{name}/{language}',
  tags: ['whatsapp'],
  summary: 'Register a template, or replace how Inflow uses it',
  request: { params: TemplateParamsSchema, body: jsonBody(TemplateBodySchema) },
  responses: {
    200: jsonResponse(TemplateSchema, 'Replaced'),
    201: jsonResponse(TemplateSchema, 'Registered'),
    ...errorResponses(400, 404),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/whatsapp/templates/{name}/{language}',
  tags: ['whatsapp'],
  summary: 'Remove a template from the registry (it stays approved at Meta)',
  request: { params: TemplateParamsSchema },
  responses: { 204: { description: 'Removed' }, ...errorResponses(400, 404) },
});

export function whatsappTemplateRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const templates = await listTemplates(context.db, organization.id);
      return c.json({ items: templates.map(templateBody) }, 200);
    })
    .openapi(putRoute, async (c) => {
      const { org, name, language } = c.req.valid('param');
      const organization = await findOrganizationOrThrow(context, org);
      const saved = await saveTemplate(
        context.db,
        organization.id,
        { name, language, ...c.req.valid('json') },
        context.clock.now(),
      );
      return c.json(templateBody(saved.template), saved.created ? 201 : 200);
    })
    .openapi(deleteRoute, async (c) => {
      const { org, name, language } = c.req.valid('param');
      const organization = await findOrganizationOrThrow(context, org);
      if (!(await deleteTemplate(context.db, organization.id, name, language))) {
        throw new ApiError('not_found', `No WhatsApp template ${name} (${language}) is registered`);
      }
      return c.body(null, 204);
    });
}

function templateBody(template: MessageTemplate) {
  return {
    name: template.name,
    language: template.language,
    purpose: template.purpose,
    category: template.category,
    bodyParameters: template.bodyParameters,
    quickReplyButtons: template.quickReplyButtons,
    createdAt: template.createdAt.toISOString(),
    updatedAt: template.updatedAt.toISOString(),
  };
}
