import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../organizations/organization-repository.ts';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { listLearners } from './learner-repository.ts';
import { importRosterCsv } from './roster-import.ts';

const HEADER = 'employee id,name,email,phone,country,timezone';
const GOOD_ROWS = [
  'E1,Ana Ruiz,ana@example.com,(415) 555-0101,US,America/Los_Angeles',
  'E2,Ben Okoro,ben@example.com,07700 900123,GB,Europe/London',
];

describe(`importing a roster into the database, on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let organizationId: string;
  const now = new Date('2026-03-02T12:00:00Z');
  const learners = () => listLearners(runtime.context.db, organizationId);

  beforeAll(async () => {
    runtime = await startTestRuntime();
    organizationId = (await createOrganization(runtime.context.db, { name: 'Roster Org' })).id;
  });
  afterAll(() => runtime.close());

  it.each([
    ['an unknown timezone', 'E3,Cy Doe,cy@example.com,,US,Mars/Olympus', 'timezone'],
    ['an unparseable phone number', 'E3,Cy Doe,cy@example.com,12,US,America/Chicago', 'phone'],
    ['a duplicate email', 'E3,Cy Doe,ANA@example.com,,US,America/Chicago', 'email'],
    ['a malformed row', 'E3,"Cy Doe,cy@example.com,,US,America/Chicago', null],
  ])(
    'imports nobody when one row has %s, naming its line and column',
    async (_case, badRow, column) => {
      const result = await importRosterCsv(
        runtime.context.db,
        organizationId,
        [HEADER, ...GOOD_ROWS, badRow].join('\n'),
        now,
      );

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error[0]).toMatchObject({ line: 4 });
      if (column) expect(result.error[0]?.column).toBe(column);
      expect(result.error[0]?.reason.length).toBeGreaterThan(10);
      expect(await learners()).toHaveLength(0);
    },
  );

  it('imports every row of a clean file, phones in E.164, and re-imports idempotently', async () => {
    const text = [HEADER, ...GOOD_ROWS].join('\n');
    const first = await importRosterCsv(runtime.context.db, organizationId, text, now);
    expect(first).toMatchObject({ ok: true, value: { created: 2, updated: 0 } });

    const again = await importRosterCsv(runtime.context.db, organizationId, text, now);
    expect(again).toMatchObject({ ok: true, value: { created: 0, updated: 2 } });
    expect((await learners()).map((row) => [row.email, row.phone, row.timezone])).toEqual([
      ['ana@example.com', '+14155550101', 'America/Los_Angeles'],
      ['ben@example.com', '+447700900123', 'Europe/London'],
    ]);
  });

  it('refuses a roster row repeating the number of an earlier row', async () => {
    const other = await createOrganization(runtime.context.db, { name: 'Shared Row Org' });
    const text = [HEADER, ...GOOD_ROWS, 'E3,Cy Doe,cy@example.com,415-555-0101,US,UTC'];

    const result = await importRosterCsv(runtime.context.db, other.id, text.join('\n'), now);

    expect(result).toEqual({
      ok: false,
      error: [
        {
          kind: 'duplicate-phone',
          line: 4,
          column: 'phone',
          value: '415-555-0101',
          reason:
            "'415-555-0101' (+14155550101) is also the phone number of line 2 " +
            '(ana@example.com); two people cannot share a number, because their SMS and ' +
            'WhatsApp replies could not be told apart. Give each person their own number, ' +
            'or leave the cell empty',
        },
      ],
    });
    expect(await listLearners(runtime.context.db, other.id)).toEqual([]);
  });

  it('refuses a number a learner outside the file has, but lets two people swap', async () => {
    const other = await createOrganization(runtime.context.db, { name: 'Shared Db Org' });
    const roster = (...rows: string[]) => [HEADER, ...rows].join('\n');
    await importRosterCsv(runtime.context.db, other.id, roster(...GOOD_ROWS), now);

    const newcomer = await importRosterCsv(
      runtime.context.db,
      other.id,
      roster('E3,Cy Doe,cy@example.com,+1 415 555 0101,US,UTC'),
      now,
    );
    const swap = await importRosterCsv(
      runtime.context.db,
      other.id,
      roster(
        'E1,Ana Ruiz,ana@example.com,07700 900123,GB,America/Los_Angeles',
        'E2,Ben Okoro,ben@example.com,(415) 555-0101,US,Europe/London',
      ),
      now,
    );

    expect(newcomer.ok ? [] : newcomer.error).toMatchObject([
      { kind: 'duplicate-phone', line: 2, column: 'phone', value: '+14155550101' },
    ]);
    expect(newcomer.ok ? '' : newcomer.error[0]?.reason).toContain(
      'phone number of ana@example.com, already in Inflow',
    );
    expect(swap.ok).toBe(true);
  });

  it('imports the shipped sample roster of 50 employees', async () => {
    const sample = readFileSync(new URL('../../samples/roster.csv', import.meta.url), 'utf8');
    const other = await createOrganization(runtime.context.db, { name: 'Sample Org' });
    const result = await importRosterCsv(runtime.context.db, other.id, sample, now);
    expect(result).toMatchObject({ ok: true, value: { created: 50 } });
    const zones = new Set(
      (await listLearners(runtime.context.db, other.id)).map((row) => row.timezone),
    );
    expect(zones.size).toBeGreaterThanOrEqual(6);
  });
});
