/**
 * The SCIM 2.0 service provider as a Hono sub-app, one per server, serving every
 * organization under its own path and bearer token. Mount it at `/scim/v2/:org`:
 *
 * @example app.route('/scim/v2/:org', createScimApp(context));
 *
 * `:org` is the organization's slug or id. Responses are `application/scim+json`; failures
 * have the SCIM error body (RFC 7644 §3.12). Endpoint names also answer in lower case, as
 * some clients send them.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { EngineContext } from '../../app/context.ts';
import { findOrganization } from '../../organizations/organization-repository.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import {
  resourceTypes,
  schemaResourceById,
  schemaResources,
  serviceProviderConfig,
} from './scim-discovery.ts';
import { badRequest, notFound, scimErrorBody, type ScimError } from './scim-errors.ts';
import {
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  patchGroup,
  replaceGroup,
} from './scim-groups.ts';
import type { ListQuery } from './scim-list.ts';
import { SCHEMA } from './scim-schema.ts';
import { verifyScimToken } from './scim-tokens.ts';
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  patchUser,
  replaceUser,
  type ScimScope,
} from './scim-users.ts';

interface ScimEnv {
  Variables: { organizationId: string };
}

type ScimContext = Context<ScimEnv>;

const CONTENT_TYPE = 'application/scim+json; charset=utf-8';
const MAX_BODY_BYTES = 1_000_000;
const ENDPOINTS = /\/(Users|Groups|Schemas|ResourceTypes|ServiceProviderConfig|Bulk|Me)(\/.*)?$/i;

export function createScimApp(context: EngineContext): Hono<ScimEnv> {
  const app = new Hono<ScimEnv>();
  const logger = context.logger.child({ component: 'scim' });
  const both = (path: string): string[] => [path, path.toLowerCase()];

  app.use('*', async (c, next) => {
    const organizationId = await authenticate(context, c);
    if (organizationId === undefined) {
      return send(
        c,
        401,
        scimErrorBody({ status: 401, detail: 'a valid bearer token is required' }),
        {
          'WWW-Authenticate': 'Bearer realm="Inflow SCIM"',
        },
      );
    }
    c.set('organizationId', organizationId);
    await next();
    // Ids and status only: bodies, filters and error details may quote personal data.
    logger.info(
      {
        organizationId,
        method: c.req.method,
        endpoint: endpointOf(c.req.path),
        status: c.res.status,
      },
      'scim request',
    );
  });

  app.on('GET', both('/ServiceProviderConfig'), (c) =>
    send(c, 200, serviceProviderConfig(baseUrl(c))),
  );
  app.on('GET', both('/ResourceTypes'), (c) => send(c, 200, listOf(resourceTypes(baseUrl(c)))));
  app.on('GET', both('/ResourceTypes/:id'), (c) => {
    const found = resourceTypes(baseUrl(c)).find(
      (type) => String(type.id).toLowerCase() === idOf(c).toLowerCase(),
    );
    return found ? send(c, 200, found) : failure(c, notFound('no such resource type'));
  });
  app.on('GET', both('/Schemas'), (c) => send(c, 200, listOf(schemaResources(baseUrl(c)))));
  app.on('GET', both('/Schemas/:id'), (c) => {
    const found = schemaResourceById(baseUrl(c), idOf(c));
    return found ? send(c, 200, found) : failure(c, notFound('no such schema'));
  });

  app.on('GET', both('/Users'), async (c) => respond(c, await listUsers(scope(c), query(c))));
  app.on('POST', both('/Users'), async (c) =>
    withBody(c, async (body) => created(c, await createUser(scope(c), body))),
  );
  app.on('GET', both('/Users/:id'), async (c) =>
    respond(c, await getUser(scope(c), idOf(c), query(c))),
  );
  app.on('PUT', both('/Users/:id'), async (c) =>
    withBody(c, async (body) => respond(c, await replaceUser(scope(c), idOf(c), body))),
  );
  app.on('PATCH', both('/Users/:id'), async (c) =>
    withBody(c, async (body) => respond(c, await patchUser(scope(c), idOf(c), body))),
  );
  app.on('DELETE', both('/Users/:id'), async (c) =>
    noContent(c, await deleteUser(scope(c), idOf(c))),
  );

  app.on('GET', both('/Groups'), async (c) => respond(c, await listGroups(scope(c), query(c))));
  app.on('POST', both('/Groups'), async (c) =>
    withBody(c, async (body) => created(c, await createGroup(scope(c), body))),
  );
  app.on('GET', both('/Groups/:id'), async (c) =>
    respond(c, await getGroup(scope(c), idOf(c), query(c))),
  );
  app.on('PUT', both('/Groups/:id'), async (c) =>
    withBody(c, async (body) => respond(c, await replaceGroup(scope(c), idOf(c), body))),
  );
  // Entra ID asks for 204 after a group PATCH: member lists can be long.
  app.on('PATCH', both('/Groups/:id'), async (c) =>
    withBody(c, async (body) => {
      const result = await patchGroup(scope(c), idOf(c), body);
      const wantsBody = c.req.query('attributes') !== undefined;
      return result.ok && !wantsBody ? c.body(null, 204) : respond(c, result);
    }),
  );
  app.on('DELETE', both('/Groups/:id'), async (c) =>
    noContent(c, await deleteGroup(scope(c), idOf(c))),
  );

  app.all('*', (c) =>
    failure(c, {
      status: ENDPOINTS.test(c.req.path) ? 501 : 404,
      detail:
        `${c.req.method} ${c.req.path.replace(/^.*?\/scim\/v2\/[^/]+/, '')} is not ` +
        'supported; see /ServiceProviderConfig',
    }),
  );
  app.onError((error, c) => {
    logger.error({ err: { type: error.name, message: error.message } }, 'scim request failed');
    return failure(c, { status: 500, detail: 'the request failed on our side; try again' });
  });

  return app;

  function scope(c: ScimContext): ScimScope {
    return {
      db: context.db,
      organizationId: c.get('organizationId'),
      baseUrl: baseUrl(c),
      now: context.clock.now(),
    };
  }
}

const idOf = (c: ScimContext): string => c.req.param('id') ?? '';

/** "/scim/v2/acme/Users/7d0c..." is "Users/:id". */
function endpointOf(path: string): string {
  const match = ENDPOINTS.exec(path);
  if (match === null) return 'unknown';
  return match[2] !== undefined && match[2] !== '/' ? `${match[1]}/:id` : (match[1] as string);
}

async function authenticate(context: EngineContext, c: ScimContext): Promise<string | undefined> {
  // Some clients put the bare token in the header, without the "Bearer" scheme.
  const match = /^(?:Bearer\s+)?(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  const slugOrId = c.req.param('org');
  if (match === null || slugOrId === undefined) return undefined;

  const organization = await findOrganization(context.db, slugOrId);
  if (organization === undefined) return undefined;
  const valid = await verifyScimToken(
    context.db,
    organization.id,
    match[1] as string,
    context.clock.now(),
  );
  return valid ? organization.id : undefined;
}

/** The SCIM base URL as the client called it, e.g. https://inflow.example/scim/v2/acme. */
function baseUrl(c: ScimContext): string {
  const url = new URL(c.req.url);
  return url.origin + url.pathname.replace(ENDPOINTS, '').replace(/\/+$/, '');
}

function query(c: ScimContext): ListQuery {
  const read = (name: string) => c.req.query(name);
  return {
    filter: read('filter'),
    startIndex: read('startIndex'),
    count: read('count'),
    attributes: read('attributes'),
    excludedAttributes: read('excludedAttributes'),
  };
}

async function withBody(
  c: ScimContext,
  handle: (body: unknown) => Promise<Response>,
): Promise<Response> {
  const body = await readBody(c);
  return body.ok ? handle(body.value) : failure(c, body.error);
}

async function readBody(c: ScimContext): Promise<Result<unknown, ScimError>> {
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    return err({ status: 413, detail: `the body is larger than ${MAX_BODY_BYTES} bytes` });
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err(badRequest('invalidSyntax', 'the body is not valid JSON'));
  }
}

function respond(c: ScimContext, result: Result<Record<string, unknown>, ScimError>) {
  return result.ok ? send(c, 200, result.value) : failure(c, result.error);
}

function created(c: ScimContext, result: Result<Record<string, unknown>, ScimError>) {
  if (!result.ok) return failure(c, result.error);
  const meta = result.value.meta as { location?: string } | undefined;
  return send(c, 201, result.value, meta?.location ? { Location: meta.location } : {});
}

function noContent(c: ScimContext, result: Result<true, ScimError>) {
  return result.ok ? c.body(null, 204) : failure(c, result.error);
}

function failure(c: ScimContext, error: ScimError): Response {
  return send(c, error.status, scimErrorBody(error));
}

function send(
  c: ScimContext,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    'Content-Type': CONTENT_TYPE,
    ...headers,
  });
}

function listOf(resources: Record<string, unknown>[]): Record<string, unknown> {
  return {
    schemas: [SCHEMA.listResponse],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
