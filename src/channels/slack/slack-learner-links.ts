/**
 * Learners are reached on Slack by their Slack user id, found from their work email with
 * users.lookupByEmail and kept in `learners.channel_ids.slack`. Linking stops at the first
 * rate limit and says how long to wait; running it again continues where it stopped.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Result } from '../../shared/result.ts';
import type { SendFailure } from '../channel.ts';

export type SlackUserLookup = (email: string) => Promise<Result<string | null, SendFailure>>;

export interface LinkSummary {
  linked: number;
  /** No workspace member has the learner's email. */
  notFound: number;
  /** Not looked up yet: a rate limit or an error stopped the run. */
  remaining: number;
  retryAfterSeconds?: number;
  /** Why the run stopped early, if it did. */
  stoppedBecause?: string;
}

/**
 * Links every active learner of the organization who has no Slack id yet.
 * @example await linkSlackLearnersByEmail(db, orgId, (email) => slack.findUserIdByEmail(email))
 */
export async function linkSlackLearnersByEmail(
  db: Kysely<Database>,
  organizationId: string,
  lookup: SlackUserLookup,
  logger: Logger,
): Promise<LinkSummary> {
  const learners = await db
    .selectFrom('learners')
    .select(['id', 'email'])
    .where('organizationId', '=', organizationId)
    .where('status', '=', 'active')
    .where(sql<boolean>`coalesce(channel_ids ->> 'slack', '') = ''`)
    .where('email', '!=', '')
    .orderBy('email')
    .execute();

  const summary: LinkSummary = { linked: 0, notFound: 0, remaining: 0 };
  for (const [index, learner] of learners.entries()) {
    const found = await lookup(learner.email);
    if (!found.ok) {
      summary.remaining = learners.length - index;
      summary.stoppedBecause = found.error.reason;
      if (found.error.retryAfterSeconds !== undefined) {
        summary.retryAfterSeconds = found.error.retryAfterSeconds;
      }
      break;
    }
    if (found.value === null) {
      summary.notFound += 1;
      continue;
    }
    await db
      .updateTable('learners')
      .set({ channelIds: sql`channel_ids || ${JSON.stringify({ slack: found.value })}::jsonb` })
      .where('id', '=', learner.id)
      .execute();
    summary.linked += 1;
  }

  logger.info({ organizationId, ...summary }, 'Slack learners linked by email');
  return summary;
}
