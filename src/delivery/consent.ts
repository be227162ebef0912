import type { EngineContext } from '../app/context.ts';

/**
 * Records that a learner may no longer be messaged on a channel. A provider refusing a send
 * because the person opted out with the carrier is as binding as a STOP sent to us.
 */
export async function revokeConsent(
  context: EngineContext,
  learnerId: string,
  channel: string,
  source: string,
): Promise<void> {
  const recordedAt = context.clock.now();
  await context.db
    .insertInto('channelConsents')
    .values({ learnerId, channel, status: 'revoked', source, recordedAt })
    .onConflict((conflict) =>
      conflict
        .columns(['learnerId', 'channel'])
        .doUpdateSet({ status: 'revoked', source, recordedAt }),
    )
    .execute();
  context.logger.info({ learnerId, channel, source }, 'channel consent revoked');
}
