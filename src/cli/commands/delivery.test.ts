import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import {
  DEFAULT_DELIVERY_SETTINGS,
  loadDeliverySettings,
} from '../../delivery/delivery-settings.ts';
import {
  createOrganization,
  type Organization,
} from '../../organizations/organization-repository.ts';
import { EXIT } from '../exit-codes.ts';
import { main } from '../main.ts';
import { runDeliverySettings } from './delivery.ts';

describe(`inflow delivery settings, on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let organization: Organization;
  beforeAll(async () => {
    runtime = await startTestRuntime();
    organization = await createOrganization(runtime.context.db, { name: 'Cli Co' });
  });
  afterAll(() => runtime.close());

  const run = (...set: string[]) => runDeliverySettings(runtime.context.db, organization, { set });
  const stored = () => loadDeliverySettings(runtime.context.db, organization.id);

  it('prints the defaults, one setting a line', async () => {
    const output = await run();

    expect(output.exitCode).toBe(EXIT.ok);
    expect(output.text.split('\n')).toEqual([
      'Delivery settings of Cli Co:',
      '  quietHours             21:00-07:00',
      '  sendWindowMinutes      240',
      '  maxLessonsPerDay       1',
      '  dailyReviewCap         2',
      '  reminderCount          1',
      '  reminderIntervalHours  24',
      '  maxSendsPerMinute      off',
      '  fallbackChannels       none',
      '  sendTimeOptimization   off',
      '  holidays               none',
    ]);
  });

  it('changes the settings given with --set and keeps the others', async () => {
    const output = await run(
      'quietHours=22:00-06:30',
      'fallbackChannels=sms,email',
      'maxSendsPerMinute=600',
      'sendTimeOptimization=on',
      'holidays=2026-12-25,2026-12-24',
    );

    expect(output.text).toContain('Saved the delivery settings of Cli Co:');
    expect(await stored()).toEqual({
      ...DEFAULT_DELIVERY_SETTINGS,
      quietHours: { start: '22:00', end: '06:30' },
      fallbackChannels: ['sms', 'email'],
      maxSendsPerMinute: 600,
      sendTimeOptimization: true,
      holidays: ['2026-12-24', '2026-12-25'],
    });
  });

  it('turns settings off with "off" and "none"', async () => {
    await run('quietHours=OFF', 'maxSendsPerMinute=off', 'fallbackChannels=None', 'holidays=none');

    expect(await stored()).toMatchObject({
      quietHours: null,
      maxSendsPerMinute: null,
      fallbackChannels: [],
      holidays: [],
    });
  });

  it('reads on and off in any case', async () => {
    await run('sendTimeOptimization=ON');
    expect(await stored()).toMatchObject({ sendTimeOptimization: true });

    await run('sendTimeOptimization=Off');
    expect(await stored()).toMatchObject({ sendTimeOptimization: false });
  });

  it.each([
    ['quietHours=22:00-22:00', 'start and end are the same time'],
    ['quietHours=9pm-07:00', 'quietHours.start'],
    ['quietHours=21:00', 'quietHours "21:00": write it as HH:MM-HH:MM'],
    ['fallbackChannels=sms,pigeon', 'fallbackChannels.1'],
    ['holidays=2026-02-30', 'holidays.0'],
    ['sendWindowMinutes=0', 'sendWindowMinutes'],
    ['maxLessonsPerDay=two', 'maxLessonsPerDay "two": give a whole number'],
    ['sendTimeOptimization=maybe', 'give on or off'],
  ])('refuses %s as bad input, naming it, and saves nothing', async (change, message) => {
    const before = await stored();

    const attempt = run('dailyReviewCap=5', change);

    await expect(attempt).rejects.toMatchObject({ exitCode: EXIT.badInput });
    await expect(attempt).rejects.toThrow(message);
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['quietHour=22:00-06:00', 'no such setting; use one of quietHours'],
    ['quietHours', 'write it as name=value'],
  ])('refuses --set %s as a usage error', async (change, message) => {
    const attempt = run(change);

    await expect(attempt).rejects.toMatchObject({ exitCode: EXIT.usage });
    await expect(attempt).rejects.toThrow(message);
  });
});

describe('the inflow delivery command line', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'inflow-delivery-cli-'));
  const saved = { ...process.env };

  /** Runs `inflow ...` in-process and returns its exit code and everything it printed. */
  async function inflow(...args: string[]) {
    const printed: string[] = [];
    const capture = (line: unknown) => void printed.push(String(line));
    const log = vi.spyOn(console, 'log').mockImplementation(capture);
    const error = vi.spyOn(console, 'error').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await main(['node', 'inflow', ...args]);
      return { code, output: printed.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
      stderr.mockRestore();
    }
  }

  beforeAll(async () => {
    // The command reads its storage from the environment, as it does for a person.
    delete process.env.DATABASE_URL;
    process.env.INFLOW_DATA_DIR = dataDir;
    process.env.INFLOW_LOG_LEVEL = 'silent';
    const handle = await openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    await createOrganization(handle.db, { name: 'Acme', slug: 'acme' });
    await handle.close();
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('saves --set values and exits 0; a later run shows them', async () => {
    const changed = await inflow('delivery', 'settings', 'acme', '--set', 'reminderCount=3');
    const shown = await inflow('delivery', 'settings', 'acme', '--json');

    expect(changed.code).toBe(0);
    expect(changed.output).toContain('  reminderCount          3');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.output)).toMatchObject({ reminderCount: 3 });
  });

  it('exits 3 for a value the rules refuse, and for an unknown organization', async () => {
    const refused = await inflow('delivery', 'settings', 'acme', '--set', 'reminderCount=99');
    const nobody = await inflow('delivery', 'settings', 'nobody');

    expect(refused.code).toBe(3);
    expect(refused.output).toContain('reminderCount');
    expect(nobody.code).toBe(3);
  });

  it('exits 2 for an unknown setting or a missing organization', async () => {
    expect((await inflow('delivery', 'settings', 'acme', '--set', 'colour=red')).code).toBe(2);
    expect((await inflow('delivery', 'settings')).code).toBe(2);
  });
});
