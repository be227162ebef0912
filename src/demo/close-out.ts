import { sql, type Kysely } from 'kysely';

import type { Database } from '../db/schema.ts';

/** The error code on each delivery the end of a demo cancelled, for `inflow status` readers. */
export const DEMO_ENDED = 'demo_ended';
const DEMO_ENDED_REASON = 'the demo ended before it was sent';

export interface DemoCloseOut {
  enrolmentsWithdrawn: number;
  deliveriesCancelled: number;
  promptsClosed: number;
}

/**
 * Ends all delivery of the demo organization when the demo stops, in one transaction, so a
 * later `inflow serve` on the same data has nothing of it to send (it has no simulator
 * channel, and would only turn each message into a dead letter):
 *
 * - queued messages (held ones too) are cancelled with the code `demo_ended`;
 * - open questions are closed, so no reminder is scheduled for them;
 * - every enrolment is withdrawn, finished ones included, because reviews keep coming back
 *   to completed enrolments as retention checks. `completedAt` stays, so reports still
 *   count who finished; a `withdrawn` learning event records why.
 */
export async function closeOutDemo(
  db: Kysely<Database>,
  organizationId: string,
  now: Date,
): Promise<DemoCloseOut> {
  return db.transaction().execute(async (trx) => {
    const history = JSON.stringify([
      { status: 'cancelled', at: now.toISOString(), errorCode: DEMO_ENDED },
    ]);
    const cancelled = await trx
      .updateTable('deliveries')
      .set({
        status: 'cancelled',
        errorCode: DEMO_ENDED,
        errorReason: DEMO_ENDED_REASON,
        nextAttemptAt: null,
        leaseUntil: null,
        statusHistory: sql`status_history || ${history}::jsonb`,
      })
      .where('organizationId', '=', organizationId)
      .where('status', '=', 'queued')
      .returning('id')
      .execute();

    const closed = await trx
      .updateTable('prompts')
      .set({ status: 'closed' })
      .where('organizationId', '=', organizationId)
      .where('status', '=', 'open')
      .returning('id')
      .execute();

    const withdrawn = await trx
      .updateTable('enrolments')
      .set({ status: 'withdrawn', nextSendAt: null, pausedReason: null, snoozedUntil: null })
      .where('organizationId', '=', organizationId)
      .where('status', '!=', 'withdrawn')
      .returning(['id', 'learnerId', 'courseVersionId'])
      .execute();
    if (withdrawn.length > 0) {
      await trx
        .insertInto('learningEvents')
        .values(
          withdrawn.map((enrolment) => ({
            organizationId,
            learnerId: enrolment.learnerId,
            enrolmentId: enrolment.id,
            type: 'withdrawn',
            payload: JSON.stringify({
              courseVersionId: enrolment.courseVersionId,
              reason: DEMO_ENDED,
            }),
            occurredAt: now,
          })),
        )
        .execute();
    }

    return {
      enrolmentsWithdrawn: withdrawn.length,
      deliveriesCancelled: cancelled.length,
      promptsClosed: closed.length,
    };
  });
}
