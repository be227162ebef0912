/**
 * Query results as SCIM lists (RFC 7644 §3.4.2): filter, 1-based pagination where
 * itemsPerPage is the number actually returned, and the attributes / excludedAttributes
 * projections (Entra ID asks for groups without their members).
 */
import { err, ok, type Result } from '../../shared/result.ts';
import { badRequest, type ScimError } from './scim-errors.ts';
import { checkFilter, isRecord, matchesFilter, resourceFilterSchema } from './scim-filter-match.ts';
import { parseFilter, readAttributePath, type Filter } from './scim-filter.ts';
import type { ScimResource } from './scim-resource-body.ts';
import { resolveAttribute, SCHEMA, type ResourceKind } from './scim-schema.ts';

/** The most resources one page returns, as /ServiceProviderConfig announces. */
export const MAX_RESULTS = 200;

export interface ListQuery {
  filter?: string;
  startIndex?: string;
  count?: string;
  attributes?: string;
  excludedAttributes?: string;
}

export interface Page {
  startIndex: number;
  count: number;
}

export function readFilterParameter(
  kind: ResourceKind,
  text: string | undefined,
): Result<Filter | undefined, ScimError> {
  if (text === undefined || text.trim() === '') return ok(undefined);
  const filter = parseFilter(text);
  if (!filter.ok) return err(badRequest('invalidFilter', `filter: ${filter.error}`));
  const checked = checkFilter(filter.value, resourceFilterSchema(kind));
  if (!checked.ok) return err(badRequest('invalidFilter', `filter: ${checked.error}`));
  return ok(filter.value);
}

/** startIndex below 1 counts as 1 and a negative count as 0 (RFC 7644 §3.4.2.4). */
export function readPage(query: ListQuery): Result<Page, ScimError> {
  const number = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined || text === '') return ok(fallback);
    const value = Number(text);
    return Number.isInteger(value)
      ? ok(value)
      : err(badRequest('invalidValue', `${name} must be a whole number, not "${text}"`));
  };
  const startIndex = number('startIndex', query.startIndex, 1);
  if (!startIndex.ok) return startIndex;
  const count = number('count', query.count, MAX_RESULTS);
  if (!count.ok) return count;
  return ok({
    startIndex: Math.max(1, startIndex.value),
    count: Math.min(MAX_RESULTS, Math.max(0, count.value)),
  });
}

export function listResponse(
  kind: ResourceKind,
  resources: readonly ScimResource[],
  filter: Filter | undefined,
  page: Page,
  query: ListQuery,
): Record<string, unknown> {
  const schema = resourceFilterSchema(kind);
  const matching =
    filter === undefined
      ? resources
      : resources.filter((resource) => matchesFilter(filter, resource, schema));
  const pageItems = matching.slice(page.startIndex - 1, page.startIndex - 1 + page.count);

  return {
    schemas: [SCHEMA.listResponse],
    totalResults: matching.length,
    startIndex: page.startIndex,
    itemsPerPage: pageItems.length,
    Resources: pageItems.map((resource) => projectResource(kind, resource, query)),
  };
}

/**
 * Keeps only the asked attributes (plus id and schemas, which are always returned), or drops
 * the excluded ones. Unknown names are ignored, as a client may ask for optional ones.
 */
export function projectResource(
  kind: ResourceKind,
  resource: ScimResource,
  query: Pick<ListQuery, 'attributes' | 'excludedAttributes'>,
): ScimResource {
  const wanted = names(query.attributes);
  const excluded = names(query.excludedAttributes);
  if (wanted.length === 0 && excluded.length === 0) return resource;

  if (wanted.length > 0) {
    const projected: ScimResource = { schemas: resource.schemas, id: resource.id };
    for (const name of wanted) copyAttribute(kind, resource, projected, name);
    return projected;
  }
  const projected = structuredClone(resource);
  for (const name of excluded) removeAttribute(kind, projected, name);
  return projected;
}

const names = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

function copyAttribute(kind: ResourceKind, from: ScimResource, to: ScimResource, name: string) {
  const path = readAttributePath(name);
  if (!path.ok) return;
  const found = resolveAttribute(kind, path.value.uri, path.value.attribute);
  if (found === undefined) return;

  const source = found.extension === undefined ? from : from[found.extension];
  if (!isRecord(source) || source[found.definition.name] === undefined) return;
  const target =
    found.extension === undefined ? to : ((to[found.extension] ??= {}) as ScimResource);
  const value = source[found.definition.name];
  const sub = path.value.subAttribute;

  if (sub === undefined) {
    target[found.definition.name] = value;
  } else if (Array.isArray(value)) {
    target[found.definition.name] = value.filter(isRecord).map((item) => pick(item, sub));
  } else if (isRecord(value)) {
    target[found.definition.name] = {
      ...(target[found.definition.name] as object),
      ...pick(value, sub),
    };
  }
}

function removeAttribute(kind: ResourceKind, resource: ScimResource, name: string) {
  const path = readAttributePath(name);
  if (!path.ok) return;
  const found = resolveAttribute(kind, path.value.uri, path.value.attribute);
  if (found === undefined || found.definition.returned === 'always') return;

  const holder = found.extension === undefined ? resource : resource[found.extension];
  if (isRecord(holder)) delete holder[found.definition.name];
}

function pick(item: Record<string, unknown>, key: string): Record<string, unknown> {
  const found = Object.keys(item).find(
    (candidate) => candidate.toLowerCase() === key.toLowerCase(),
  );
  return found === undefined ? {} : { [found]: item[found] };
}
