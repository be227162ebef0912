import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineContext } from '../../app/context.ts';
import {
  createOrganization,
  findOrganization,
  isUuid,
  listOrganizations,
  type Organization,
} from '../../organizations/organization-repository.ts';
import { ApiError } from '../api-error.ts';
import { findOrganizationOrThrow } from '../organization-scope.ts';
import { createRouter } from '../router.ts';
import {
  errorResponses,
  jsonBody,
  jsonResponse,
  OrganizationParamsSchema,
} from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

const OrganizationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string().openapi({ example: 'acme-logistics' }),
    createdAt: z.iso.datetime(),
  })
  .openapi('Organization');

const NewOrganizationSchema = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'Acme Logistics' }),
    slug: z
      .string()
      .max(63)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters and digits joined by single dashes')
      // Nested routes take an id or a slug, so a slug shaped like an id could never be found.
      .refine((slug) => !isUuid(slug), 'must not look like a UUID')
      .optional()
      .openapi({ description: 'Made from the name when absent', example: 'acme' }),
  })
  .openapi('NewOrganization');

const createOrganizationRoute = createRoute({
  method: 'post',
  path: '/organizations',
  tags: ['organizations'],
  summary: 'Create an organization',
  request: { body: jsonBody(NewOrganizationSchema) },
  responses: {
    201: jsonResponse(OrganizationSchema, 'Created'),
    ...errorResponses(400, 409),
  },
});

const listOrganizationsRoute = createRoute({
  method: 'get',
  path: '/organizations',
  tags: ['organizations'],
  summary: 'List organizations, oldest first',
  responses: { 200: jsonResponse(z.object({ items: z.array(OrganizationSchema) }), 'All') },
});

const getOrganizationRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}',
  tags: ['organizations'],
  summary: 'One organization, by id or slug',
  request: { params: OrganizationParamsSchema },
  responses: { 200: jsonResponse(OrganizationSchema, 'Found'), ...errorResponses(404) },
});

export function organizationRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter()
    .openapi(createOrganizationRoute, async (c) => {
      const input = c.req.valid('json');
      if (input.slug !== undefined && (await findOrganization(context.db, input.slug))) {
        throw new ApiError('conflict', `The slug "${input.slug}" is taken; choose another`);
      }
      const organization = await createOrganization(context.db, input);
      c.get('logger').info({ organizationId: organization.id }, 'organization created');
      return c.json(toOrganizationView(organization), 201);
    })
    .openapi(listOrganizationsRoute, async (c) => {
      const organizations = await listOrganizations(context.db);
      return c.json({ items: organizations.map(toOrganizationView) }, 200);
    })
    .openapi(getOrganizationRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      return c.json(toOrganizationView(organization), 200);
    });
}

function toOrganizationView(organization: Organization): z.infer<typeof OrganizationSchema> {
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    createdAt: organization.createdAt.toISOString(),
  };
}
