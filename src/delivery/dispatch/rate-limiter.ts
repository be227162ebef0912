/**
 * Rate limits keyed by name ("provider:sms", "org:<id>"), by the generic cell rate algorithm:
 * each key remembers when its next send is due at the steady rate, and a burst of `burst`
 * sends may run ahead of that. Whole milliseconds only, so limits are exact. Time comes from
 * the caller, so simulated time drives them too.
 * Limitation: the state lives in one process; N workers allow up to N times each rate.
 */
export class RateLimiter {
  private readonly theoreticalArrival = new Map<string, number>();

  /**
   * Takes one send, or says when the next one is allowed.
   * @example limiter.take('provider:sms', 10, 10, now) // { ok: true } or { ok: false, retryAt }
   */
  take(
    key: string,
    perSecond: number,
    burst: number,
    now: Date,
  ): { ok: true } | { ok: false; retryAt: Date } {
    const at = now.getTime();
    const interval = Math.max(1, Math.round(1000 / perSecond));
    const tolerance = interval * (Math.max(1, burst) - 1);
    const arrival = Math.max(this.theoreticalArrival.get(key) ?? at, at);

    if (arrival - tolerance > at) return { ok: false, retryAt: new Date(arrival - tolerance) };
    this.theoreticalArrival.set(key, arrival + interval);
    return { ok: true };
  }

  /** Gives back a send taken for a message that did not go after all. */
  giveBack(key: string, perSecond: number): void {
    const arrival = this.theoreticalArrival.get(key);
    if (arrival !== undefined) {
      this.theoreticalArrival.set(key, arrival - Math.max(1, Math.round(1000 / perSecond)));
    }
  }
}
