/**
 * Checks an organization's name and slug as an administrator types them. The slug is what
 * `--org`, `/organizations/{org}` and the SCIM base URL take, so it must be safe in a URL.
 */
import { err, ok, type Result } from '../shared/result.ts';
import { isUuid, slugify } from './organization-repository.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG = 63;
const MAX_NAME = 200;

export function readOrganizationName(value: string): Result<string, string> {
  const name = value.trim();
  if (name === '') return err('the name is empty; give the name people know it by, e.g. "Acme"');
  if (name.length > MAX_NAME) return err(`the name is longer than ${MAX_NAME} characters`);
  return ok(name);
}

/** @example readOrganizationSlug('Acme Co') // error suggesting "acme-co" */
export function readOrganizationSlug(value: string): Result<string, string> {
  const slug = value.trim();
  if (slug.length > MAX_SLUG) return err(`slug "${slug}" is longer than ${MAX_SLUG} characters`);
  // Lookups take an id or a slug, so a slug shaped like an id could never be found.
  if (isUuid(slug)) return err(`slug "${slug}" looks like an id; choose a word such as "acme"`);
  if (!SLUG.test(slug)) {
    return err(
      `slug "${slug}" must be lowercase letters and digits joined by single dashes, ` +
        `e.g. "${slugify(slug)}"`,
    );
  }
  return ok(slug);
}
