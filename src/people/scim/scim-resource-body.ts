/**
 * Reads a User or Group body sent by an identity provider into canonical form: attribute
 * names in the schema's spelling, extensions under their URN, booleans as booleans. What the
 * schema does not know is refused with the reason, so a wrong attribute mapping at the
 * identity provider shows up as an error there instead of silently losing data.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import { badRequest, type ScimError } from './scim-errors.ts';
import { isRecord, readBoolean } from './scim-filter-match.ts';
import {
  COMMON_ATTRIBUTES,
  extensionNamed,
  findAttribute,
  RESOURCE_SCHEMAS,
  schemaById,
  type AttributeDefinition,
  type ResourceKind,
} from './scim-schema.ts';

export type ScimResource = Record<string, unknown>;

/**
 * Canonical form of a POST or PUT body. Read-only attributes (id, meta, groups) are ignored,
 * as RFC 7643 §2.2 asks; a password is dropped, since Inflow stores none.
 */
export function readResourceBody(
  kind: ResourceKind,
  body: unknown,
): Result<ScimResource, ScimError> {
  if (!isRecord(body)) return err(badRequest('invalidSyntax', 'the body must be a JSON object'));

  const schemas = checkSchemas(kind, body.schemas ?? body.Schemas);
  if (!schemas.ok) return schemas;

  const { core } = RESOURCE_SCHEMAS[kind];
  const coreDefinitions = [...COMMON_ATTRIBUTES, ...(schemaById(core)?.attributes ?? [])];
  const resource: ScimResource = {};

  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;

    const extension = extensionNamed(kind, key);
    if (extension !== undefined) {
      const extensionValue = readExtension(extension, value);
      if (!extensionValue.ok) return extensionValue;
      if (Object.keys(extensionValue.value).length > 0) resource[extension] = extensionValue.value;
      continue;
    }

    const definition = findAttribute(coreDefinitions, key);
    if (definition === undefined) return err(unknownAttribute(kind, key));
    if (isIgnoredOnWrite(definition)) continue;

    const read = readAttributeValue(definition, value, definition.name);
    if (!read.ok) return read;
    if (read.value !== undefined) resource[definition.name] = read.value;
  }

  return ok(resource);
}

function checkSchemas(kind: ResourceKind, schemas: unknown): Result<true, ScimError> {
  if (schemas === undefined) return ok(true);
  if (!Array.isArray(schemas) || !schemas.every((item) => typeof item === 'string')) {
    return err(badRequest('invalidSyntax', '"schemas" must be a list of schema URIs'));
  }
  // Other URIs are tolerated: Entra ID adds a Microsoft one to every new group. Attributes
  // under an unknown extension are still refused, where they appear.
  const { core } = RESOURCE_SCHEMAS[kind];
  if (schemas.length > 0 && !schemas.some((uri) => uri.toLowerCase() === core.toLowerCase())) {
    return err(badRequest('invalidValue', `"schemas" must include ${core} for a ${kind}`));
  }
  return ok(true);
}

function readExtension(extension: string, value: unknown): Result<ScimResource, ScimError> {
  if (value === null || value === undefined) return ok({});
  if (!isRecord(value)) {
    return err(badRequest('invalidSyntax', `"${extension}" must be an object of attributes`));
  }

  const definitions = schemaById(extension)?.attributes ?? [];
  const result: ScimResource = {};
  for (const [key, item] of Object.entries(value)) {
    const definition = findAttribute(definitions, key);
    if (definition === undefined) {
      return err(
        badRequest(
          'invalidSyntax',
          `"${key}" is not an attribute of ${extension}; known: ` +
            definitions.map((known) => known.name).join(', '),
        ),
      );
    }
    const read = readAttributeValue(definition, item, `${extension}:${definition.name}`);
    if (!read.ok) return read;
    if (read.value !== undefined) result[definition.name] = read.value;
  }
  return ok(result);
}

/**
 * Checks and canonicalises one attribute's value. `undefined` in the result means
 * "unassigned": null, empty lists and objects whose sub-attributes are all null.
 */
export function readAttributeValue(
  definition: AttributeDefinition,
  value: unknown,
  where: string,
): Result<unknown, ScimError> {
  if (value === null || value === undefined) return ok(undefined);

  if (definition.multiValued) {
    const items = Array.isArray(value) ? value : [value];
    const read: unknown[] = [];
    for (const [index, item] of items.entries()) {
      const single = readSingleValue(definition, item, `${where}[${index}]`);
      if (!single.ok) return single;
      if (single.value !== undefined) read.push(single.value);
    }
    return ok(read.length > 0 ? read : undefined);
  }

  if (Array.isArray(value)) {
    return err(badRequest('invalidValue', `"${where}" takes one value, not a list`));
  }
  return readSingleValue(definition, value, where);
}

function readSingleValue(
  definition: AttributeDefinition,
  value: unknown,
  where: string,
): Result<unknown, ScimError> {
  if (value === null || value === undefined) return ok(undefined);

  switch (definition.type) {
    case 'complex':
      return readComplex(definition, value, where);
    case 'boolean': {
      const flag = readBoolean(value);
      return flag === undefined
        ? err(badRequest('invalidValue', `"${where}" must be true or false, not ${show(value)}`))
        : ok(flag);
    }
    case 'integer':
    case 'decimal':
      return typeof value === 'number' && (definition.type === 'decimal' || Number.isInteger(value))
        ? ok(value)
        : err(badRequest('invalidValue', `"${where}" must be a number, not ${show(value)}`));
    case 'dateTime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? ok(value)
        : err(badRequest('invalidValue', `"${where}" must be a date-time, not ${show(value)}`));
    default:
      return typeof value === 'string'
        ? ok(value)
        : err(badRequest('invalidValue', `"${where}" must be a string, not ${show(value)}`));
  }
}

/**
 * A complex value. A bare string for one with a "value" sub-attribute is read as
 * { value }: Entra ID sends the manager that way.
 */
function readComplex(
  definition: AttributeDefinition,
  value: unknown,
  where: string,
): Result<unknown, ScimError> {
  const subDefinitions = definition.subAttributes ?? [];
  if (typeof value === 'string' && findAttribute(subDefinitions, 'value') !== undefined) {
    return ok(value === '' ? undefined : { value });
  }
  if (!isRecord(value)) {
    return err(badRequest('invalidValue', `"${where}" must be an object, not ${show(value)}`));
  }

  const result: ScimResource = {};
  for (const [key, item] of Object.entries(value)) {
    const subDefinition = findAttribute(subDefinitions, key);
    if (subDefinition === undefined) {
      return err(
        badRequest(
          'invalidSyntax',
          `"${where}.${key}" is not a sub-attribute of ${definition.name}; known: ` +
            subDefinitions.map((known) => known.name).join(', '),
        ),
      );
    }
    if (subDefinition.mutability === 'readOnly') continue;
    const read = readSingleValue(subDefinition, item, `${where}.${subDefinition.name}`);
    if (!read.ok) return read;
    if (read.value !== undefined) result[subDefinition.name] = read.value;
  }
  return ok(Object.keys(result).length > 0 ? result : undefined);
}

/** Read-only attributes are ignored on create and replace; passwords are never kept. */
export function isIgnoredOnWrite(definition: AttributeDefinition): boolean {
  return definition.mutability === 'readOnly' || definition.mutability === 'writeOnly';
}

export function unknownAttribute(kind: ResourceKind, key: string): ScimError {
  return badRequest(
    'invalidSyntax',
    `"${key}" is not an attribute of a SCIM ${kind} here; see GET /Schemas for what is accepted`,
  );
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
