import type { Kysely, Selectable } from 'kysely';
import type { Database, OrganizationsTable } from '../db/schema.ts';

export type Organization = Selectable<OrganizationsTable>;

export async function createOrganization(
  db: Kysely<Database>,
  input: { name: string; slug?: string },
): Promise<Organization> {
  const slug = input.slug ?? (await freeSlug(db, slugify(input.name)));
  return db
    .insertInto('organizations')
    .values({ name: input.name, slug })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listOrganizations(db: Kysely<Database>): Promise<Organization[]> {
  return db.selectFrom('organizations').selectAll().orderBy('createdAt').execute();
}

export async function findOrganization(
  db: Kysely<Database>,
  idOrSlug: string,
): Promise<Organization | undefined> {
  const query = db.selectFrom('organizations').selectAll();
  return isUuid(idOrSlug)
    ? query.where('id', '=', idOrSlug).executeTakeFirst()
    : query.where('slug', '=', idOrSlug).executeTakeFirst();
}

/** "Acme Logistics, Inc." becomes "acme-logistics-inc". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'organization';
}

async function freeSlug(db: Kysely<Database>, base: string): Promise<string> {
  const taken = await db
    .selectFrom('organizations')
    .select('slug')
    .where('slug', 'like', `${base}%`)
    .execute();
  const used = new Set(taken.map((row) => row.slug));
  if (!used.has(base)) return base;
  let suffix = 2;
  while (used.has(`${base}-${suffix}`)) suffix += 1;
  return `${base}-${suffix}`;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
