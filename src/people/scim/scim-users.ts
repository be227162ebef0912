/**
 * The SCIM /Users resource of one organization: learners, read and written by an identity
 * provider. Every write runs in one transaction with its consequences (cohorts, automatic
 * enrolment, stopped delivery), and either all of it happens or none.
 */
import type { Kysely } from 'kysely';
import type { Database, LearnerRow } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { findOtherPhoneHolder, givesNewPhone, phoneTakenReason } from '../identity/phone-holder.ts';
import type { LearnerStatus } from '../learner.ts';
import { changeLearnerStatus } from '../lifecycle/learner-status.ts';
import { loadPeopleSettings } from '../people-settings.ts';
import { syncPeople } from '../people-sync.ts';
import { createPerson, updatePerson, type PersonFields } from '../person-writer.ts';
import { eraseLearner } from '../privacy/learner-erasure.ts';
import { badRequest, conflict, notFound, type ScimError } from './scim-errors.ts';
import type { Filter } from './scim-filter.ts';
import { listResponse, projectResource, readFilterParameter, readPage } from './scim-list.ts';
import type { ListQuery } from './scim-list.ts';
import { applyPatch, readPatchRequest } from './scim-patch.ts';
import { readResourceBody, type ScimResource } from './scim-resource-body.ts';
import { learnerToScimUser, scimUserToPerson } from './scim-user-mapping.ts';

/** Who is asking, for which organization, where the API lives, and when. */
export interface ScimScope {
  db: Kysely<Database>;
  organizationId: string;
  /** e.g. https://inflow.example/scim/v2/acme, for $ref and meta.location. */
  baseUrl: string;
  now: Date;
}

const ACTOR = 'scim';

export async function listUsers(
  scope: ScimScope,
  query: ListQuery,
): Promise<Result<Record<string, unknown>, ScimError>> {
  const filter = readFilterParameter('User', query.filter);
  if (!filter.ok) return filter;
  const page = readPage(query);
  if (!page.ok) return page;

  const resources = await loadUsers(scope, narrowing(filter.value));
  return ok(listResponse('User', resources, filter.value, page.value, query));
}

export async function getUser(
  scope: ScimScope,
  id: string,
  query: ListQuery = {},
): Promise<Result<ScimResource, ScimError>> {
  const [resource] = await loadUsers(scope, { id });
  if (resource === undefined) return err(userNotFound(id));
  return ok(projectResource('User', resource, query));
}

export async function createUser(
  scope: ScimScope,
  body: unknown,
): Promise<Result<ScimResource, ScimError>> {
  const resource = readResourceBody('User', body);
  if (!resource.ok) return resource;
  return inTransaction(scope, (inner) => writeUser(inner, undefined, resource.value, 'replace'));
}

export async function replaceUser(
  scope: ScimScope,
  id: string,
  body: unknown,
): Promise<Result<ScimResource, ScimError>> {
  const resource = readResourceBody('User', body);
  if (!resource.ok) return resource;
  return inTransaction(scope, async (inner) => {
    const learner = await findLearner(inner, id);
    if (learner === undefined) return err(userNotFound(id));
    return writeUser(inner, learner, resource.value, 'replace');
  });
}

export async function patchUser(
  scope: ScimScope,
  id: string,
  body: unknown,
): Promise<Result<ScimResource, ScimError>> {
  const operations = readPatchRequest(body);
  if (!operations.ok) return operations;
  return inTransaction(scope, async (inner) => {
    const learner = await findLearner(inner, id);
    if (learner === undefined) return err(userNotFound(id));
    const [current] = await loadUsers(inner, { id });
    const patched = applyPatch('User', current as ScimResource, operations.value);
    if (!patched.ok) return patched;
    return writeUser(inner, learner, patched.value, 'patched');
  });
}

/**
 * An identity provider's hard delete. The learner is erased: personal data gone, anonymous
 * learning history kept, and the user no longer exists for SCIM.
 */
export async function deleteUser(scope: ScimScope, id: string): Promise<Result<true, ScimError>> {
  return inTransaction(scope, async (inner) => {
    const erased = await eraseLearner(inner.db, inner.organizationId, id, ACTOR, inner.now);
    if (!erased.ok) return err(userNotFound(id));
    await syncPeople(inner.db, inner.organizationId, inner.now);
    return ok(true as const);
  });
}

async function writeUser(
  scope: ScimScope,
  existing: LearnerRow | undefined,
  resource: ScimResource,
  mode: 'replace' | 'patched',
): Promise<Result<ScimResource, ScimError>> {
  const settings = await loadPeopleSettings(scope.db, scope.organizationId);
  const person = scimUserToPerson(resource, settings, existing, mode);
  if (!person.ok) return person;

  let managerValues = {};
  if (person.value.managerId !== undefined) {
    const manager = await managerFields(scope, person.value.managerId, existing?.id);
    if (!manager.ok) return manager;
    managerValues = manager.value;
  }
  const fields = { ...person.value.fields, ...managerValues };
  const status = person.value.status;
  const clash =
    (await uniquenessConflict(scope, fields, existing?.id)) ??
    (await phoneConflict(scope, fields.phone, existing, status));
  if (clash !== undefined) return err(clash);

  let learner = existing
    ? (await updatePerson(scope.db, existing, fields, ACTOR, scope.now)).learner
    : await createPerson(scope.db, scope.organizationId, fields, ACTOR, scope.now);
  if (status !== undefined && status !== learner.status) {
    learner = await changeLearnerStatus(scope.db, learner, status, ACTOR, scope.now);
  }

  await syncPeople(scope.db, scope.organizationId, scope.now);
  const [written] = await loadUsers(scope, { id: learner.id });
  return ok(written as ScimResource);
}

async function managerFields(
  scope: ScimScope,
  managerId: string | null,
  selfId: string | undefined,
): Promise<Result<Pick<PersonFields, 'managerId' | 'managerEmail'>, ScimError>> {
  if (managerId === null) return ok({ managerId: null, managerEmail: null });
  const manager = isUuid(managerId) ? await findLearner(scope, managerId) : undefined;
  if (manager === undefined || manager.id === selfId) {
    return err(
      badRequest(
        'invalidValue',
        `manager "${managerId}" is not another user of this organization; ` +
          'provision the manager first, then set the reference to their id',
      ),
    );
  }
  return ok({ managerId: manager.id, managerEmail: manager.email });
}

/** userName, email and employee number each belong to one learner (409 uniqueness). */
async function uniquenessConflict(
  scope: ScimScope,
  fields: PersonFields,
  selfId: string | undefined,
): Promise<ScimError | undefined> {
  const others = () => {
    let query = scope.db
      .selectFrom('learners')
      .select(['id'])
      .where('organizationId', '=', scope.organizationId)
      .where('erasedAt', 'is', null);
    if (selfId !== undefined) query = query.where('id', '!=', selfId);
    return query;
  };

  const userName = fields.userName?.toLowerCase();
  if (userName !== undefined) {
    const taken = await others()
      .where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['userName']), '=', userName),
          eb.and([eb('userName', 'is', null), eb(eb.fn('lower', ['email']), '=', userName)]),
        ]),
      )
      .executeTakeFirst();
    if (taken) return conflict(`userName "${fields.userName}" is already used by another user`);
  }
  if (fields.email !== undefined) {
    const email = fields.email.toLowerCase();
    const taken = await others()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst();
    if (taken) return conflict(`email "${fields.email}" is already used by another user`);
  }
  if (fields.externalId) {
    const taken = await others().where('externalId', '=', fields.externalId).executeTakeFirst();
    if (taken) {
      return conflict(`employeeNumber "${fields.externalId}" is already used by another user`);
    }
  }
  return undefined;
}

/**
 * A phone number belongs to one learner who can be messaged (RFC 7644 §3.3: 409 with
 * scimType "uniqueness"). Checked when the write gives the user a number they did not have,
 * so a deactivation never fails over a number two users shared before this rule.
 */
async function phoneConflict(
  scope: ScimScope,
  phone: string | null | undefined,
  existing: LearnerRow | undefined,
  status: LearnerStatus | undefined,
): Promise<ScimError | undefined> {
  const after = { phone, status: status ?? existing?.status ?? 'active' };
  if (phone === null || phone === undefined || !givesNewPhone(existing, after)) return undefined;

  const holder = await findOtherPhoneHolder(scope.db, scope.organizationId, phone, existing?.id);
  if (holder === undefined) return undefined;
  return conflict(
    `phoneNumbers: ${phoneTakenReason(phone, holder)}; ` +
      'give each user their own mobile number in the identity provider',
  );
}

interface Narrowing {
  id?: string;
  userName?: string;
  externalId?: string;
}

/**
 * Identity providers look users up one at a time (`userName eq "..."`); those lookups read
 * one row instead of the whole organization. The full filter still runs on the result.
 *
 * Limitation: other filters are evaluated over every learner of the organization in memory.
 */
function narrowing(filter: Filter | undefined): Narrowing {
  if (filter === undefined) return {};
  if (filter.kind === 'and') return { ...narrowing(filter.left), ...narrowing(filter.right) };
  if (filter.kind !== 'compare' || filter.operator !== 'eq' || typeof filter.value !== 'string') {
    return {};
  }
  if (filter.path.uri !== undefined || filter.path.subAttribute !== undefined) return {};

  const attribute = filter.path.attribute.toLowerCase();
  if (attribute === 'id') return { id: filter.value };
  if (attribute === 'username') return { userName: filter.value };
  if (attribute === 'externalid') return { externalId: filter.value };
  return {};
}

async function loadUsers(scope: ScimScope, narrow: Narrowing): Promise<ScimResource[]> {
  if (narrow.id !== undefined && !isUuid(narrow.id)) return [];
  let query = scope.db
    .selectFrom('learners')
    .selectAll()
    .where('organizationId', '=', scope.organizationId)
    .where('erasedAt', 'is', null);
  if (narrow.id !== undefined) query = query.where('id', '=', narrow.id);
  if (narrow.externalId !== undefined)
    query = query.where('scimExternalId', '=', narrow.externalId);
  if (narrow.userName !== undefined) {
    const userName = narrow.userName.toLowerCase();
    query = query.where((eb) =>
      eb(eb.fn('lower', [eb.fn.coalesce('userName', 'email')]), '=', userName),
    );
  }
  const learners = await query.orderBy('createdAt').orderBy('id').execute();
  if (learners.length === 0) return [];

  const ids = learners.map((learner) => learner.id);
  const memberships = await scope.db
    .selectFrom('cohortMembers')
    .innerJoin('cohorts', 'cohorts.id', 'cohortMembers.cohortId')
    .select(['cohortMembers.learnerId', 'cohorts.id', 'cohorts.name'])
    .where('cohortMembers.learnerId', 'in', ids)
    .orderBy('cohorts.name')
    .execute();
  const managerIds = [...new Set(learners.flatMap((learner) => learner.managerId ?? []))];
  const managers =
    managerIds.length === 0
      ? []
      : await scope.db
          .selectFrom('learners')
          .select(['id', 'fullName'])
          .where('id', 'in', managerIds)
          .where('erasedAt', 'is', null)
          .execute();
  const managerById = new Map(managers.map((manager) => [manager.id, manager]));

  return learners.map((learner) =>
    learnerToScimUser(learner, {
      baseUrl: scope.baseUrl,
      groups: memberships.filter((membership) => membership.learnerId === learner.id),
      ...(learner.managerId && managerById.has(learner.managerId)
        ? { manager: managerById.get(learner.managerId) }
        : {}),
    }),
  );
}

async function findLearner(scope: ScimScope, id: string): Promise<LearnerRow | undefined> {
  if (!isUuid(id)) return undefined;
  return scope.db
    .selectFrom('learners')
    .selectAll()
    .where('organizationId', '=', scope.organizationId)
    .where('id', '=', id)
    .where('erasedAt', 'is', null)
    .executeTakeFirst();
}

/** Runs a write in one transaction; an error result rolls it back. */
export async function inTransaction<T>(
  scope: ScimScope,
  work: (scope: ScimScope) => Promise<Result<T, ScimError>>,
): Promise<Result<T, ScimError>> {
  try {
    return await scope.db.transaction().execute(async (trx) => {
      const result = await work({ ...scope, db: trx });
      if (!result.ok) throw new RolledBack(result.error);
      return result;
    });
  } catch (error) {
    if (error instanceof RolledBack) return err(error.scimError);
    // Two requests raced for the same unique value; the loser hears what the rule is.
    if (isUniqueViolation(error)) return err(conflict('a user or group with that value exists'));
    throw error;
  }
}

class RolledBack extends Error {
  constructor(readonly scimError: ScimError) {
    super(scimError.detail);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

const userNotFound = (id: string): ScimError => notFound(`no user with id "${id}" here`);

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
