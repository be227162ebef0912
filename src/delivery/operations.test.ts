import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { readingCourse } from '../../test/support/course-fixtures.ts';
import { startDeliveryScenario } from '../../test/support/delivery-scenario.ts';
import { learner } from '../../test/support/scenario.ts';
import { storageUnderTest } from '../../test/support/test-runtime.ts';
import { main } from '../cli/main.ts';
import { API_PREFIX, createApp } from '../server/app.ts';
import { deliveryStatus } from './operations.ts';

describe(`delivery operations, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  let scenario: Awaited<ReturnType<typeof startDeliveryScenario>>;

  beforeAll(async () => {
    scenario = await startDeliveryScenario({
      start: '2026-06-15T12:00:00Z',
      course: readingCourse(3),
      learners: [1, 2, 3].map((n) => learner({ email: `l${n}@example.com` })),
      dispatcher: { retry: { maxAttempts: 1, baseDelaySeconds: 10, maxDelaySeconds: 10 } },
    });
    scenario.provider.failNext({ status: 500 });
    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();
  });
  afterAll(() => scenario.close());

  it('counts sends of the last hour by channel and outcome, and shows dead letters', async () => {
    const report = await deliveryStatus(scenario.context, scenario.org.id);

    expect(report.lastHour).toEqual([
      { channel: 'email', outcome: 'dead', count: 1 },
      { channel: 'email', outcome: 'sent', count: 2 },
    ]);
    expect(report.deadLetters.total).toBe(1);
    expect(report.deadLetters.latest[0]).toMatchObject({
      channel: 'email',
      kind: 'lesson',
      errorCode: 'provider_error',
      reason: 'gave up after 1 attempt; last: provider answered 500',
    });
    expect(report.queue).toMatchObject({ ready: 0, waiting: 0, sending: 0 });
    expect(report.nextDue.map((due) => due.at)).toEqual([
      '2026-06-16T13:00:00.000Z',
      '2026-06-16T13:00:00.000Z',
      '2026-06-16T13:00:00.000Z',
    ]);
  });

  it('answers the same report over HTTP for the organization', async () => {
    const response = await createApp(scenario.context).request(
      `${API_PREFIX}/organizations/${scenario.org.id}/delivery/status`,
    );
    const body = (await response.json()) as { deadLetters: { total: number } };

    expect(response.status).toBe(200);
    expect(body.deadLetters.total).toBe(1);
  });

  it('previews a schedule over HTTP', async () => {
    const response = await createApp(scenario.context).request(
      `${API_PREFIX}/delivery/schedule-preview` +
        '?tz=Asia/Kathmandu&at=09:00&from=2025-06-01T12:00:00Z&count=1',
    );

    expect(await response.json()).toEqual([
      { utc: '2025-06-02T03:15:00Z', local: '2025-06-02T09:00:00+05:45' },
    ]);
  });
});

describe('inflow schedule preview', () => {
  async function run(...args: string[]): Promise<{ code: number; out: string }> {
    const printed: string[] = [];
    const log = vi
      .spyOn(console, 'log')
      .mockImplementation((line: string) => void printed.push(line));
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const code = await main(['node', 'inflow', 'schedule', 'preview', ...args]);
      return { code, out: printed.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  it('prints UTC and local instants as JSON across spring-forward', async () => {
    const { code, out } = await run(
      '--tz',
      'America/New_York',
      '--at',
      '02:30',
      '--from',
      '2026-03-07T00:00:00Z',
      '--count',
      '3',
      '--json',
    );

    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([
      { utc: '2026-03-07T07:30:00Z', local: '2026-03-07T02:30:00-05:00' },
      { utc: '2026-03-08T07:30:00Z', local: '2026-03-08T03:30:00-04:00' },
      { utc: '2026-03-09T06:30:00Z', local: '2026-03-09T02:30:00-04:00' },
    ]);
  });

  it('follows --days on the learner clock: Monday and Wednesday in Chatham', async () => {
    const { out } = await run(
      '--tz',
      'Pacific/Chatham',
      '--at',
      '09:00',
      '--days',
      'mon,wed',
      '--from',
      '2025-06-01T00:00:00Z',
      '--count',
      '2',
      '--json',
    );

    expect(JSON.parse(out)).toEqual([
      { utc: '2025-06-01T20:15:00Z', local: '2025-06-02T09:00:00+12:45' },
      { utc: '2025-06-03T20:15:00Z', local: '2025-06-04T09:00:00+12:45' },
    ]);
  });

  it('refuses a raw offset with a usage error', async () => {
    expect((await run('--tz', '+05:30', '--at', '09:00')).code).toBe(2);
  });
});
