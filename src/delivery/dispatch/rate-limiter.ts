/**
 * Token buckets keyed by name ("provider:sms", "org:<id>"): each holds up to `burst` tokens and
 * refills at `perSecond`. Time comes from the caller, so simulated time refills them too.
 * Limitation: buckets live in one process; N workers allow up to N times each rate.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /**
   * Takes one token, or says when one will be there.
   * @example limiter.take('provider:sms', 10, 10, now) // { ok: true } or { ok: false, retryAt }
   */
  take(
    key: string,
    perSecond: number,
    burst: number,
    now: Date,
  ): { ok: true } | { ok: false; retryAt: Date } {
    const at = now.getTime();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at };
    const refilled = Math.min(
      burst,
      bucket.tokens + (Math.max(0, at - bucket.at) / 1000) * perSecond,
    );

    if (refilled >= 1) {
      this.buckets.set(key, { tokens: refilled - 1, at });
      return { ok: true };
    }
    this.buckets.set(key, { tokens: refilled, at });
    const waitMs = Math.ceil(((1 - refilled) / perSecond) * 1000);
    return { ok: false, retryAt: new Date(at + waitMs) };
  }

  /** Gives back a token taken for a send that did not happen after all. */
  giveBack(key: string, burst: number): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(burst, bucket.tokens + 1);
  }
}
