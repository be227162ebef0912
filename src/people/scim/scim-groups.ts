/**
 * The SCIM /Groups resource: cohorts. A group pushed by the identity provider is a static
 * cohort whose members the provider manages; its changes drive automatic enrolment like any
 * other cohort's. Rule cohorts are listed too, but their members follow their rule, so a
 * request to change them is refused with "mutability".
 */
import type { Kysely, Selectable } from 'kysely';
import type { CohortsTable, Database } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { addMembers, type CohortTransition } from '../cohorts/cohort-membership.ts';
import { applyAutoEnrolment } from '../enrolment/auto-enrolment.ts';
import { syncPeople } from '../people-sync.ts';
import { badRequest, conflict, notFound, type ScimError } from './scim-errors.ts';
import { isRecord } from './scim-filter-match.ts';
import { listResponse, projectResource, readFilterParameter, readPage } from './scim-list.ts';
import type { ListQuery } from './scim-list.ts';
import { applyPatch, readPatchRequest } from './scim-patch.ts';
import { readResourceBody, type ScimResource } from './scim-resource-body.ts';
import { SCHEMA } from './scim-schema.ts';
import { inTransaction, isUuid, type ScimScope } from './scim-users.ts';

type Cohort = Selectable<CohortsTable>;

export async function listGroups(
  scope: ScimScope,
  query: ListQuery,
): Promise<Result<Record<string, unknown>, ScimError>> {
  const filter = readFilterParameter('Group', query.filter);
  if (!filter.ok) return filter;
  const page = readPage(query);
  if (!page.ok) return page;

  const resources = await loadGroups(scope);
  return ok(listResponse('Group', resources, filter.value, page.value, query));
}

export async function getGroup(
  scope: ScimScope,
  id: string,
  query: ListQuery = {},
): Promise<Result<ScimResource, ScimError>> {
  const [resource] = await loadGroups(scope, id);
  if (resource === undefined) return err(groupNotFound(id));
  return ok(projectResource('Group', resource, query));
}

export async function createGroup(
  scope: ScimScope,
  body: unknown,
): Promise<Result<ScimResource, ScimError>> {
  const resource = readResourceBody('Group', body);
  if (!resource.ok) return resource;

  return inTransaction(scope, async (inner) => {
    const wanted = await readGroup(inner, resource.value, undefined);
    if (!wanted.ok) return wanted;

    const cohort = await inner.db
      .insertInto('cohorts')
      .values({
        organizationId: inner.organizationId,
        name: wanted.value.displayName,
        kind: 'static',
        rule: null,
        scimExternalId: wanted.value.externalId,
        createdAt: inner.now,
        updatedAt: inner.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addMembers(inner.db, cohort.id, wanted.value.members ?? [], inner.now);
    const entered = (wanted.value.members ?? []).map((learnerId) => ({
      cohortId: cohort.id,
      learnerId,
      change: 'entered' as const,
    }));
    await syncPeople(inner.db, inner.organizationId, inner.now, entered);

    const [created] = await loadGroups(inner, cohort.id);
    return ok(created as ScimResource);
  });
}

export async function replaceGroup(
  scope: ScimScope,
  id: string,
  body: unknown,
): Promise<Result<ScimResource, ScimError>> {
  const resource = readResourceBody('Group', body);
  if (!resource.ok) return resource;
  return inTransaction(scope, (inner) => writeGroup(inner, id, () => ok(resource.value)));
}

export async function patchGroup(
  scope: ScimScope,
  id: string,
  body: unknown,
): Promise<Result<ScimResource, ScimError>> {
  const operations = readPatchRequest(body);
  if (!operations.ok) return operations;
  return inTransaction(scope, (inner) =>
    writeGroup(inner, id, (current) => applyPatch('Group', current, operations.value)),
  );
}

/** Members leave first, so rules that withdraw on exit stop the group's courses. */
export async function deleteGroup(scope: ScimScope, id: string): Promise<Result<true, ScimError>> {
  return inTransaction(scope, async (inner) => {
    const cohort = await findCohort(inner, id);
    if (cohort === undefined) return err(groupNotFound(id));

    const members = await memberIds(inner.db, cohort.id);
    const left = members.map((learnerId) => ({
      cohortId: cohort.id,
      learnerId,
      change: 'left' as const,
    }));
    await applyAutoEnrolment(inner.db, inner.organizationId, left, inner.now);
    await inner.db.deleteFrom('cohorts').where('id', '=', cohort.id).execute();
    return ok(true as const);
  });
}

async function writeGroup(
  scope: ScimScope,
  id: string,
  next: (current: ScimResource) => Result<ScimResource, ScimError>,
): Promise<Result<ScimResource, ScimError>> {
  const cohort = await findCohort(scope, id);
  if (cohort === undefined) return err(groupNotFound(id));
  const [current] = await loadGroups(scope, cohort.id);
  const resource = next(current as ScimResource);
  if (!resource.ok) return resource;

  const wanted = await readGroup(scope, resource.value, cohort.id);
  if (!wanted.ok) return wanted;
  const before = await memberIds(scope.db, cohort.id);
  const after = wanted.value.members ?? [];
  const entered = after.filter((learnerId) => !before.includes(learnerId));
  const left = before.filter((learnerId) => !after.includes(learnerId));

  if (cohort.kind === 'rule' && entered.length + left.length > 0) {
    return err(
      badRequest(
        'mutability',
        `the members of "${cohort.name}" follow its rule in Inflow and cannot be set here`,
      ),
    );
  }

  await scope.db
    .updateTable('cohorts')
    .set({
      name: wanted.value.displayName,
      scimExternalId: wanted.value.externalId,
      updatedAt: scope.now,
    })
    .where('id', '=', cohort.id)
    .execute();
  await addMembers(scope.db, cohort.id, entered, scope.now);
  if (left.length > 0) {
    await scope.db
      .deleteFrom('cohortMembers')
      .where('cohortId', '=', cohort.id)
      .where('learnerId', 'in', left)
      .execute();
  }
  const transitions: CohortTransition[] = [
    ...entered.map((learnerId) => ({ cohortId: cohort.id, learnerId, change: 'entered' as const })),
    ...left.map((learnerId) => ({ cohortId: cohort.id, learnerId, change: 'left' as const })),
  ];
  await syncPeople(scope.db, scope.organizationId, scope.now, transitions);

  const [written] = await loadGroups(scope, cohort.id);
  return ok(written as ScimResource);
}

interface WantedGroup {
  displayName: string;
  externalId: string | null;
  members?: string[];
}

/** Checks name, uniqueness and members; members must be users of this organization. */
async function readGroup(
  scope: ScimScope,
  resource: ScimResource,
  selfId: string | undefined,
): Promise<Result<WantedGroup, ScimError>> {
  const displayName = typeof resource.displayName === 'string' ? resource.displayName.trim() : '';
  if (displayName === '') return err(badRequest('invalidValue', 'displayName is required'));

  let query = scope.db
    .selectFrom('cohorts')
    .select('id')
    .where('organizationId', '=', scope.organizationId)
    .where('name', '=', displayName);
  if (selfId !== undefined) query = query.where('id', '!=', selfId);
  if (await query.executeTakeFirst()) {
    return err(conflict(`a group named "${displayName}" already exists`));
  }

  const members = Array.isArray(resource.members) ? resource.members.filter(isRecord) : [];
  for (const member of members) {
    if (member.type !== undefined && member.type !== 'User') {
      return err(badRequest('invalidValue', 'members must be users: groups do not nest here'));
    }
  }
  const ids = [...new Set(members.map((member) => String(member.value)))];
  const known =
    ids.filter(isUuid).length === 0
      ? []
      : await scope.db
          .selectFrom('learners')
          .select('id')
          .where('organizationId', '=', scope.organizationId)
          .where('erasedAt', 'is', null)
          .where('id', 'in', ids.filter(isUuid))
          .execute();
  const unknown = ids.filter((id) => !known.some((row) => row.id === id));
  if (unknown.length > 0) {
    return err(badRequest('invalidValue', `members ${unknown.join(', ')} are not users here`));
  }

  return ok({
    displayName,
    externalId: typeof resource.externalId === 'string' ? resource.externalId : null,
    members: ids,
  });
}

async function loadGroups(scope: ScimScope, id?: string): Promise<ScimResource[]> {
  if (id !== undefined && !isUuid(id)) return [];
  let query = scope.db
    .selectFrom('cohorts')
    .selectAll()
    .where('organizationId', '=', scope.organizationId);
  if (id !== undefined) query = query.where('id', '=', id);
  const cohorts = await query.orderBy('createdAt').orderBy('id').execute();
  if (cohorts.length === 0) return [];

  const members = await scope.db
    .selectFrom('cohortMembers')
    .innerJoin('learners', 'learners.id', 'cohortMembers.learnerId')
    .select(['cohortMembers.cohortId', 'learners.id', 'learners.fullName'])
    .where(
      'cohortMembers.cohortId',
      'in',
      cohorts.map((cohort) => cohort.id),
    )
    .where('learners.erasedAt', 'is', null)
    .orderBy('cohortMembers.addedAt')
    .orderBy('learners.id')
    .execute();

  return cohorts.map((cohort) => ({
    schemas: [SCHEMA.group],
    id: cohort.id,
    ...(cohort.scimExternalId === null ? {} : { externalId: cohort.scimExternalId }),
    displayName: cohort.name,
    members: members
      .filter((member) => member.cohortId === cohort.id)
      .map((member) => ({
        value: member.id,
        $ref: `${scope.baseUrl}/Users/${member.id}`,
        display: member.fullName,
        type: 'User',
      })),
    meta: {
      resourceType: 'Group',
      created: cohort.createdAt.toISOString(),
      lastModified: cohort.updatedAt.toISOString(),
      location: `${scope.baseUrl}/Groups/${cohort.id}`,
    },
  }));
}

async function findCohort(scope: ScimScope, id: string): Promise<Cohort | undefined> {
  if (!isUuid(id)) return undefined;
  return scope.db
    .selectFrom('cohorts')
    .selectAll()
    .where('organizationId', '=', scope.organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

async function memberIds(db: Kysely<Database>, cohortId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cohortMembers')
    .select('learnerId')
    .where('cohortId', '=', cohortId)
    .execute();
  return rows.map((row) => row.learnerId);
}

const groupNotFound = (id: string): ScimError => notFound(`no group with id "${id}" here`);
