/**
 * One SCIM bearer token per organization. Only its SHA-256 hash is stored: the token is 256
 * random bits, so a fast hash is enough to make a copied database useless for calling the
 * API, and a lookup stays cheap on every request. Rotating replaces the token at once.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

const TOKEN_PREFIX = 'inflow_scim_';

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Creates or replaces the organization's token and returns it; it is never shown again. */
export async function rotateScimToken(
  db: Kysely<Database>,
  organizationId: string,
  now: Date,
): Promise<string> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const values = { tokenHash: hashOf(token), createdAt: now, lastUsedAt: null };
  await db
    .insertInto('scimTokens')
    .values({ organizationId, ...values })
    .onConflict((conflict) => conflict.column('organizationId').doUpdateSet(values))
    .execute();
  return token;
}

/** Whether the token is this organization's; notes when it was last used. */
export async function verifyScimToken(
  db: Kysely<Database>,
  organizationId: string,
  token: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom('scimTokens')
    .select('tokenHash')
    .where('organizationId', '=', organizationId)
    .executeTakeFirst();
  if (row === undefined) return false;

  const presented = Buffer.from(hashOf(token), 'hex');
  const stored = Buffer.from(row.tokenHash, 'hex');
  if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) return false;

  await db
    .updateTable('scimTokens')
    .set({ lastUsedAt: now })
    .where('organizationId', '=', organizationId)
    .execute();
  return true;
}

/** The SCIM base URL an identity provider is given for an organization. */
export function scimBaseUrl(publicUrl: string, organizationSlug: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/scim/v2/${organizationSlug}`;
}
