import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createChannelSetup } from '../../channels/credentials/channel-setup.ts';
import { FakeTwilio } from '../../channels/twilio/testing/fake-twilio.ts';
import { openDatabase, type DatabaseHandle } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { ManualClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/logger.ts';
import { main } from '../main.ts';
import { runChannelChecks } from './channels.ts';

const ACCOUNT_SID = `AC${'9e'.repeat(16)}`;
const AUTH_TOKEN = 'cli-secret-token-0123456789abcdef';
const KEY = randomBytes(32).toString('base64');
const credentials = JSON.stringify({
  accountSid: ACCOUNT_SID,
  authToken: AUTH_TOKEN,
  from: '+15005550006',
});

/** Runs `inflow ...` in-process and returns its exit code and everything it printed. */
async function inflow(...args: string[]) {
  const printed: string[] = [];
  const capture = (line: unknown) => void printed.push(String(line));
  const log = vi.spyOn(console, 'log').mockImplementation(capture);
  const error = vi.spyOn(console, 'error').mockImplementation(capture);
  const code = await main(['node', 'inflow', ...args]);
  log.mockRestore();
  error.mockRestore();
  return { code, output: printed.join('\n') };
}

describe('inflow channels', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'inflow-channels-'));
  const saved = { ...process.env };

  beforeAll(async () => {
    // The CLI reads its configuration from the environment, as it does for a person.
    delete process.env.DATABASE_URL;
    process.env.INFLOW_DATA_DIR = dataDir;
    process.env.INFLOW_LOG_LEVEL = 'silent';
    process.env.INFLOW_CREDENTIALS_KEY = KEY;
    const handle = await openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    await createOrganization(handle.db, { name: 'Acme', slug: 'acme' });
    await handle.close();
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('set stores the credentials and prints no secret', async () => {
    const { code, output } = await inflow(
      'channels',
      'set',
      '--org',
      'acme',
      '--channel',
      'sms',
      '--json',
      credentials,
    );

    expect(code).toBe(0);
    expect(output).toContain('Saved sms credentials of Acme (revision 1)');
    expect(output).toContain('secret fields stored encrypted: authToken');
    expect(output).not.toContain(AUTH_TOKEN);
  });

  it('set refuses invalid credentials with exit code 3 and the fields at fault', async () => {
    const { code, output } = await inflow(
      'channels',
      'set',
      '--org',
      'acme',
      '--channel',
      'sms',
      '--json',
      '{"accountSid":"AC1"}',
    );

    expect(code).toBe(3);
    expect(output).toContain('accountSid');
  });

  it('set refuses text that is not JSON without echoing it', async () => {
    const { code, output } = await inflow(
      'channels',
      'set',
      '--org',
      'acme',
      '--channel',
      'sms',
      '--json',
      `{${AUTH_TOKEN}`,
    );

    expect(code).toBe(3);
    expect(output).not.toContain(AUTH_TOKEN);
  });

  it('set says to configure INFLOW_CREDENTIALS_KEY when it is missing', async () => {
    delete process.env.INFLOW_CREDENTIALS_KEY;
    const { code, output } = await inflow(
      'channels',
      'set',
      '--org',
      'acme',
      '--channel',
      'sms',
      '--json',
      credentials,
    );
    process.env.INFLOW_CREDENTIALS_KEY = KEY;

    expect(code).toBe(3);
    expect(output).toContain('INFLOW_CREDENTIALS_KEY is not set');
  });

  it('check prints a FAIL row for credentials another key sealed, and exits 3', async () => {
    // Regression: this printed "unexpected failure" with a stack trace and exited 1.
    const handle = await openDatabase({ dataDir });
    await createOrganization(handle.db, { name: 'Beta', slug: 'beta' });
    await handle.close();
    const save = (org: string) =>
      inflow('channels', 'set', '--org', org, '--channel', 'sms', '--json', credentials);
    expect((await save('acme')).code).toBe(0);
    expect((await save('beta')).code).toBe(0);

    process.env.INFLOW_CREDENTIALS_KEY = randomBytes(32).toString('base64');
    const { code, output } = await inflow('channels', 'check');
    process.env.INFLOW_CREDENTIALS_KEY = KEY;

    expect(code).toBe(3);
    expect(output).toMatch(/^acme {2}sms {2}FAIL {2}The sms credentials .* cannot be decrypted/m);
    expect(output).toMatch(/^beta {2}sms {2}FAIL {2}The sms credentials .* cannot be decrypted/m);
    expect(output).toContain('2 of 2 channel check(s) failed');
    expect(output).not.toContain('unexpected failure');
    expect(output).not.toContain(AUTH_TOKEN);
  });

  it('check validates stored credentials against Twilio without sending anything', async () => {
    const fake = await new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
    let handle: DatabaseHandle | undefined;
    try {
      handle = await openDatabase({ dataDir });
      const clock = new ManualClock('2026-03-02T10:00:00Z');
      const setup = createChannelSetup(
        { db: handle.db, logger: silentLogger, clock },
        { credentialsKey: KEY, apiBaseUrls: { twilio: fake.baseUrl } },
      );

      const lines = await runChannelChecks(setup, handle.db, clock, { org: 'acme' });

      expect(lines).toEqual([
        {
          organization: 'acme',
          channel: 'sms',
          ok: true,
          message: 'Twilio account "Inflow test account" is active (Full)',
        },
      ]);
      expect(fake.messages).toEqual([]);
    } finally {
      await handle?.close();
      await fake.stop();
    }
  });
});
