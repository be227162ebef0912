import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { listAudit } from '../audit/person-audit.ts';
import { loadPeopleSettings } from '../people-settings.ts';
import { importPeopleCsv, type PeopleImportOptions } from './people-import.ts';
import { readPeopleCsv } from './read-people-csv.ts';
import { mappingFor } from './column-mapping.ts';

const csv = (...lines: string[]): string => lines.join('\n');

describe(`importPeopleCsv on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(() => runtime.close());

  const db = () => runtime.context.db;
  const freshOrganization = async () =>
    (await createOrganization(db(), { name: 'Acme People' })).id;
  const run = (organizationId: string, text: string, options: Partial<PeopleImportOptions> = {}) =>
    importPeopleCsv(
      db(),
      organizationId,
      text,
      { fileName: 'hr.csv', ...options },
      runtime.clock.now(),
    );
  const learnersOf = (organizationId: string) =>
    db()
      .selectFrom('learners')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .orderBy('email')
      .execute();

  describe('CSV pitfalls', () => {
    it('CSV-01: ignores the byte order mark Excel writes before the first header', async () => {
      const organizationId = await freshOrganization();
      const text =
        '\uFEFFemail,first_name,last_name,phone,timezone\r\n' +
        'ana.silva@example.com,Ana,Silva,06 12345678,Europe/Amsterdam\r\n';

      const report = await run(organizationId, text);

      expect(report.creates).toHaveLength(1);
      expect(await learnersOf(organizationId)).toMatchObject([
        {
          email: 'ana.silva@example.com',
          fullName: 'Ana Silva',
          // No country column: Europe/Amsterdam is only in NL, so the number is Dutch.
          phone: '+31612345678',
          timezone: 'Europe/Amsterdam',
        },
      ]);
    });

    it('CSV-02: reads a semicolon export whose quoted value holds a CRLF and a semicolon', () => {
      const text =
        'email;first_name;department;notes\r\n' +
        'ana.silva@example.com;Ana;Finance;"Prefers SMS\r\nafter 10:00; not before"\r\n' +
        'joao.pereira@example.com;João;Sales;\r\n';

      const read = readPeopleCsv(
        text,
        mappingFor(undefined, { customFields: { notes: 'notes' } }),
        {
          defaultTimezone: 'Europe/Lisbon',
          locationTimezones: {},
          nullDates: [],
          today: '2026-03-02',
        },
      );

      expect(read.ok).toBe(true);
      const rows = read.ok ? read.value.rows : [];
      expect(rows).toHaveLength(2);
      expect(rows[0]?.customFields).toEqual({ notes: 'Prefers SMS\r\nafter 10:00; not before' });
      expect(rows[1]?.fields.fullName).toBe('João');
      expect(rows[1]?.fields.department).toBe('Sales');
    });

    it("CSV-04: normalises national phone formats with each row's country", async () => {
      const organizationId = await freshOrganization();
      const text = csv(
        'email,name,timezone,phone,country',
        'a@example.com,A,UTC,06 12345678,NL',
        'b@example.com,B,UTC,0031 6 12345679,NL',
        'c@example.com,C,UTC,(201) 555-0123,US',
        'd@example.com,D,UTC,07400 123456,GB',
        'e@example.com,E,UTC,+1 201-555-0124,NL',
        'f@example.com,F,UTC,0612345678,',
      );

      const report = await run(organizationId, text, { skipInvalid: true });

      expect((await learnersOf(organizationId)).map((learner) => learner.phone)).toEqual([
        '+31612345678',
        '+31612345679',
        '+12015550123',
        '+447400123456',
        '+12015550124',
      ]);
      expect(report.errors).toMatchObject([
        { kind: 'invalid-phone', line: 7, column: 'phone', value: '0612345678' },
      ]);
      expect(report.errors[0]?.reason).toContain('no country is known for this row');
    });

    it('SCH-03: stores the legacy zone Asia/Katmandu as Asia/Kathmandu', async () => {
      const organizationId = await freshOrganization();

      await run(organizationId, csv('email,name,timezone', 'ram@example.com,Ram,Asia/Katmandu'));

      expect((await learnersOf(organizationId))[0]?.timezone).toBe('Asia/Kathmandu');
    });
  });

  describe('duplicates in the file', () => {
    it('merges rows whose emails differ only in case, later values winning', async () => {
      const organizationId = await freshOrganization();
      const text = csv(
        'employee id,email,name,timezone,department,title',
        'E1,Ana.Silva@Example.com,Ana Silva,Europe/Lisbon,Finance,Analyst',
        'E2,bo@example.com,Bo,Europe/Lisbon,Sales,Rep',
        ',ana.silva@example.com,Ana M. Silva,Europe/Lisbon,,Senior Analyst',
      );

      const report = await run(organizationId, text);

      expect(report.merged).toEqual([
        {
          email: 'ana.silva@example.com',
          lines: [2, 4],
          spellings: ['Ana.Silva@Example.com', 'ana.silva@example.com'],
        },
      ]);
      expect(report.creates.map((create) => [create.line, create.email])).toEqual([
        [3, 'bo@example.com'],
        [4, 'ana.silva@example.com'],
      ]);
      expect((await learnersOf(organizationId))[0]).toMatchObject({
        externalId: 'E1',
        fullName: 'Ana M. Silva',
        department: 'Finance',
        title: 'Senior Analyst',
      });
    });

    it('refuses one employee id on two addresses', async () => {
      const organizationId = await freshOrganization();
      const text = csv(
        'employee id,email,name,timezone',
        'E1,ana@example.com,Ana,UTC',
        'E1,other@example.com,Ana,UTC',
      );

      const report = await run(organizationId, text);

      expect(report.errors).toEqual([
        {
          kind: 'duplicate-employee-id',
          line: 3,
          column: 'employee id',
          value: 'E1',
          reason:
            "employee id 'E1' is already on line 2 with ana@example.com; " +
            'one employee cannot have two addresses',
        },
      ]);
      expect(report.applied).toBe(false);
    });
  });

  describe('all or nothing', () => {
    const text = csv(
      'employee id,email,name,timezone,hire date',
      'E1,ana@example.com,Ana,Europe/Madrid,2025-03-18',
      'E2,bo@,Bo,Mars/Olympus,2025-02-30',
      'E3,cy@example.com,Cy,Europe/Madrid,',
    );

    it('imports nobody and names each row, column and reason', async () => {
      const organizationId = await freshOrganization();

      const report = await run(organizationId, text);

      expect(report.applied).toBe(false);
      expect(
        report.errors.map(({ kind, line, column, value }) => [kind, line, column, value]),
      ).toEqual([
        ['invalid-email', 3, 'email', 'bo@'],
        ['unknown-timezone', 3, 'timezone', 'Mars/Olympus'],
        ['invalid-hire-date', 3, 'hire date', '2025-02-30'],
      ]);
      expect(await learnersOf(organizationId)).toEqual([]);
    });

    it('imports the good rows only when asked to skip the bad ones', async () => {
      const organizationId = await freshOrganization();

      const report = await run(organizationId, text, { skipInvalid: true });

      expect(report).toMatchObject({ applied: true, skippedInvalidLines: [3] });
      expect((await learnersOf(organizationId)).map((learner) => learner.externalId)).toEqual([
        'E1',
        'E3',
      ]);
    });
  });

  describe('importing again', () => {
    it('matches people by employee id, so a changed email updates the same learner', async () => {
      const organizationId = await freshOrganization();
      await run(
        organizationId,
        csv('employee id,email,name,timezone', 'E1,ana@old.example,Ana,UTC'),
      );
      const [before] = await learnersOf(organizationId);

      const report = await run(
        organizationId,
        csv('employee id,email,name,timezone', 'E1,Ana@New.example,Ana,UTC'),
      );
      const after = await learnersOf(organizationId);

      expect(report.updates).toEqual([
        {
          line: 2,
          learnerId: before?.id,
          email: 'ana@old.example',
          changes: { email: { from: 'ana@old.example', to: 'ana@new.example' } },
        },
      ]);
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ id: before?.id, email: 'ana@new.example' });
    });

    it('deactivates a terminated person and reactivates them when they return', async () => {
      const organizationId = await freshOrganization();
      const header = 'employee id,email,name,timezone,status,termination date';
      await run(organizationId, csv(header, 'E1,ana@example.com,Ana,UTC,Active,'));

      const left = await run(
        organizationId,
        csv(header, 'E1,ana@example.com,Ana,UTC,Active,2026-02-27'),
      );
      const statusAfterLeaving = (await learnersOf(organizationId))[0]?.status;
      const back = await run(organizationId, csv(header, 'E1,ana@example.com,Ana,UTC,Active,'));

      expect(left.deactivations).toMatchObject([{ line: 2, from: 'active', to: 'offboarded' }]);
      expect(statusAfterLeaving).toBe('offboarded');
      expect(back.reactivations).toMatchObject([{ line: 2, from: 'offboarded', to: 'active' }]);
      expect((await learnersOf(organizationId))[0]?.status).toBe('active');
    });

    it('does not create someone who is already terminated in the file', async () => {
      const organizationId = await freshOrganization();

      const report = await run(
        organizationId,
        csv('email,name,timezone,status', 'gone@example.com,Gone,UTC,Terminated'),
      );

      expect(report.skipped).toEqual([
        {
          line: 2,
          email: 'gone@example.com',
          reason: 'offboarded in the file and not in Inflow, so not created',
        },
      ]);
      expect(await learnersOf(organizationId)).toEqual([]);
    });

    it('offboards people missing from a complete export only when asked', async () => {
      const organizationId = await freshOrganization();
      const header = 'employee id,email,name,timezone';
      await run(
        organizationId,
        csv(header, 'E1,ana@example.com,Ana,UTC', 'E2,bo@example.com,Bo,UTC'),
      );

      const kept = await run(organizationId, csv(header, 'E1,ana@example.com,Ana,UTC'), {
        dryRun: true,
      });
      const removed = await run(organizationId, csv(header, 'E1,ana@example.com,Ana,UTC'), {
        deactivateMissing: true,
      });

      expect(kept.deactivations).toEqual([]);
      expect(removed.deactivations).toMatchObject([
        { line: null, email: 'bo@example.com', from: 'active', to: 'offboarded' },
      ]);
    });

    it('refuses a row whose employee id and email belong to two different people', async () => {
      const organizationId = await freshOrganization();
      const header = 'employee id,email,name,timezone';
      await run(
        organizationId,
        csv(header, 'E1,ana@example.com,Ana,UTC', 'E2,bo@example.com,Bo,UTC'),
      );

      const report = await run(organizationId, csv(header, 'E1,bo@example.com,Ana,UTC'));

      expect(report.errors).toMatchObject([{ kind: 'identity-conflict', line: 2 }]);
      expect(report.errors[0]?.reason).toContain('employee id E1 belongs to ana@example.com');
      expect(report.applied).toBe(false);
    });

    it('records who changed what in the audit trail', async () => {
      const organizationId = await freshOrganization();
      const header = 'employee id,email,name,timezone,department';
      await run(organizationId, csv(header, 'E1,ana@example.com,Ana,UTC,Finance'));
      await run(organizationId, csv(header, 'E1,ana@example.com,Ana,UTC,Sales'), {
        fileName: 'march.csv',
      });
      const [ana] = await learnersOf(organizationId);

      const trail = await listAudit(db(), organizationId, ana?.id ?? '');

      expect(trail.map(({ actor, action }) => [actor, action])).toEqual([
        ['csv:hr.csv', 'created'],
        ['csv:march.csv', 'updated'],
      ]);
      expect(trail[1]?.changes).toEqual({ department: { from: 'Finance', to: 'Sales' } });
    });
  });

  describe('saved column mapping', () => {
    it('keeps the mapping used and applies it to the next import of the same export', async () => {
      const organizationId = await freshOrganization();
      const header = 'Worker,Mail,Who,Zone,Shift';
      const options = {
        mapping: {
          columns: { employeeId: 'Worker', email: 'Mail', fullName: 'Who', timezone: 'Zone' },
          customFields: { shift: 'Shift' },
        },
        saveMapping: true,
      };
      await run(organizationId, csv(header, 'W1,ana@example.com,Ana,UTC,night'), options);

      const report = await run(organizationId, csv(header, 'W2,bo@example.com,Bo,UTC,day'));
      const saved = await loadPeopleSettings(db(), organizationId);

      expect(report.creates).toMatchObject([{ email: 'bo@example.com', employeeId: 'W2' }]);
      expect(saved.csvMapping).toMatchObject({
        columns: { email: 'Mail' },
        customFields: { shift: 'Shift' },
      });
      expect((await learnersOf(organizationId)).map((learner) => learner.customFields)).toEqual([
        { shift: 'night' },
        { shift: 'day' },
      ]);
    });

    it('refuses a location zone that is not an IANA zone before reading the file', async () => {
      const organizationId = await freshOrganization();

      const report = await run(organizationId, csv('email,name,location', 'a@example.com,A,HQ'), {
        mapping: { locationTimezones: { HQ: 'Pacific Time' } },
      });

      expect(report.errors).toMatchObject([
        { kind: 'unknown-timezone', column: 'locationTimezones.HQ', value: 'Pacific Time' },
      ]);
    });
  });
});
