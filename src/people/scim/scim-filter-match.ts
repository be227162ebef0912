/**
 * Checks a parsed filter against a schema and evaluates it on JSON objects, with the
 * comparison rules of RFC 7644 §3.4.2.2: strings compare without regard to case unless the
 * attribute is caseExact, dates chronologically, numbers numerically; booleans only take
 * eq and ne; a multi-valued attribute matches when any of its values does.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import {
  describePath,
  type AttributePath,
  type CompareOperator,
  type Filter,
  type FilterValue,
} from './scim-filter.ts';
import {
  findAttribute,
  resolveAttribute,
  type AttributeDefinition,
  type ResourceKind,
} from './scim-schema.ts';

/** Where the attributes of an object are defined, and under which key each one lives. */
export interface FilterSchema {
  resolve(
    uri: string | undefined,
    name: string,
  ): { definition: AttributeDefinition; container?: string } | undefined;
}

export function resourceFilterSchema(kind: ResourceKind): FilterSchema {
  return {
    resolve: (uri, name) => {
      const found = resolveAttribute(kind, uri, name);
      return found && { definition: found.definition, container: found.extension };
    },
  };
}

/** A flat list of definitions: the sub-attributes of one element, or cohort facts. */
export function flatFilterSchema(definitions: readonly AttributeDefinition[]): FilterSchema {
  return {
    resolve: (uri, name) => {
      if (uri !== undefined) return undefined;
      const definition = findAttribute(definitions, name);
      return definition && { definition };
    },
  };
}

/** Says what is wrong with a filter for this schema: unknown names, impossible comparisons. */
export function checkFilter(filter: Filter, schema: FilterSchema): Result<true, string> {
  switch (filter.kind) {
    case 'and':
    case 'or': {
      const left = checkFilter(filter.left, schema);
      return left.ok ? checkFilter(filter.right, schema) : left;
    }
    case 'not':
      return checkFilter(filter.filter, schema);
    case 'valuePath': {
      const target = targetOf(filter.path, schema);
      if (!target.ok) return target;
      const { definition } = target.value;
      if (definition.type !== 'complex' || filter.path.subAttribute !== undefined) {
        return err(`"${describePath(filter.path)}[...]" needs a complex attribute before "["`);
      }
      return checkFilter(filter.filter, flatFilterSchema(definition.subAttributes ?? []));
    }
    case 'present': {
      const target = targetOf(filter.path, schema);
      return target.ok ? ok(true) : target;
    }
    case 'compare': {
      const target = targetOf(filter.path, schema);
      if (!target.ok) return target;
      return checkComparison(target.value, filter.path, filter.operator, filter.value);
    }
  }
}

/** Evaluates a filter already accepted by checkFilter. */
export function matchesFilter(
  filter: Filter,
  object: Record<string, unknown>,
  schema: FilterSchema,
): boolean {
  switch (filter.kind) {
    case 'and':
      return (
        matchesFilter(filter.left, object, schema) && matchesFilter(filter.right, object, schema)
      );
    case 'or':
      return (
        matchesFilter(filter.left, object, schema) || matchesFilter(filter.right, object, schema)
      );
    case 'not':
      return !matchesFilter(filter.filter, object, schema);
    case 'valuePath': {
      const found = lookup(filter.path, object, schema);
      if (found === undefined) return false;
      const elementSchema = flatFilterSchema(found.definition.subAttributes ?? []);
      return found.values.some(
        (element) => isRecord(element) && matchesFilter(filter.filter, element, elementSchema),
      );
    }
    case 'present': {
      const found = lookup(filter.path, object, schema);
      return found !== undefined && found.values.some(hasValue);
    }
    case 'compare': {
      const found = lookup(filter.path, object, schema);
      if (found === undefined) return false;
      if (filter.value === null) {
        return found.values.some(hasValue) === (filter.operator === 'ne');
      }
      if (filter.operator === 'ne') {
        return !found.values.some((value) => compare(found.definition, value, 'eq', filter.value));
      }
      return found.values.some((value) =>
        compare(found.definition, value, filter.operator, filter.value),
      );
    }
  }
}

interface Target {
  /** The attribute compared: the sub-attribute when the path names one. */
  definition: AttributeDefinition;
}

function targetOf(path: AttributePath, schema: FilterSchema): Result<Target, string> {
  const resolved = schema.resolve(path.uri, path.attribute);
  if (resolved === undefined) {
    return err(`"${describePath(path)}" is not an attribute that can be filtered on here`);
  }
  if (path.subAttribute === undefined) return ok({ definition: resolved.definition });

  const subDefinition = findAttribute(resolved.definition.subAttributes ?? [], path.subAttribute);
  if (subDefinition === undefined) {
    return err(`"${describePath(path)}": ${resolved.definition.name} has no such sub-attribute`);
  }
  return ok({ definition: subDefinition });
}

function checkComparison(
  target: Target,
  path: AttributePath,
  operator: CompareOperator,
  value: FilterValue,
): Result<true, string> {
  const name = describePath(path);
  let { definition } = target;
  if (definition.type === 'complex') {
    // Comparing a complex attribute itself compares its "value" sub-attribute.
    const valueDefinition = findAttribute(definition.subAttributes ?? [], 'value');
    if (valueDefinition === undefined) {
      return err(`"${name}" is complex; compare one of its sub-attributes`);
    }
    definition = valueDefinition;
  }

  if (value === null) {
    return operator === 'eq' || operator === 'ne'
      ? ok(true)
      : err(`"${operator}" cannot compare "${name}" with null; use eq, ne or pr`);
  }

  switch (definition.type) {
    case 'boolean':
      if (operator !== 'eq' && operator !== 'ne') {
        return err(`"${name}" is a boolean; it takes eq and ne only, not "${operator}"`);
      }
      return readBoolean(value) === undefined
        ? err(`"${name}" is a boolean; compare it with true or false`)
        : ok(true);
    case 'binary':
      return err(`"${name}" is binary and cannot be filtered on`);
    case 'integer':
    case 'decimal':
      return typeof value === 'number'
        ? ok(true)
        : err(`"${name}" is a number; compare it with a number, not ${JSON.stringify(value)}`);
    case 'dateTime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? ok(true)
        : err(`"${name}" is a date and time; compare it with one such as "2026-03-02T09:00:00Z"`);
    default:
      return typeof value === 'boolean'
        ? err(`"${name}" is text; compare it with a quoted string, not ${value}`)
        : ok(true);
  }
}

interface Found {
  definition: AttributeDefinition;
  values: unknown[];
}

/** The values an attribute path holds in an object: a list, empty when unassigned. */
function lookup(path: AttributePath, object: Record<string, unknown>, schema: FilterSchema) {
  const resolved = schema.resolve(path.uri, path.attribute);
  if (resolved === undefined) return undefined;

  const holder = resolved.container === undefined ? object : object[resolved.container];
  const raw = isRecord(holder) ? valueOf(holder, resolved.definition.name) : undefined;
  const values = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  if (path.subAttribute === undefined) return { definition: resolved.definition, values };

  const subDefinition = findAttribute(resolved.definition.subAttributes ?? [], path.subAttribute);
  if (subDefinition === undefined) return undefined;
  const subValues = values
    .filter(isRecord)
    .map((element) => valueOf(element, subDefinition.name))
    .filter((value) => value !== undefined && value !== null);
  return { definition: subDefinition, values: subValues } satisfies Found;
}

/** Keys may differ in case from the schema's spelling (RFC 7643 §2.1). */
function valueOf(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const wanted = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : object[key];
}

function compare(
  definition: AttributeDefinition,
  actual: unknown,
  operator: CompareOperator,
  expected: FilterValue,
): boolean {
  if (definition.type === 'complex') {
    const valueDefinition = findAttribute(definition.subAttributes ?? [], 'value');
    if (valueDefinition === undefined || !isRecord(actual)) return false;
    return compare(valueDefinition, valueOf(actual, 'value'), operator, expected);
  }
  switch (definition.type) {
    case 'boolean':
      return (actual === readBoolean(expected)) === (operator === 'eq');
    case 'integer':
    case 'decimal':
      return typeof actual === 'number' && typeof expected === 'number'
        ? order(actual - expected, operator)
        : false;
    case 'dateTime': {
      const left = typeof actual === 'string' ? Date.parse(actual) : Number.NaN;
      const right = typeof expected === 'string' ? Date.parse(expected) : Number.NaN;
      return Number.isNaN(left) || Number.isNaN(right) ? false : order(left - right, operator);
    }
    default:
      return compareText(definition.caseExact, actual, operator, String(expected));
  }
}

function compareText(
  caseExact: boolean,
  actual: unknown,
  operator: CompareOperator,
  expected: string,
): boolean {
  if (typeof actual !== 'string' && typeof actual !== 'number') return false;
  const left = caseExact ? String(actual) : String(actual).toLowerCase();
  const right = caseExact ? expected : expected.toLowerCase();

  switch (operator) {
    case 'co':
      return left.includes(right);
    case 'sw':
      return left.startsWith(right);
    case 'ew':
      return left.endsWith(right);
    default:
      return order(left < right ? -1 : left > right ? 1 : 0, operator);
  }
}

function order(difference: number, operator: CompareOperator): boolean {
  switch (operator) {
    case 'eq':
      return difference === 0;
    case 'ne':
      return difference !== 0;
    case 'gt':
      return difference > 0;
    case 'ge':
      return difference >= 0;
    case 'lt':
      return difference < 0;
    case 'le':
      return difference <= 0;
    default:
      return false;
  }
}

/** Entra ID sends booleans as the strings "True" and "False". */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function hasValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.values(value).some(hasValue);
  return true;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
