import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * What went out under an idempotency key, part by part. A provider without idempotency keys
 * (Twilio's Messages API has none) would send a retried part twice; the adapter asks here
 * first. Status callbacks for any part are then traced back to the message's first part.
 */
export interface SentPartKey {
  organizationId: string;
  channel: string;
  idempotencyKey: string;
}

export async function findSentPart(
  db: Kysely<Database>,
  key: SentPartKey,
  part: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('channelSentParts')
    .select('providerMessageId')
    .where('organizationId', '=', key.organizationId)
    .where('channel', '=', key.channel)
    .where('idempotencyKey', '=', key.idempotencyKey)
    .where('part', '=', part)
    .executeTakeFirst();
  return row?.providerMessageId;
}

export async function recordSentPart(
  db: Kysely<Database>,
  key: SentPartKey,
  part: number,
  providerMessageId: string,
  sentAt: Date,
): Promise<void> {
  await db
    .insertInto('channelSentParts')
    .values({ ...key, part, providerMessageId, sentAt })
    .onConflict((conflict) =>
      conflict.columns(['organizationId', 'channel', 'idempotencyKey', 'part']).doNothing(),
    )
    .execute();
}

/**
 * The provider id of the first part of the message a part belongs to: the id the delivery
 * knows. A message sent in one part, or one never recorded here, maps to itself.
 * Limitation: a delivery of several messages keeps one provider id, so callbacks for its
 * other messages find no delivery and are ignored.
 */
export async function firstPartOf(
  db: Kysely<Database>,
  organizationId: string,
  channel: string,
  providerMessageId: string,
): Promise<string> {
  const row = await db
    .selectFrom('channelSentParts as part')
    .innerJoin('channelSentParts as first', (join) =>
      join
        .onRef('first.organizationId', '=', 'part.organizationId')
        .onRef('first.channel', '=', 'part.channel')
        .onRef('first.idempotencyKey', '=', 'part.idempotencyKey'),
    )
    .select('first.providerMessageId')
    .where('part.organizationId', '=', organizationId)
    .where('part.channel', '=', channel)
    .where('part.providerMessageId', '=', providerMessageId)
    .where('first.part', '=', 1)
    .executeTakeFirst();
  return row?.providerMessageId ?? providerMessageId;
}
