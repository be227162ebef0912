import type { Random } from '../../shared/random.ts';

/** How a send that a provider refused for now (5xx, 429, timeout) is tried again. */
export interface RetryPolicy {
  /** Attempts in all, the first included; after the last one the delivery is dead-lettered. */
  maxAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

/** About six hours of attempts (30 s doubling to an hour), so a morning outage loses nothing. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 12,
  baseDelaySeconds: 30,
  maxDelaySeconds: 3_600,
};

/**
 * The wait before the next attempt after `attempt` attempts failed: exponential backoff with
 * "equal jitter" (half fixed, half random), so workers that failed together do not come back
 * together; never shorter than the provider's Retry-After (RFC 9110 §10.2.3), which wins
 * even over the cap, since sending earlier only earns another 429.
 *
 * @example retryDelayMs(3, DEFAULT_RETRY_POLICY, undefined, () => 0.5) // 90_000
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterSeconds: number | undefined,
  random: Random,
): number {
  const exponential = Math.min(
    policy.maxDelaySeconds,
    policy.baseDelaySeconds * 2 ** Math.max(0, attempt - 1),
  );
  const jittered = exponential / 2 + (random() * exponential) / 2;
  const floor = retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? retryAfterSeconds : 0;
  return Math.round(Math.max(jittered, floor) * 1000);
}

/** Whether another attempt is allowed after `attempt` attempts. */
export function canRetry(attempt: number, policy: RetryPolicy): boolean {
  return attempt < policy.maxAttempts;
}
