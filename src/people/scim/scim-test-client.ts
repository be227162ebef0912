/**
 * For tests: the SCIM app mounted as the lead's server mounts it, called in-process the way
 * an identity provider calls it, with fixture bodies whose `{{name}}` placeholders are filled.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { Runtime } from '../../app/runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { createScimApp } from './scim-app.ts';
import { rotateScimToken } from './scim-tokens.ts';

export interface ScimReply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export interface ScimTestClient {
  organizationId: string;
  slug: string;
  token: string;
  call(method: string, path: string, body?: unknown, token?: string): Promise<ScimReply>;
}

export async function scimTestClient(runtime: Runtime, slug: string): Promise<ScimTestClient> {
  const db = runtime.context.db;
  const organization = await createOrganization(db, { name: slug, slug });
  const token = await rotateScimToken(db, organization.id, runtime.context.clock.now());
  const server = new Hono();
  server.route('/scim/v2/:org', createScimApp(runtime.context));

  return {
    organizationId: organization.id,
    slug,
    token,
    call: async (method, path, body, tokenOverride) => {
      const response = await server.request(`https://inflow.test/scim/v2/${slug}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${tokenOverride ?? token}`,
          'Content-Type': 'application/scim+json',
        },
        // A string is sent as it is, so tests can send broken JSON.
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
    },
  };
}

/** A fixture body, with each `{{name}}` replaced by `values[name]`. */
export function scimFixture(name: string, values: Record<string, string> = {}): unknown {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const filled = text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`fixture ${name} needs a value for {{${key}}}`);
    return value;
  });
  return JSON.parse(filled) as unknown;
}

/** A filter for a query string. */
export const filterQuery = (filter: string): string => `filter=${encodeURIComponent(filter)}`;
