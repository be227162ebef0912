/**
 * What a cohort rule can ask about a learner. Rules use the SCIM filter language over these
 * facts, e.g. `department eq "Sales" and daysSinceHire le 30`, or
 * `reportsTo eq "maria@example.com"` for everyone under Maria, at any depth.
 */
import { DateTime } from 'luxon';
import type { LearnerRow } from '../../db/schema.ts';
import { localDate } from '../../delivery/schedule/index.ts';
import { flatFilterSchema, type FilterSchema } from '../scim/scim-filter-match.ts';
import type { AttributeDefinition, AttributeType } from '../scim/scim-schema.ts';

function fact(
  name: string,
  type: AttributeType,
  description: string,
  multiValued = false,
): AttributeDefinition {
  return {
    name,
    type,
    multiValued,
    description,
    required: false,
    caseExact: false,
    mutability: 'readOnly',
    returned: 'default',
    uniqueness: 'none',
  };
}

export const LEARNER_FACTS: readonly AttributeDefinition[] = [
  fact('employeeId', 'string', 'HR employee id'),
  fact('email', 'string', 'work email'),
  fact('fullName', 'string', 'full name'),
  fact('title', 'string', 'job title'),
  fact('role', 'string', 'job title (same as title)'),
  fact('department', 'string', 'department'),
  fact('division', 'string', 'division'),
  fact('costCenter', 'string', 'cost center'),
  fact('organization', 'string', 'organization or company'),
  fact('location', 'string', 'office, site or city'),
  fact('timezone', 'string', 'IANA time zone'),
  fact('locale', 'string', 'language'),
  fact('preferredChannel', 'string', 'channel lessons go to'),
  fact('status', 'string', 'active or inactive'),
  fact('hireDate', 'dateTime', 'first working day'),
  fact('daysSinceHire', 'integer', "days since the hire date, on the learner's clock"),
  fact('manager', 'string', "direct manager's email"),
  fact('managerEmployeeId', 'string', "direct manager's employee id"),
  fact('reportsTo', 'string', 'emails of every manager above, at any depth', true),
  fact('reportsToEmployeeId', 'string', 'employee ids of every manager above', true),
];

/** The facts schema, with the organization's custom fields as `custom.<name>`. */
export function learnerFactsSchema(customFieldNames: readonly string[]): FilterSchema {
  const custom: AttributeDefinition = {
    ...fact('custom', 'complex', 'custom fields from HR imports'),
    subAttributes: customFieldNames.map((name) => fact(name, 'string', `custom field ${name}`)),
  };
  return flatFilterSchema([...LEARNER_FACTS, custom]);
}

/** Everyone of an organization, indexed the ways managers are referred to. */
export interface PeopleIndex {
  byId: Map<string, LearnerRow>;
  byEmail: Map<string, LearnerRow>;
  byEmployeeId: Map<string, LearnerRow>;
}

export function indexPeople(learners: readonly LearnerRow[]): PeopleIndex {
  const index: PeopleIndex = { byId: new Map(), byEmail: new Map(), byEmployeeId: new Map() };
  for (const learner of learners) {
    index.byId.set(learner.id, learner);
    index.byEmail.set(learner.email.toLowerCase(), learner);
    if (learner.externalId !== null) index.byEmployeeId.set(learner.externalId, learner);
  }
  return index;
}

/** The learner's manager: by stored link, else by employee id, else by email. */
export function managerOf(learner: LearnerRow, index: PeopleIndex): LearnerRow | undefined {
  if (learner.managerId !== null) return index.byId.get(learner.managerId);
  if (learner.managerEmployeeId !== null) return index.byEmployeeId.get(learner.managerEmployeeId);
  if (learner.managerEmail !== null) return index.byEmail.get(learner.managerEmail.toLowerCase());
  return undefined;
}

/** Managers above the learner, nearest first; a reporting loop in HR data stops the walk. */
export function managerChain(learner: LearnerRow, index: PeopleIndex): LearnerRow[] {
  const chain: LearnerRow[] = [];
  const seen = new Set([learner.id]);
  let current = managerOf(learner, index);
  while (current !== undefined && !seen.has(current.id)) {
    chain.push(current);
    seen.add(current.id);
    current = managerOf(current, index);
  }
  return chain;
}

export function learnerFacts(
  learner: LearnerRow,
  index: PeopleIndex,
  now: Date,
): Record<string, unknown> {
  const chain = managerChain(learner, index);
  const manager = chain[0];

  return {
    employeeId: learner.externalId,
    email: learner.email,
    fullName: learner.fullName,
    title: learner.title,
    role: learner.title,
    department: learner.department,
    division: learner.division,
    costCenter: learner.costCenter,
    organization: learner.organizationName,
    location: learner.location,
    timezone: learner.timezone,
    locale: learner.locale,
    preferredChannel: learner.preferredChannel,
    status: learner.status,
    hireDate: learner.hireDate,
    daysSinceHire: daysSince(learner.hireDate, learner.timezone, now),
    manager: manager?.email ?? learner.managerEmail,
    managerEmployeeId: manager?.externalId ?? learner.managerEmployeeId,
    reportsTo: chain.map((person) => person.email),
    reportsToEmployeeId: chain.flatMap((person) => person.externalId ?? []),
    custom: learner.customFields,
  };
}

function daysSince(hireDate: string | null, timezone: string, now: Date): number | null {
  if (hireDate === null) return null;
  const today = DateTime.fromISO(localDate(now, timezone), { zone: 'UTC' });
  const hired = DateTime.fromISO(hireDate, { zone: 'UTC' });
  return Math.round(today.diff(hired, 'days').days);
}
