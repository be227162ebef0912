/**
 * Cohort rules as stored in cohorts.rule: `{ "filter": "<SCIM filter over learner facts>" }`,
 * or the older attribute lists `{ "department": ["Sales"], "title": [...] }` (every listed
 * attribute must equal one of its values), which read as the equivalent filter.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import type { FilterSchema } from '../scim/scim-filter-match.ts';
import { checkFilter } from '../scim/scim-filter-match.ts';
import { parseFilter, type Filter } from '../scim/scim-filter.ts';

const LEGACY_FIELDS = ['department', 'title', 'location', 'timezone'] as const;

/** Parses rule text and checks it names only facts that exist, with comparable values. */
export function compileCohortRule(text: string, schema: FilterSchema): Result<Filter, string> {
  if (text.trim() === '') {
    return err('the rule is empty; write one such as department eq "Sales"');
  }
  const filter = parseFilter(text.trim());
  if (!filter.ok) return err(`the rule cannot be read: ${filter.error}`);
  const checked = checkFilter(filter.value, schema);
  return checked.ok ? filter : err(`the rule cannot be used: ${checked.error}`);
}

/** The filter of a stored rule; a rule that no longer compiles (a removed field) says so. */
export function storedRuleFilter(
  rule: Record<string, unknown> | null,
  schema: FilterSchema,
): Result<Filter, string> {
  if (rule !== null && typeof rule.filter === 'string') {
    return compileCohortRule(rule.filter, schema);
  }
  return ok(legacyRuleFilter(rule ?? {}));
}

function legacyRuleFilter(rule: Record<string, unknown>): Filter {
  const clauses: Filter[] = [];
  for (const field of LEGACY_FIELDS) {
    const values = rule[field];
    if (!Array.isArray(values) || values.length === 0) continue;
    const equalities = values
      .filter((value): value is string => typeof value === 'string')
      .map((value): Filter => ({
        kind: 'compare',
        path: { attribute: field },
        operator: 'eq',
        value,
      }));
    if (equalities.length === 0) continue;
    const anyOf = equalities.reduce((left, right) => ({ kind: 'or', left, right }));
    clauses.push(anyOf);
  }

  // An empty rule matches everyone, as the attribute lists always did.
  if (clauses.length === 0) return { kind: 'present', path: { attribute: 'email' } };
  return clauses.reduce((left, right) => ({ kind: 'and', left, right }));
}
