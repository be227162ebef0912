/**
 * What the service provider says about itself (RFC 7644 §4, RFC 7643 §5-7): its features,
 * its resource types and its schemas. Identity providers read these when a connection is
 * set up; Entra ID shows the extra attributes it finds here in its mapping editor.
 */
import { MAX_RESULTS } from './scim-list.ts';
import { RESOURCE_SCHEMAS, SCHEMA, SCHEMAS, schemaById, COMMON_ATTRIBUTES } from './scim-schema.ts';
import type { SchemaDefinition } from './scim-schema.ts';

export function serviceProviderConfig(baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA.serviceProviderConfig],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'The organization token from `inflow scim token <org>`.',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string): Record<string, unknown>[] {
  return (['User', 'Group'] as const).map((kind) => ({
    schemas: [SCHEMA.resourceType],
    id: kind,
    name: kind,
    endpoint: `/${kind}s`,
    description: kind === 'User' ? 'Learners' : 'Cohorts',
    schema: RESOURCE_SCHEMAS[kind].core,
    schemaExtensions: RESOURCE_SCHEMAS[kind].extensions.map((schema) => ({
      schema,
      required: false,
    })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${kind}` },
  }));
}

export function schemaResources(baseUrl: string): Record<string, unknown>[] {
  return SCHEMAS.map((schema) => schemaResource(schema, baseUrl));
}

export function schemaResourceById(baseUrl: string, id: string) {
  const schema = schemaById(id);
  return schema === undefined ? undefined : schemaResource(schema, baseUrl);
}

function schemaResource(schema: SchemaDefinition, baseUrl: string): Record<string, unknown> {
  const isCore = schema.id === SCHEMA.user || schema.id === SCHEMA.group;
  return {
    schemas: [SCHEMA.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: isCore
      ? [
          ...COMMON_ATTRIBUTES.filter((attribute) => attribute.name === 'externalId'),
          ...schema.attributes,
        ]
      : schema.attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}
