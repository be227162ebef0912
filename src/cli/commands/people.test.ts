import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { textOf } from '../../channels/web/testing/page-forms.ts';
import { WebChannel } from '../../channels/web/web-channel.ts';
import type { Database } from '../../db/schema.ts';
import {
  createOrganization,
  type Organization,
} from '../../organizations/organization-repository.ts';
import { startRuntime } from '../../app/runtime.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { verifyScimToken } from '../../people/scim/scim-tokens.ts';
import { createApp } from '../../server/app.ts';
import { systemClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/logger.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { main } from '../main.ts';
import { runCohortPreview } from './cohort.ts';
import { runPeopleImport, runPeopleWebLink } from './people.ts';
import { runScimToken } from './scim.ts';

const STAFF = [
  'Start_Date,Full_Name,Employee_ID,Manager_Name,Manager_ID,Team_Name,Termination_Date,' +
    'Location,Email,Team_ID',
  '2026-02-23T09:00:00Z,Ana Lima,100,,,Sales,,Lisbon,ana@cli.example,S',
  '2019-05-01T09:00:00Z,Bo Reyes,101,Ana Lima,100,Sales,,Lisbon,bo@cli.example,S',
].join('\n');

const SIGNING = {
  signingKey: 'people-cli-web-link-key-0123456789abcdefghij',
  publicBaseUrl: 'https://inflow.cli.example',
};

/** A learner of the organization, reachable on the web channel when `web` is given. */
async function addLearner(
  db: Kysely<Database>,
  organizationId: string,
  email: string,
  web?: string,
): Promise<string> {
  const { learnerIds } = await upsertLearners(
    db,
    organizationId,
    [
      {
        externalId: null,
        fullName: email.split('@')[0] ?? email,
        email,
        phone: null,
        timezone: 'Europe/Lisbon',
        locale: 'en',
        title: null,
        department: null,
        managerEmail: null,
        location: null,
        hireDate: null,
        preferredChannel: 'web',
      },
    ],
    new Date('2026-03-01T00:00:00Z'),
  );
  const id = learnerIds[0] ?? '';
  if (web) {
    await db
      .updateTable('learners')
      .set({ channelIds: JSON.stringify({ web }) })
      .where('id', '=', id)
      .execute();
  }
  return id;
}

describe(`people commands on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let organization: Organization;
  beforeAll(async () => {
    runtime = await startTestRuntime();
    organization = await createOrganization(runtime.context.db, { name: 'Cli Co', slug: 'cli-co' });
  });
  afterAll(() => runtime.close());

  const importArgs = { org: 'cli-co', preset: 'workday', zone: ['Lisbon=Europe/Lisbon'] };

  it('dry-runs an import with a preset and a location zone, and exits 0', async () => {
    const output = await runPeopleImport(runtime.context, 'staff.csv', STAFF, {
      ...importArgs,
      dryRun: true,
    });

    expect(output.exitCode).toBe(EXIT.ok);
    expect(output.text.split('\n').slice(0, 4)).toEqual([
      'Dry run of staff.csv: 2 rows.',
      '  2 to create, 0 to update, 0 to deactivate, 0 to reactivate, 0 unchanged',
      '  + line 2: Ana Lima <ana@cli.example>',
      '  + line 3: Bo Reyes <bo@cli.example>',
    ]);
  });

  it('exits 3 and lists each problem when a row is bad', async () => {
    const output = await runPeopleImport(
      runtime.context,
      'staff.csv',
      `${STAFF}\n2020-01-01T09:00:00Z,Cy,102,,,Sales,,Lisbon,cy@,S`,
      importArgs,
    );

    expect(output.exitCode).toBe(EXIT.badInput);
    expect(output.text).toContain('\n1 problem; fix them, or run with --skip-invalid:');
    expect(output.text).toContain("  line 4, column Email: 'cy@' is not a valid email address");
  });

  it('says which flags give a zone to a person the file gives none', async () => {
    const output = await runPeopleImport(
      runtime.context,
      'staff.csv',
      'email,name\nzed@cli.example,Zed',
      {
        org: 'cli-co',
        dryRun: true,
      },
    );

    expect(output.text).toContain(
      '  line 2, column timezone: no time zone for this person: add a timezone column, give ' +
        'their location a zone with --zone "<location>=Region/City", or give everyone without ' +
        'one a zone with --default-timezone Region/City (e.g. Europe/London)',
    );
  });

  it('imports, then previews a cohort rule over the imported people', async () => {
    await runPeopleImport(runtime.context, 'staff.csv', STAFF, importArgs);

    const preview = await runCohortPreview(runtime.context, organization, {
      rule: 'department eq "Sales" and daysSinceHire le 30',
    });

    expect(preview.text).toBe(
      '1 people match department eq "Sales" and daysSinceHire le 30\n' +
        '  Ana Lima <ana@cli.example>, Sales',
    );
  });

  it('refuses a rule it cannot read, as bad input', async () => {
    await expect(
      runCohortPreview(runtime.context, organization, { rule: 'department = "Sales"' }),
    ).rejects.toMatchObject({ exitCode: EXIT.badInput });
  });

  it('refuses an unknown preset or field as a usage error', async () => {
    const attempt = (args: object) =>
      runPeopleImport(runtime.context, 'staff.csv', STAFF, { org: 'cli-co', ...args });

    await expect(attempt({ preset: 'sap' })).rejects.toBeInstanceOf(CliError);
    await expect(attempt({ map: ['shoeSize=Size'] })).rejects.toMatchObject({
      exitCode: EXIT.usage,
    });
    await expect(attempt({ map: ['email'] })).rejects.toThrow('write it as name=value');
  });

  it('prints a new SCIM token once, with the base URL, and stores only its hash', async () => {
    const output = await runScimToken(runtime.context, organization, 'https://inflow.cli.example/');
    const token = /Token: {4}(\S+)/.exec(output.text)?.[1] ?? '';
    const stored = await runtime.context.db
      .selectFrom('scimTokens')
      .select('tokenHash')
      .where('organizationId', '=', organization.id)
      .executeTakeFirstOrThrow();

    expect(output.text).toContain('  Base URL: https://inflow.cli.example/scim/v2/cli-co');
    expect(token).toMatch(/^inflow_scim_/);
    expect(stored.tokenHash).not.toContain(token);
    expect(await verifyScimToken(runtime.context.db, organization.id, token, new Date())).toBe(
      true,
    );
  });

  it("prints a web link that opens the learner's feed, showing what was sent there", async () => {
    const { db, clock } = runtime.context;
    await addLearner(db, organization.id, 'dee@cli.example', 'dee-web');
    await new WebChannel({ organizationId: organization.id, db, clock }).send({
      to: 'dee-web',
      idempotencyKey: 'cli-web-link-1',
      message: { text: 'Lift with your legs, not your back.' },
    });

    const text = await runPeopleWebLink(runtime.context, organization, 'DEE@cli.example', SIGNING);
    const [url = '', expiry] = text.split('\n');
    const feed = await createApp(runtime.context, { linkSigningKey: SIGNING.signingKey }).request(
      new URL(url).pathname,
    );

    expect(url).toMatch(/^https:\/\/inflow\.cli\.example\/learn\/\S+$/);
    expect(expiry).toBe('Valid until 2026-08-29T00:00:00.000Z.');
    expect(feed.status).toBe(200);
    expect(textOf(await feed.text())).toContain('Lift with your legs, not your back.');
  });

  it('refuses a web link for a learner of another organization, by email or id', async () => {
    const other = await createOrganization(runtime.context.db, { name: 'Other Cli Co' });
    const outsider = await addLearner(runtime.context.db, other.id, 'eve@cli.example', 'eve-web');

    for (const learner of ['eve@cli.example', outsider]) {
      await expect(
        runPeopleWebLink(runtime.context, organization, learner, SIGNING),
      ).rejects.toMatchObject({
        exitCode: EXIT.badInput,
        message: expect.stringContaining('no learner'),
      });
    }
  });

  it('refuses a web link for a learner with no web address, saying how to add one', async () => {
    await addLearner(runtime.context.db, organization.id, 'fay@cli.example');

    await expect(
      runPeopleWebLink(runtime.context, organization, 'fay@cli.example', SIGNING),
    ).rejects.toMatchObject({
      exitCode: EXIT.badInput,
      message: expect.stringContaining('/channels/web'),
    });
  });
});

describe('the inflow command line', () => {
  const folder = mkdtempSync(join(tmpdir(), 'inflow-people-cli-'));
  const file = join(folder, 'staff.csv');
  let logged: string[];
  beforeAll(() => {
    writeFileSync(file, `${STAFF}\n2020-01-01T09:00:00Z,Cy,102,,,Sales,,Lisbon,cy@,S`);
    logged = [];
    vi.spyOn(console, 'log').mockImplementation((text: string) => void logged.push(text));
    vi.spyOn(console, 'error').mockImplementation((text: string) => void logged.push(text));
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(folder, { recursive: true, force: true });
  });
  const run = (...args: string[]) => main(['node', 'inflow', ...args, '--data-dir', folder]);

  it('answers an unknown organization with exit 3', async () => {
    expect(await run('people', 'import', file, '--org', 'nobody')).toBe(EXIT.badInput);
    expect(logged.at(-1)).toBe(
      'inflow: no organization has the id or slug "nobody"; create it with: ' +
        'inflow org create "Nobody" (or list them with: inflow org list)',
    );
  });

  it('prints the report of a bad file and exits 3; prints a SCIM token and exits 0', async () => {
    const storage = await startRuntime({
      dataDir: folder,
      logger: silentLogger,
      clock: systemClock,
      channels: [],
    });
    await createOrganization(storage.context.db, { name: 'Disk Co', slug: 'disk-co' });
    await storage.close();

    const importExit = await run(
      'people',
      'import',
      file,
      '--org',
      'disk-co',
      '--preset',
      'workday',
      '--dry-run',
    );
    const report = logged.join('\n');
    const tokenExit = await run(
      'scim',
      'token',
      'disk-co',
      '--public-url',
      'https://hr.disk.example',
    );

    expect(importExit).toBe(EXIT.badInput);
    expect(report).toContain("line 4, column Email: 'cy@' is not a valid email address");
    expect(report).toMatch(/inflow: .*staff.csv has problems; nothing was imported/);
    expect(tokenExit).toBe(EXIT.ok);
    expect(logged.at(-1)).toContain('Base URL: https://hr.disk.example/scim/v2/disk-co');
  });

  // Regression: the file was read as UTF-8 and "Amélie" stored as "Am\uFFFDlie".
  it('reads a Windows-1252 file by its bytes and warns that it did', async () => {
    const latin1 = join(folder, 'latin1.csv');
    writeFileSync(
      latin1,
      new Uint8Array([
        ...Buffer.from('email,name,timezone\namelie@cli.example,Am'),
        0xe9,
        ...Buffer.from('lie,UTC\n'),
      ]),
    );

    const exit = await run('people', 'import', latin1, '--org', 'disk-co', '--dry-run');

    expect(exit).toBe(EXIT.ok);
    expect(logged.at(-1)).toContain('  + line 2: Amélie <amelie@cli.example>');
    expect(logged.at(-1)).toContain(
      '1 warning:\n  the file is not UTF-8; read as Windows-1252 (Western European); ' +
        'check names with accents',
    );
  });

  it.each([
    ['INFLOW_LINK_SIGNING_KEY', '', SIGNING.publicBaseUrl],
    ['INFLOW_PUBLIC_URL', SIGNING.signingKey, ''],
  ])('refuses people web-link without %s as a usage error naming it', async (name, key, url) => {
    // An empty variable counts as unset.
    vi.stubEnv('INFLOW_LINK_SIGNING_KEY', key);
    vi.stubEnv('INFLOW_PUBLIC_URL', url);
    try {
      expect(await run('people', 'web-link', 'ana@cli.example', '--org', 'disk-co')).toBe(
        EXIT.usage,
      );
      expect(logged.at(-1)).toContain(`set ${name}`);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('prints a web link with the key and public URL set', async () => {
    const storage = await startRuntime({
      dataDir: folder,
      logger: silentLogger,
      clock: systemClock,
      channels: [],
    });
    const org = await createOrganization(storage.context.db, { name: 'Web Co', slug: 'web-co' });
    await addLearner(storage.context.db, org.id, 'gus@cli.example', 'gus-web');
    await storage.close();
    vi.stubEnv('INFLOW_LINK_SIGNING_KEY', SIGNING.signingKey);
    vi.stubEnv('INFLOW_PUBLIC_URL', `${SIGNING.publicBaseUrl}/`);
    try {
      expect(await run('people', 'web-link', 'gus@cli.example', '--org', 'web-co')).toBe(EXIT.ok);
      expect(logged.at(-1)).toMatch(/^https:\/\/inflow\.cli\.example\/learn\/\S+\nValid until /);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses erasure without --yes as a usage error', async () => {
    expect(await run('people', 'erase', '7d0c1a52-0000-4000-8000-000000000001', '--org', 'x')).toBe(
      EXIT.usage,
    );
  });
});
