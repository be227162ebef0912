/** Resolves what a request names inside an organization, with a clear 404 or 422 if absent. */
import type { EngineContext } from '../app/context.ts';
import {
  findOrganization,
  type Organization,
} from '../organizations/organization-repository.ts';
import { ApiError } from './api-error.ts';
import { organizationOfCourseVersion } from './queries/course-queries.ts';
import { findLearnersByIds } from './queries/learner-queries.ts';

/** The organization a nested route names by id or slug; a 404 saying so when there is none. */
export async function findOrganizationOrThrow(
  context: EngineContext,
  idOrSlug: string,
): Promise<Organization> {
  const organization = await findOrganization(context.db, idOrSlug);
  if (!organization) {
    throw new ApiError('not_found', `No organization has the id or slug "${idOrSlug}"; ` +
      'GET /api/v1/organizations lists them');
  }
  return organization;
}

/**
 * A 404 unless the course version exists and belongs to the organization. A version of
 * another organization is answered like a missing one, so ids do not reveal other tenants.
 */
export async function assertCourseVersionOf(
  context: EngineContext,
  organizationId: string,
  versionId: string,
): Promise<void> {
  const owner = await organizationOfCourseVersion(context.db, versionId);
  if (owner !== organizationId) {
    throw new ApiError('not_found', `This organization has no course version ${versionId}`);
  }
}

/**
 * The distinct learner ids a body names, once each is known to be a learner of the
 * organization; a 422 listing the others.
 */
export async function learnerIdsOf(
  context: EngineContext,
  organizationId: string,
  learnerIds: readonly string[],
): Promise<string[]> {
  const wanted = [...new Set(learnerIds)];
  const found = new Set((await findLearnersByIds(context.db, organizationId, wanted))
    .map((learner) => learner.id));

  const unknown = wanted.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    throw new ApiError('unprocessable',
      `${unknown.length} learner id(s) are not learners of this organization`, { unknown });
  }
  return wanted;
}
