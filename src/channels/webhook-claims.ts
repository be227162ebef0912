import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Claims a provider event for processing, once: the first of two overlapping deliveries of
 * the same webhook inserts the key and gets true, every later one gets false. A single
 * insert, so two requests in flight cannot both see "not yet handled" (pitfall SMS-06).
 * @example if (!(await claimWebhookEvent(db, orgId, 'sms', `inbound:${sid}`, now))) skip();
 */
export async function claimWebhookEvent(
  db: Kysely<Database>,
  organizationId: string,
  channel: string,
  eventKey: string,
  now: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto('channelWebhookClaims')
    .values({ channel, eventKey, organizationId, claimedAt: now })
    .onConflict((conflict) => conflict.columns(['channel', 'eventKey']).doNothing())
    .returning('eventKey')
    .executeTakeFirst();
  return inserted !== undefined;
}
