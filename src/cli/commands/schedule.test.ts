import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

import { main } from '../main.ts';

const BIN = fileURLToPath(new URL('../../../bin/inflow.js', import.meta.url));

/** `inflow schedule preview` in this process, with what it printed and its exit code. */
async function preview(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const printed: string[] = [];
  const errors: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => {
    printed.push(line);
  });
  const error = vi.spyOn(console, 'error').mockImplementation((line: string) => {
    errors.push(line);
  });
  try {
    const code = await main(['node', 'inflow', 'schedule', 'preview', ...args]);
    return { code, out: printed.join('\n'), err: errors.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/**
 * `inflow` in a process of its own, killed after 30 s. Asynchronous, so this test worker keeps
 * answering the runner while it waits.
 */
function inflowProcess(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: '', INFLOW_LOG_LEVEL: 'silent' };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 30_000 }, (error, _out, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stderr });
    });
  });
}

const berlin = ['--tz', 'Europe/Berlin', '--at', '09:00', '--from', '2026-03-01T00:00:00Z'];

describe('inflow schedule preview refuses what an enrolment would refuse', () => {
  it.each([
    ['freq=weekly;byday=xx', '--days: RRULE "freq=weekly;byday=xx": BYDAY items must be'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=abc', 'BYSETPOS must be positions from 1 to 366'],
    ['FREQ=DAILY;COUNT=3', 'give no COUNT or UNTIL'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'gives no two dates within three years'],
  ])('exits 2 for --days %s, naming the flag', { timeout: 10_000 }, async (days, message) => {
    const { code, err } = await preview(...berlin, '--days', days);

    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it.each([
    [['--tz', 'EST'], "--tz: 'EST' is an abbreviation, not a place"],
    [['--tz', 'Mars/Olympus'], "--tz: 'Mars/Olympus' is not a known IANA timezone"],
    [['--from', 'yesterday'], '--from: "yesterday" must be an ISO-8601 instant with an offset'],
    [['--from', '2026-02-30T00:00:00Z'], '--from: "2026-02-30T00:00:00Z" must be an ISO-8601'],
    [['--from', '2026-03-01T00:00:00'], '--from: "2026-03-01T00:00:00" must be an ISO-8601'],
    [['--from', '9999-12-31T00:00:00Z'], '--from: "9999-12-31T00:00:00Z" must fall between'],
    [['--at', '9:00'], '--at: "9:00" must be a 24-hour time HH:MM'],
    [['--count', '0'], '--count: "0" must be a whole number from 1 to 366'],
    [['--count', '1e2'], '--count: "1e2" must be a whole number from 1 to 366'],
    [['--count', '367'], '--count: "367" must be a whole number from 1 to 366'],
  ])('exits 2 for %j, naming the flag', async (args, message) => {
    const options = { '--tz': 'Europe/Berlin', '--at': '09:00', '--from': '2026-03-01T00:00:00Z' };
    const merged = { ...options, [args[0] ?? '']: args[1] ?? '' };
    const { code, err } = await preview(...Object.entries(merged).flat());

    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('reads a lower-case rule as the enrolment API does', async () => {
    const { code, out } = await preview(
      ...['--tz', 'Europe/Berlin', '--at', '09:00', '--from', '2026-03-02T00:00:00Z'],
      ...['--days', 'rrule:freq=weekly;interval=2;byday=mo,th', '--count', '3', '--json'],
    );

    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([
      { utc: '2026-03-02T08:00:00Z', local: '2026-03-02T09:00:00+01:00' },
      { utc: '2026-03-05T08:00:00Z', local: '2026-03-05T09:00:00+01:00' },
      { utc: '2026-03-16T08:00:00Z', local: '2026-03-16T09:00:00+01:00' },
    ]);
  });

  // These spun at 100% CPU. A synchronous loop cannot be cut short by a test timeout, so
  // they run in a process of their own that is killed after 30 s: a regression fails, not hangs.
  it.each([
    ['FREQ=WEEKLY;INTERVAL=-1', '--days: RRULE "FREQ=WEEKLY;INTERVAL=-1": INTERVAL must be'],
    ['FREQ=WEEKLY;INTERVAL=abc', 'INTERVAL must be a whole number from 1 to 366, got "ABC"'],
    ['FREQ=WEEKLY;INTERVAL=0', 'INTERVAL must be a whole number from 1 to 366, got "0"'],
  ])(
    'exits 2 for --days %s in a fresh process, rather than hang',
    { timeout: 40_000 },
    async (days, message) => {
      const run = await inflowProcess(['schedule', 'preview', ...berlin, '--days', days]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
    },
  );
});
