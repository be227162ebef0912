/**
 * Applies a SCIM PatchOp (RFC 7644 §3.5.2) to a resource in canonical form, all operations or
 * none. It accepts what Okta and Entra ID really send: "Add"/"Replace"/"Remove" in any case,
 * booleans as "True"/"False", a path-less value whose keys are paths ("name.givenName", an
 * extension URN plus attribute), a manager as a bare id, filtered paths such as
 * `emails[type eq "work"].value`, and member removal by a value list.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import { badRequest, type ScimError } from './scim-errors.ts';
import { checkFilter, flatFilterSchema, isRecord, matchesFilter } from './scim-filter-match.ts';
import { describePath, parsePatchPath, readAttributePath, type Filter } from './scim-filter.ts';
import type { PatchPath } from './scim-filter.ts';
import { readAttributeValue, type ScimResource } from './scim-resource-body.ts';
import {
  extensionNamed,
  findAttribute,
  resolveAttribute,
  SCHEMA,
  type AttributeDefinition,
  type ResourceKind,
} from './scim-schema.ts';

export type PatchOperationName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  op: PatchOperationName;
  path?: string;
  value?: unknown;
}

/** Reads the PatchOp body; `Operations` may come before `schemas`, as Entra ID sends it. */
export function readPatchRequest(body: unknown): Result<PatchOperation[], ScimError> {
  if (!isRecord(body)) return err(badRequest('invalidSyntax', 'the body must be a JSON object'));

  const schemas = body.schemas;
  if (
    schemas !== undefined &&
    !(Array.isArray(schemas) && schemas.some((uri) => uri === SCHEMA.patchOp))
  ) {
    return err(badRequest('invalidSyntax', `"schemas" must be ["${SCHEMA.patchOp}"]`));
  }

  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0) {
    return err(badRequest('invalidSyntax', '"Operations" must be a non-empty list'));
  }

  const read: PatchOperation[] = [];
  for (const [index, operation] of operations.entries()) {
    if (!isRecord(operation)) {
      return err(badRequest('invalidSyntax', `Operations[${index}] must be an object`));
    }
    const op = typeof operation.op === 'string' ? operation.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      return err(
        badRequest(
          'invalidSyntax',
          `Operations[${index}].op is ${JSON.stringify(operation.op)}; ` +
            'use add, replace or remove',
        ),
      );
    }
    if (operation.path !== undefined && typeof operation.path !== 'string') {
      return err(badRequest('invalidPath', `Operations[${index}].path must be a string`));
    }
    read.push({ op, path: operation.path, value: operation.value });
  }
  return ok(read);
}

/** The patched resource; the input is left untouched. */
export function applyPatch(
  kind: ResourceKind,
  resource: ScimResource,
  operations: readonly PatchOperation[],
): Result<ScimResource, ScimError> {
  const patched = structuredClone(resource);
  for (const operation of operations) {
    const applied = applyOperation(kind, patched, operation);
    if (!applied.ok) return applied;
  }
  return ok(patched);
}

function applyOperation(
  kind: ResourceKind,
  resource: ScimResource,
  operation: PatchOperation,
): Result<true, ScimError> {
  if (operation.path !== undefined && operation.path.trim() !== '') {
    const target = parsePatchPath(operation.path.trim());
    if (!target.ok) {
      return err(badRequest('invalidPath', `path "${operation.path}": ${target.error}`));
    }
    return applyAt(kind, resource, operation.op, target.value, operation.value);
  }

  if (operation.op === 'remove') {
    return err(badRequest('noTarget', 'a remove operation needs a "path" naming what to remove'));
  }
  if (!isRecord(operation.value)) {
    return err(
      badRequest('invalidValue', 'without a "path", "value" must be an object of attributes'),
    );
  }

  // Each key is a path in its own right (RFC 7644 §3.5.2.1 and §3.5.2.3).
  for (const [key, value] of Object.entries(operation.value)) {
    const extension = extensionNamed(kind, key);
    if (extension !== undefined && isRecord(value)) {
      for (const [name, item] of Object.entries(value)) {
        const applied = applyAt(
          kind,
          resource,
          operation.op,
          {
            path: { uri: extension, attribute: name },
          },
          item,
        );
        if (!applied.ok) return applied;
      }
      continue;
    }

    const path = readAttributePath(key);
    if (!path.ok) return err(badRequest('invalidPath', path.error));
    const applied = applyAt(kind, resource, operation.op, { path: path.value }, value);
    if (!applied.ok) return applied;
  }
  return ok(true);
}

function applyAt(
  kind: ResourceKind,
  resource: ScimResource,
  op: PatchOperationName,
  target: PatchPath,
  value: unknown,
): Result<true, ScimError> {
  const where = describePath(target.path);
  const resolved = resolveAttribute(kind, target.path.uri, target.path.attribute);
  if (resolved === undefined) {
    return err(badRequest('invalidPath', `"${where}" is not an attribute of a SCIM ${kind}`));
  }
  const { definition, extension } = resolved;

  if (definition.mutability === 'writeOnly') return ok(true);
  if (definition.mutability === 'readOnly') {
    // Okta repeats the group's own id in a rename; saying it again changes nothing.
    if (definition.name === 'id' && value === resource.id) return ok(true);
    return err(badRequest('mutability', `"${where}" is read-only and cannot be changed`));
  }

  const holder = holderOf(resource, extension);
  const applied =
    target.filter !== undefined
      ? applyFiltered(definition, holder, op, target.filter, target.subAttribute, value, where)
      : target.path.subAttribute !== undefined
        ? applySubAttribute(definition, holder, op, target.path.subAttribute, value, where)
        : applyWhole(definition, holder, op, value, where);

  if (extension !== undefined && Object.keys(holder).length === 0) delete resource[extension];
  return applied;
}

function holderOf(resource: ScimResource, extension: string | undefined): ScimResource {
  if (extension === undefined) return resource;
  const existing = resource[extension];
  if (isRecord(existing)) return existing;
  const created: ScimResource = {};
  resource[extension] = created;
  return created;
}

function applyWhole(
  definition: AttributeDefinition,
  holder: ScimResource,
  op: PatchOperationName,
  value: unknown,
  where: string,
): Result<true, ScimError> {
  const name = definition.name;

  if (op === 'remove') {
    // Entra ID without the aadOptscim062020 flag removes members by listing them in "value".
    if (value !== undefined && definition.multiValued && Array.isArray(holder[name])) {
      const gone = new Set(elementValues(value));
      holder[name] = (holder[name] as unknown[]).filter(
        (element) => !(isRecord(element) && gone.has(String(element.value))),
      );
      if ((holder[name] as unknown[]).length === 0) delete holder[name];
    } else {
      delete holder[name];
    }
    return ok(true);
  }

  const read = readAttributeValue(definition, value, where);
  if (!read.ok) return read;
  const next = read.value;

  if (next === undefined) {
    if (op === 'replace') delete holder[name];
    return ok(true);
  }
  if (definition.multiValued) {
    const existing = op === 'add' && Array.isArray(holder[name]) ? (holder[name] as unknown[]) : [];
    holder[name] = withOnePrimary(mergeElements(definition, existing, next as unknown[]));
  } else if (definition.type === 'complex' && isRecord(holder[name]) && isRecord(next)) {
    // Sub-attributes left out of the value keep their values (RFC 7644 §3.5.2.3).
    holder[name] = { ...(holder[name] as ScimResource), ...next };
  } else {
    holder[name] = next;
  }
  return ok(true);
}

function applySubAttribute(
  definition: AttributeDefinition,
  holder: ScimResource,
  op: PatchOperationName,
  subAttribute: string,
  value: unknown,
  where: string,
): Result<true, ScimError> {
  const subDefinition = findAttribute(definition.subAttributes ?? [], subAttribute);
  if (definition.type !== 'complex' || subDefinition === undefined) {
    return err(
      badRequest('invalidPath', `"${where}" is not a sub-attribute of ${definition.name}`),
    );
  }
  if (definition.multiValued) {
    return err(
      badRequest(
        'invalidPath',
        `"${where}" names no single value; pick one with a filter, ` +
          `e.g. ${definition.name}[type eq "work"].${subDefinition.name}`,
      ),
    );
  }
  if (subDefinition.mutability === 'readOnly') {
    return err(badRequest('mutability', `"${where}" is read-only and cannot be changed`));
  }

  const current = isRecord(holder[definition.name])
    ? (holder[definition.name] as ScimResource)
    : {};
  const read = op === 'remove' ? ok(undefined) : readAttributeValue(subDefinition, value, where);
  if (!read.ok) return read;

  const next = { ...current };
  if (read.value === undefined) delete next[subDefinition.name];
  else next[subDefinition.name] = read.value;

  if (Object.keys(next).length === 0) delete holder[definition.name];
  else holder[definition.name] = next;
  return ok(true);
}

function applyFiltered(
  definition: AttributeDefinition,
  holder: ScimResource,
  op: PatchOperationName,
  filter: Filter,
  subAttribute: string | undefined,
  value: unknown,
  where: string,
): Result<true, ScimError> {
  if (definition.type !== 'complex' || !definition.multiValued) {
    return err(badRequest('invalidPath', `"${where}[...]" needs a multi-valued complex attribute`));
  }
  const subDefinitions = definition.subAttributes ?? [];
  const schema = flatFilterSchema(subDefinitions);
  const checked = checkFilter(filter, schema);
  if (!checked.ok) return err(badRequest('invalidPath', `"${where}[...]": ${checked.error}`));

  const elements = Array.isArray(holder[definition.name])
    ? [...(holder[definition.name] as unknown[])]
    : [];
  const matching = elements
    .map((element, index) => ({ element, index }))
    .filter(({ element }) => isRecord(element) && matchesFilter(filter, element, schema));

  if (op === 'remove') {
    const removed = new Set(matching.map(({ index }) => index));
    const kept =
      subAttribute === undefined
        ? elements.filter((_, index) => !removed.has(index))
        : elements.map((element, index) =>
            removed.has(index) && isRecord(element) ? without(element, subAttribute) : element,
          );
    store(holder, definition.name, kept);
    return ok(true);
  }

  const itemDefinition =
    subAttribute === undefined
      ? { ...definition, multiValued: false }
      : findAttribute(subDefinitions, subAttribute);
  if (itemDefinition === undefined) {
    return err(badRequest('invalidPath', `"${where}" has no sub-attribute "${subAttribute}"`));
  }
  const read = readAttributeValue(itemDefinition, value, where);
  if (!read.ok) return read;

  const replaceIn = (element: ScimResource): ScimResource =>
    subAttribute === undefined
      ? { ...element, ...(read.value as ScimResource) }
      : { ...element, [itemDefinition.name]: read.value };

  if (matching.length === 0) {
    // Entra ID replaces `emails[type eq "work"].value` on a user with no work email yet:
    // the element the filter describes is created.
    const described = elementDescribedBy(filter);
    if (described === undefined) {
      return err(badRequest('noTarget', `no value of "${where}" matches the filter`));
    }
    elements.push(replaceIn(described));
  } else {
    for (const { index, element } of matching) elements[index] = replaceIn(element as ScimResource);
  }
  store(holder, definition.name, withOnePrimary(elements));
  return ok(true);
}

/** `type eq "work" and primary eq true` describes { type: 'work', primary: true }. */
function elementDescribedBy(filter: Filter): ScimResource | undefined {
  if (filter.kind === 'and') {
    const left = elementDescribedBy(filter.left);
    const right = elementDescribedBy(filter.right);
    return left && right ? { ...left, ...right } : undefined;
  }
  if (filter.kind === 'compare' && filter.operator === 'eq' && filter.value !== null) {
    return filter.path.subAttribute === undefined
      ? { [filter.path.attribute]: filter.value }
      : undefined;
  }
  return undefined;
}

function mergeElements(
  definition: AttributeDefinition,
  existing: unknown[],
  added: unknown[],
): unknown[] {
  const merged = [...existing];
  for (const item of added) {
    const duplicate = merged.some((element) => sameElement(definition, element, item));
    if (!duplicate) merged.push(item);
  }
  return merged;
}

function sameElement(definition: AttributeDefinition, left: unknown, right: unknown): boolean {
  if (isRecord(left) && isRecord(right) && 'value' in left && 'value' in right) {
    const caseExact = findAttribute(definition.subAttributes ?? [], 'value')?.caseExact ?? false;
    const a = String(left.value);
    const b = String(right.value);
    return caseExact ? a === b : a.toLowerCase() === b.toLowerCase();
  }
  return JSON.stringify(left) === JSON.stringify(right);
}

/** At most one element may be primary (RFC 7643 §2.4); the last one marked wins. */
function withOnePrimary(elements: unknown[]): unknown[] {
  let last = -1;
  elements.forEach((element, index) => {
    if (isRecord(element) && element.primary === true) last = index;
  });
  if (last < 0) return elements;
  return elements.map((element, index) =>
    isRecord(element) && element.primary === true && index !== last
      ? { ...element, primary: false }
      : element,
  );
}

function elementValues(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items
    .map((item) => (isRecord(item) ? item.value : item))
    .filter((item): item is string | number => typeof item === 'string' || typeof item === 'number')
    .map(String);
}

function without(element: ScimResource, key: string): ScimResource {
  const copy = { ...element };
  delete copy[key];
  return copy;
}

function store(holder: ScimResource, name: string, elements: unknown[]): void {
  if (elements.length === 0) delete holder[name];
  else holder[name] = elements;
}
