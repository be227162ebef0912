import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { RateLimiter } from './rate-limiter.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

const at = (time: string) => new Date(`2026-06-15T${time}Z`);

describe(`rate limits kept in the database, on ${storageUnderTest}`, () => {
  let runtime: Runtime;
  let limiter: RateLimiter;
  beforeAll(async () => {
    runtime = await startTestRuntime();
    limiter = new RateLimiter(runtime.context.db);
  });
  afterAll(() => runtime.close());

  it('lets a burst through, then one send per interval', async () => {
    const take = (time: string) => limiter.take('provider:sms:burst', 2, 3, at(time));

    const burst = [await take('09:00:00'), await take('09:00:00'), await take('09:00:00')];
    expect(burst.every((result) => result.ok)).toBe(true);
    expect(await take('09:00:00')).toEqual({ ok: false, retryAt: at('09:00:00.500') });
    expect(await take('09:00:00.499')).toEqual({ ok: false, retryAt: at('09:00:00.500') });
    expect((await take('09:00:00.500')).ok).toBe(true);
    expect(await take('09:00:00.500')).toEqual({ ok: false, retryAt: at('09:00:01') });
  });

  it('gives a key that was idle its whole burst again', async () => {
    const take = (time: string) => limiter.take('org:idle', 1, 2, at(time));
    await take('09:00:00');
    await take('09:00:00');
    expect((await take('09:00:00')).ok).toBe(false);

    expect([(await take('09:00:10')).ok, (await take('09:00:10')).ok]).toEqual([true, true]);
    expect((await take('09:00:10')).ok).toBe(false);
  });

  it('keeps separate limits per key', async () => {
    expect((await limiter.take('org:a', 1, 1, at('09:00:00'))).ok).toBe(true);
    expect((await limiter.take('org:a', 1, 1, at('09:00:00'))).ok).toBe(false);
    expect((await limiter.take('org:b', 1, 1, at('09:00:00'))).ok).toBe(true);
  });

  it('makes a send given back available again at once', async () => {
    expect((await limiter.take('provider:email:back', 1, 1, at('09:00:00'))).ok).toBe(true);
    expect((await limiter.take('provider:email:back', 1, 1, at('09:00:00'))).ok).toBe(false);

    await limiter.giveBack('provider:email:back', 1);
    expect((await limiter.take('provider:email:back', 1, 1, at('09:00:00'))).ok).toBe(true);
  });

  it('shares one limit between two limiters on the same database, as two workers', async () => {
    const otherWorker = new RateLimiter(runtime.context.db);

    expect((await limiter.take('org:shared', 1, 2, at('09:00:00'))).ok).toBe(true);
    expect((await otherWorker.take('org:shared', 1, 2, at('09:00:00'))).ok).toBe(true);
    expect(await otherWorker.take('org:shared', 1, 2, at('09:00:00'))).toEqual({
      ok: false,
      retryAt: at('09:00:01'),
    });
    expect((await limiter.take('org:shared', 1, 2, at('09:00:00'))).ok).toBe(false);
  });

  it('lets exactly the burst through when many sends ask at the same instant', async () => {
    const otherWorker = new RateLimiter(runtime.context.db);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        (index % 2 === 0 ? limiter : otherWorker).take('org:race', 5, 5, at('09:00:00')),
      ),
    );

    expect(results.filter((result) => result.ok)).toHaveLength(5);
    expect(results.filter((result) => !result.ok)).toEqual(
      Array.from({ length: 7 }, () => ({ ok: false, retryAt: at('09:00:00.200') })),
    );
  });

  it('refuses a rate that is not above zero, naming the limit', async () => {
    await expect(limiter.take('org:zero', 0, 1, at('09:00:00'))).rejects.toThrow(
      'Rate limit "org:zero": sends per second must be above 0, got 0',
    );
  });
});
