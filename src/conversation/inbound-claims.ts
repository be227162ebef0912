import type { Kysely } from 'kysely';
import type { InboundMessage } from '../channels/channel.ts';
import type { Database, LearnerRow } from '../db/schema.ts';

/** The outcome a claimed message carries while a worker is still handling it. */
const IN_HAND = 'received';

/**
 * How long a claim still in hand keeps other copies out. A reply is handled in well under a
 * second; a claim older than this belongs to a worker that died mid-reply, and the retry of
 * its job (the channel-events job expires after 120 s) takes it over instead of skipping it.
 */
const CLAIM_LEASE_MS = 60_000;

/**
 * Claims a provider message for handling, before anything else happens: one statement on
 * the unique (channel, provider message id), so of two copies in flight at once, on any
 * number of workers, exactly one gets a claim id; the other gets undefined and must change
 * nothing (pitfall SMS-06). A copy arriving after the message was handled gets undefined too.
 * @example const claimId = await claimInboundMessage(db, learner, message, clock.now());
 */
export async function claimInboundMessage(
  db: Kysely<Database>,
  learner: Pick<LearnerRow, 'id' | 'organizationId'>,
  message: InboundMessage,
  now: Date,
): Promise<string | undefined> {
  const abandonedBefore = new Date(now.getTime() - CLAIM_LEASE_MS);
  const claimed = await db
    .insertInto('inboundMessages')
    .values({
      organizationId: learner.organizationId,
      channel: message.channel,
      providerMessageId: message.providerMessageId,
      learnerId: learner.id,
      outcome: IN_HAND,
      receivedAt: message.receivedAt,
      claimedAt: now,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['channel', 'providerMessageId'])
        .doUpdateSet({ claimedAt: now })
        .where('inboundMessages.outcome', '=', IN_HAND)
        .where('inboundMessages.claimedAt', '<', abandonedBefore),
    )
    .returning('id')
    .executeTakeFirst();
  return claimed?.id;
}

/** Records what became of a claimed message; from then on every copy of it is ignored. */
export async function settleInboundClaim(
  db: Kysely<Database>,
  claimId: string,
  outcome: string,
): Promise<void> {
  await db.updateTable('inboundMessages').set({ outcome }).where('id', '=', claimId).execute();
}

/**
 * Gives a claim back after handling failed, so that a retry or a redelivery of the message
 * handles it afresh rather than finding it "already handled".
 */
export async function releaseInboundClaim(db: Kysely<Database>, claimId: string): Promise<void> {
  await db
    .deleteFrom('inboundMessages')
    .where('id', '=', claimId)
    .where('outcome', '=', IN_HAND)
    .execute();
}
