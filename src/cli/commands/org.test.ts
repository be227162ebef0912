import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { EXIT } from '../exit-codes.ts';
import { main } from '../main.ts';
import {
  missingOrganizationMessage,
  organizationOrThrow,
  runOrgCreate,
  runOrgList,
} from './org.ts';

describe(`org commands on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(() => runtime.close());

  it('lists no organizations yet, saying how to create one', async () => {
    expect(await runOrgList(runtime.context, {})).toBe(
      'No organizations yet; create one with: inflow org create "Acme"',
    );
  });

  it('creates an organization with a slug made from its name, and says to use it', async () => {
    const text = await runOrgCreate(runtime.context, 'Acme Logistics, Inc.', {});

    expect(text).toMatch(
      /^Created organization Acme Logistics, Inc\.: slug acme-logistics-inc, id [0-9a-f-]{36}\n/,
    );
    expect(text.split('\n')[1]).toBe('Use it with --org acme-logistics-inc.');
  });

  it('gives a name already used a free slug, and takes a slug of your choosing', async () => {
    const again = JSON.parse(
      await runOrgCreate(runtime.context, 'Acme Logistics Inc', { json: true }),
    );
    const chosen = JSON.parse(
      await runOrgCreate(runtime.context, 'Acme', { slug: 'acme', json: true }),
    );

    expect(again).toMatchObject({ name: 'Acme Logistics Inc', slug: 'acme-logistics-inc-2' });
    expect(chosen).toMatchObject({ name: 'Acme', slug: 'acme' });
    expect(chosen.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    [{ slug: 'acme' }, 'the slug "acme" is taken by Acme; choose another --slug'],
    [{ slug: 'Acme Co' }, '--slug: slug "Acme Co" must be lowercase letters and digits joined'],
    [{ slug: '7d0c1a52-0000-4000-8000-000000000001' }, 'looks like an id'],
  ])('refuses the slug in %o as bad input', async (args, message) => {
    await expect(runOrgCreate(runtime.context, 'Another', args)).rejects.toMatchObject({
      exitCode: EXIT.badInput,
      message: expect.stringContaining(message),
    });
  });

  it('refuses an empty name as bad input', async () => {
    await expect(runOrgCreate(runtime.context, '  ', {})).rejects.toMatchObject({
      exitCode: EXIT.badInput,
      message: expect.stringContaining('the name is empty'),
    });
  });

  it('lists organizations oldest first, with slug, name and id', async () => {
    const lines = (await runOrgList(runtime.context, {})).split('\n');
    const listed = JSON.parse(await runOrgList(runtime.context, { json: true }));

    expect(lines[0]).toBe('3 organizations (slug, name, id):');
    expect(lines[1]).toMatch(/^ {2}acme-logistics-inc {4}Acme Logistics, Inc\. {2}[0-9a-f-]{36}$/);
    expect(lines[3]).toMatch(/^ {2}acme {18}Acme {2}[0-9a-f-]{36}$/);
    expect(listed.map((organization: { slug: string }) => organization.slug)).toEqual([
      'acme-logistics-inc',
      'acme-logistics-inc-2',
      'acme',
    ]);
  });

  it('asks whether an organization given by its name was meant by its slug', async () => {
    await expect(organizationOrThrow(runtime.context, 'Acme Logistics Inc')).rejects.toMatchObject({
      exitCode: EXIT.badInput,
      message:
        'no organization has the id or slug "Acme Logistics Inc"; did you mean ' +
        '--org acme-logistics-inc (Acme Logistics, Inc.)?',
    });
  });
});

describe('missingOrganizationMessage', () => {
  it.each([
    [
      'acme',
      'no organization has the id or slug "acme"; create it with: inflow org create "Acme" ' +
        '(or list them with: inflow org list)',
    ],
    [
      'acme-logistics',
      'no organization has the id or slug "acme-logistics"; create it with: ' +
        'inflow org create "Acme Logistics" (or list them with: inflow org list)',
    ],
    [
      'Globex Corp',
      'no organization has the id or slug "Globex Corp"; create it with: ' +
        'inflow org create "Globex Corp", then use --org globex-corp ' +
        '(or list them with: inflow org list)',
    ],
    [
      '7d0c1a52-0000-4000-8000-000000000001',
      'no organization has the id or slug "7d0c1a52-0000-4000-8000-000000000001"; ' +
        'list them with: inflow org list',
    ],
  ])('for %s says %s', (idOrSlug, message) => {
    expect(missingOrganizationMessage(idOrSlug)).toBe(message);
  });
});

describe('inflow org on the command line', () => {
  const folder = mkdtempSync(join(tmpdir(), 'inflow-org-cli-'));
  const file = join(folder, 'staff.csv');
  let logged: string[];
  beforeAll(() => {
    writeFileSync(file, 'email,name,timezone\nana@org.example,Ana,UTC\n');
    logged = [];
    vi.spyOn(console, 'log').mockImplementation((text: string) => void logged.push(text));
    vi.spyOn(console, 'error').mockImplementation((text: string) => void logged.push(text));
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(folder, { recursive: true, force: true });
  });
  const run = (...args: string[]) => main(['node', 'inflow', ...args, '--data-dir', folder]);

  // Regression: the docs' `--org acme` had no command to create acme.
  it('creates the organization the docs name, then imports into it', async () => {
    const before = await run('people', 'import', file, '--org', 'acme', '--dry-run');
    const hint = logged.at(-1);
    const created = await run('org', 'create', 'Acme');
    const imported = await run('people', 'import', file, '--org', 'acme');
    const report = logged.at(-1);
    const listed = await run('org', 'list', '--json');

    expect(before).toBe(EXIT.badInput);
    expect(hint).toContain('create it with: inflow org create "Acme"');
    expect(created).toBe(EXIT.ok);
    expect(imported).toBe(EXIT.ok);
    expect(report).toMatch(/^Imported staff\.csv: 1 row\./);
    expect(listed).toBe(EXIT.ok);
    expect(JSON.parse(logged.at(-1) ?? '[]')).toMatchObject([{ name: 'Acme', slug: 'acme' }]);
  });

  it('exits 3 for a slug already taken', async () => {
    expect(await run('org', 'create', 'Acme Again', '--slug', 'acme')).toBe(EXIT.badInput);
    expect(logged.at(-1)).toBe('inflow: the slug "acme" is taken by Acme; choose another --slug');
  });
});
