import { describe, expect, it } from 'vitest';

import { seededRandom } from '../../shared/random.ts';
import { canRetry, DEFAULT_RETRY_POLICY, retryDelayMs } from './retry-policy.ts';

const policy = { maxAttempts: 5, baseDelaySeconds: 30, maxDelaySeconds: 600 };

describe('retry backoff', () => {
  it.each([
    [1, 0, 15_000],
    [1, 0.999_999, 30_000],
    [2, 0, 30_000],
    [3, 0.5, 90_000],
    [6, 0, 300_000],
    [9, 1, 600_000],
  ])('after attempt %i with jitter draw %d waits %i ms', (attempt, draw, expected) => {
    expect(retryDelayMs(attempt, policy, undefined, () => draw)).toBe(expected);
  });

  it('never waits less than Retry-After, even past the cap', () => {
    expect(retryDelayMs(1, policy, 120, () => 0)).toBe(120_000);
    expect(retryDelayMs(1, policy, 7_200, () => 1)).toBe(7_200_000);
    expect(retryDelayMs(4, policy, 1, () => 0)).toBe(120_000);
  });

  it('spreads workers that failed together over half the interval', () => {
    const random = seededRandom('spread');
    const delays = Array.from({ length: 50 }, () => retryDelayMs(3, policy, undefined, random));

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(60_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(120_000);
    expect(new Set(delays).size).toBeGreaterThan(40);
  });

  it('allows attempts up to the maximum, then dead-letters', () => {
    expect(canRetry(4, policy)).toBe(true);
    expect(canRetry(5, policy)).toBe(false);
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
  });
});
