import type { DeliveryRow, StatusChange } from '../../db/schema.ts';

/**
 * The status-history entry written when a channel refused a delivery for good and the
 * delivery moved to a fallback channel: the history is the memory of every channel tried, so
 * a fallback is never tried twice and the final failure can name each refusal.
 */
export interface ChannelRefusalEntry {
  status: 'queued';
  at: string;
  errorCode: string;
  /** The channel that refused. */
  channel: string;
  reason: string;
  fallbackTo: string;
}

/** The entry written when an admin puts a dead or failed delivery back in the queue. */
export interface RequeueEntry {
  status: 'queued';
  at: string;
  requeuedFrom: 'dead' | 'failed';
  note: string;
}

export interface ChannelRefusal {
  channel: string;
  code: string;
  reason: string;
}

type HistoryEntry = StatusChange &
  Partial<Omit<ChannelRefusalEntry, 'status'>> &
  Partial<Omit<RequeueEntry, 'status'>>;

/**
 * The channels that refused this delivery since it was last queued afresh, oldest first. A
 * requeue starts over: the admin may have fixed what refused it.
 */
export function refusalsSoFar(history: readonly StatusChange[]): ChannelRefusal[] {
  const entries = history as readonly HistoryEntry[];
  const start = entries.map((entry) => entry.requeuedFrom !== undefined).lastIndexOf(true) + 1;

  return entries
    .slice(start)
    .flatMap((entry) =>
      entry.channel !== undefined && entry.fallbackTo !== undefined
        ? [{ channel: entry.channel, code: entry.errorCode ?? '', reason: entry.reason ?? '' }]
        : [],
    );
}

/**
 * Every channel this delivery has been on: the one it is on, the one first chosen, and each
 * that refused it before. Deliveries from before refusals were recorded know only the first two.
 */
export function channelsTried(
  delivery: Pick<DeliveryRow, 'channel' | 'preferredChannel' | 'statusHistory'>,
): Set<string> {
  return new Set([
    delivery.channel,
    delivery.preferredChannel ?? delivery.channel,
    ...refusalsSoFar(delivery.statusHistory).map((refusal) => refusal.channel),
  ]);
}

/**
 * One reason for a delivery no channel could take: each channel and why it refused, or the
 * single reason as it was when only one channel was ever in play.
 * @example refusalSummary([{ channel: 'sms', code: 'not_configured', reason: 'no key' }, ...])
 *   // 'no channel could take it: sms: no key; email: learner opted out of email'
 */
export function refusalSummary(refusals: readonly ChannelRefusal[]): string {
  if (refusals.length === 1) return refusals[0]?.reason ?? '';
  const each = refusals.map((refusal) => `${refusal.channel}: ${refusal.reason}`).join('; ');
  return `no channel could take it: ${each}`;
}
