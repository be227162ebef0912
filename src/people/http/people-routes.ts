/**
 * The people REST routes as one Hono sub-app, to be mounted under an organization:
 *
 * @example app.route('/api/v1/organizations/:org', createPeopleRoutes(context));
 *
 * `:org` is the organization's slug or id. Every route lives under `/people/...`; errors
 * have the API's shape `{ error: { code, message, details? } }`. An authentication
 * middleware in front may set the `actor` variable (e.g. "admin:ana@acme.example") for the
 * audit trail; without it the actor is "api".
 */
import { Hono } from 'hono';
import type { EngineContext } from '../../app/context.ts';
import { rotateScimToken, scimBaseUrl } from '../scim/scim-tokens.ts';
import { registerCohortRoutes } from './cohort-routes.ts';
import { registerImportRoutes } from './import-routes.ts';
import { registerLearnerRoutes } from './learner-routes.ts';
import { errorResponse, organizationOf, type PeopleEnv } from './people-http.ts';

export function createPeopleRoutes(context: EngineContext): Hono<PeopleEnv> {
  const app = new Hono<PeopleEnv>();

  registerImportRoutes(app, context);
  registerCohortRoutes(app, context);
  registerLearnerRoutes(app, context);

  /** Creates or rotates the SCIM token; the answer is the only time it is shown. */
  app.post('/people/scim-token', async (c) => {
    const organization = await organizationOf(context, c);
    if (!organization.ok) return errorResponse(c, organization.error);

    const token = await rotateScimToken(context.db, organization.value.id, context.clock.now());
    const origin = new URL(c.req.url).origin;
    context.logger.info({ organizationId: organization.value.id }, 'scim token rotated');
    return c.json({ token, scimBaseUrl: scimBaseUrl(origin, organization.value.slug) }, 201);
  });

  return app;
}
