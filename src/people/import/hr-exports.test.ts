import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { importPeopleCsv, type PeopleImportOptions } from './people-import.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const BAMBOO = fixture('bamboohr-employees-sample.csv');
const WORKDAY = fixture('workday-custom-report-worker-data-sample.csv');
const ENTRA = fixture('entra-inbound-csv-with-5-records.csv');

const BAMBOO_ZONES = {
  'Vancouver, Canada': 'America/Vancouver',
  'Sydney, Australia': 'Australia/Sydney',
  'Lindon, Utah': 'America/Denver',
};
const WORKDAY_ZONES = {
  'New York': 'America/New_York',
  Connecticut: 'America/New_York',
  Texas: 'America/Chicago',
  California: 'America/Los_Angeles',
};

describe(`importing real HR exports on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(() => runtime.close());

  const freshOrganization = async () =>
    (await createOrganization(runtime.context.db, { name: 'Efficient Office' })).id;
  const run = (organizationId: string, text: string, options: Partial<PeopleImportOptions>) =>
    importPeopleCsv(
      runtime.context.db,
      organizationId,
      text,
      { fileName: 'export.csv', ...options },
      runtime.clock.now(),
    );
  const learnersOf = (organizationId: string) =>
    runtime.context.db
      .selectFrom('learners')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .orderBy('externalId')
      .execute();

  describe('BambooHR employee directory (43 records, one with bad dates)', () => {
    const options = {
      preset: 'bamboohr' as const,
      mapping: { locationTimezones: BAMBOO_ZONES },
      defaultTimezone: 'America/Denver',
    };
    // The Lindon office's main number, and a Sydney number, as the mobile of several people:
    // one number cannot tell their SMS replies apart, so all but the first are refused.
    const sharedPhoneLines = [9, 10, 12, 13, 14, 15, 16, 18, 20, 25, 26, 27, 28, 29];

    it('dry run: 28 creates; line 2 refused for its dates, 14 for a shared mobile', async () => {
      const organizationId = await freshOrganization();

      const report = await run(organizationId, BAMBOO, { ...options, dryRun: true });

      expect(report).toMatchObject({ dryRun: true, applied: false, records: 43, unchanged: 0 });
      expect(report.creates).toHaveLength(28);
      expect(report.creates[0]).toEqual({
        line: 3,
        email: 'dwight@efficientoffice.example',
        fullName: 'Dwight Goodman',
        employeeId: '59',
      });
      const [hireDate, terminationDate, ...phones] = report.errors;
      expect(phones.map((error) => [error.kind, error.line])).toEqual(
        sharedPhoneLines.map((line) => ['duplicate-phone', line]),
      );
      expect(phones[0]).toEqual({
        kind: 'duplicate-phone',
        line: 9,
        column: 'mobilePhone',
        value: '801-724-6600',
        reason:
          "'801-724-6600' (+18017246600) is also the phone number of line 8 " +
          '(jbryan@efficientoffice.example); two people cannot share a number, because their ' +
          'SMS and WhatsApp replies could not be told apart. Give each person their own ' +
          'number, or leave the cell empty',
      });
      expect([hireDate, terminationDate]).toEqual([
        {
          kind: 'invalid-hire-date',
          line: 2,
          column: 'hireDate',
          value: 'Bad Date',
          reason: "'Bad Date' is not a date we can read; write it as YYYY-MM-DD, e.g. 2025-03-18",
        },
        {
          kind: 'invalid-termination-date',
          line: 2,
          column: 'terminationDate',
          value: 'Bad Date Again',
          reason:
            "'Bad Date Again' is not a date we can read; write it as YYYY-MM-DD, e.g. 2025-03-18",
        },
      ]);
      expect(report.warnings).toEqual([
        {
          line: 32,
          message: 'manager ellen@efficientoffice.example is in neither this file nor Inflow yet',
        },
        {
          line: 40,
          message: 'manager liam@efficientoffice.example is in neither this file nor Inflow yet',
        },
        {
          line: 44,
          message: 'manager ellen@efficientoffice.example is in neither this file nor Inflow yet',
        },
      ]);
      expect(await learnersOf(organizationId)).toEqual([]);
    });

    it('imports nobody while a row is invalid', async () => {
      const organizationId = await freshOrganization();

      const report = await run(organizationId, BAMBOO, options);

      expect(report.applied).toBe(false);
      expect(await learnersOf(organizationId)).toEqual([]);
    });

    it('with skipInvalid imports the 28 good rows, normalised', async () => {
      const organizationId = await freshOrganization();

      const report = await run(organizationId, BAMBOO, { ...options, skipInvalid: true });
      const learners = await learnersOf(organizationId);
      const byEmployee = (id: string) => learners.find((learner) => learner.externalId === id);

      expect(report).toMatchObject({
        applied: true,
        skippedInvalidLines: [2, ...sharedPhoneLines],
      });
      expect(learners).toHaveLength(28);
      expect(byEmployee('59')).toMatchObject({
        fullName: 'Dwight Goodman',
        email: 'dwight@efficientoffice.example',
        phone: '+16045553557',
        timezone: 'America/Vancouver',
        title: 'Technical Recruiter',
        department: 'Human Resources',
        division: 'North America',
        location: 'Vancouver, Canada',
        hireDate: '2021-09-30',
        managerEmail: 'sanderson@efficientoffice.example',
        managerId: byEmployee('4')?.id,
        status: 'active',
      });
      // The United Kingdom has one zone, so no location mapping is needed there.
      expect(byEmployee('61')).toMatchObject({ timezone: 'Europe/London', phone: '+442075551980' });
      // Country "United States" with a written-out +44 number: the explicit code wins.
      expect(byEmployee('2')).toMatchObject({ phone: '+442075556671', timezone: 'America/Denver' });
      expect(byEmployee('73')).toMatchObject({
        phone: '+61255551984',
        timezone: 'Australia/Sydney',
      });
    });

    it('imports the same file again without changing anyone', async () => {
      const organizationId = await freshOrganization();
      await run(organizationId, BAMBOO, { ...options, skipInvalid: true });

      const again = await run(organizationId, BAMBOO, { ...options, skipInvalid: true });

      expect(again).toMatchObject({ creates: [], updates: [], deactivations: [], unchanged: 28 });
      expect(await learnersOf(organizationId)).toHaveLength(28);
    });
  });

  describe('Workday worker data report (50 records, 22 distinct emails)', () => {
    const options = { preset: 'workday' as const, mapping: { locationTimezones: WORKDAY_ZONES } };
    const duplicateLines = [
      13, 14, 18, 19, 21, 24, 25, 27, 28, 30, 31, 33, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46,
      47, 48, 49, 50, 51,
    ];

    it("refuses the 28 rows that reuse another employee's email", async () => {
      const organizationId = await freshOrganization();

      const report = await run(organizationId, WORKDAY, { ...options, dryRun: true });

      expect(report.records).toBe(50);
      expect(report.errors.map((error) => error.line)).toEqual(duplicateLines);
      expect(new Set(report.errors.map((error) => error.kind))).toEqual(
        new Set(['duplicate-email']),
      );
      expect(report.errors[0]).toEqual({
        kind: 'duplicate-email',
        line: 13,
        column: 'Email',
        value: 'cbrown@co.example',
        reason:
          "'cbrown@co.example' is also on line 8 for employee 106, and this row is employee " +
          '111; two people cannot share an email address',
      });
      expect(report.creates.map((create) => create.line)).toEqual([
        2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 20, 22, 23, 26, 29, 32, 34, 45,
      ]);
      // Managers 200-249 are not workers in the sample.
      expect(report.warnings).toHaveLength(22);
      expect(report.warnings[0]).toEqual({
        line: 2,
        message: 'manager 200 is in neither this file nor Inflow yet',
      });
    });

    it('with skipInvalid imports the first worker of each email', async () => {
      const organizationId = await freshOrganization();

      await run(organizationId, WORKDAY, { ...options, skipInvalid: true });
      const learners = await learnersOf(organizationId);

      expect(learners).toHaveLength(22);
      expect(learners[0]).toMatchObject({
        externalId: '100',
        fullName: 'B Doe',
        email: 'bdoe@co.example',
        department: 'Team C',
        location: 'Texas',
        timezone: 'America/Chicago',
        hireDate: '2016-01-02',
        managerEmployeeId: '200',
        managerId: null,
        customFields: { teamId: 'C' },
      });
    });
  });

  describe('Entra ID inbound provisioning CSV (5 records, no email column)', () => {
    it('names the missing email column and imports nobody', async () => {
      const organizationId = await freshOrganization();

      const report = await run(organizationId, ENTRA, { preset: 'entra', dryRun: true });

      expect(report.errors).toEqual([
        {
          kind: 'missing-column',
          line: 1,
          column: 'email',
          value: null,
          reason:
            'the file has no email column, and Inflow identifies each person by their work ' +
            "email; add one, or map it with --map email='<column>'",
        },
      ]);
      expect(report.creates).toEqual([]);
    });

    it('reads every other column of the preset once emails are added', async () => {
      const organizationId = await freshOrganization();
      const withEmails = ENTRA.trimEnd()
        .split(/\r?\n/)
        .map((line, index) => {
          const [, , , , first, last] = line.split(',');
          return index === 0 ? `${line},Email` : `${line},${first}.${last}@woodgrove.example`;
        })
        .join('\n');

      const report = await run(organizationId, withEmails, {
        preset: 'entra',
        mapping: { columns: { email: 'Email' } },
        defaultTimezone: 'America/Chicago',
      });
      const learners = await learnersOf(organizationId);
      const talya = learners.find((learner) => learner.externalId === '1222');

      expect(report).toMatchObject({ applied: true, errors: [] });
      expect(report.warnings).toEqual([
        { line: 2, message: 'manager 1684 is in neither this file nor Inflow yet' },
      ]);
      expect(learners.map((learner) => learner.externalId)).toEqual([
        '1222',
        '1513',
        '1727',
        '1783',
        '1895',
      ]);
      // "UK" is read as GB, which has one zone.
      expect(talya).toMatchObject({
        fullName: 'Talya Fleeta',
        email: 'talya.fleeta@woodgrove.example',
        timezone: 'Europe/London',
        title: 'Sales Executive',
        department: 'Sales',
        division: 'Electronics',
        costCenter: 'CC3035',
        organizationName: 'Woodgrove',
        location: 'Chicago',
        hireDate: '2013-01-01',
        customFields: { workerType: 'Employee', region: 'Europe', onLeave: 'True' },
      });
      // DE has two zones in the tz database (Berlin and Busingen), so the default applies.
      expect(learners.find((learner) => learner.externalId === '1727')).toMatchObject({
        timezone: 'America/Chicago',
        managerId: talya?.id,
      });
      expect(learners.find((learner) => learner.externalId === '1895')).toMatchObject({
        timezone: 'America/Chicago',
        location: 'Chicago',
      });
    });
  });

  // Both systems let the admin pick the exported columns: these files hold a typical choice,
  // written by us in their header names (no real export is in the corpus).
  describe('HiBob people export (columns chosen by the admin)', () => {
    const HIBOB = [
      'Employee ID,First name,Last name,Email,Department,Site,Job title,Start date,Work mobile',
      '1234,John,Doe,john.doe@domain.example,R&D,Paris,Doctor,2022-10-10,06 01 02 03 04',
      '5678,Jane,Smith,jane.smith@domain.example,R&D,Paris,R&D Director,2022-10-10,',
    ].join('\n');

    it('reads the columns that are there and does not ask for the ones left out', async () => {
      const organizationId = await freshOrganization();

      const report = await run(organizationId, HIBOB, {
        preset: 'hibob',
        defaultCountry: 'FR',
        defaultTimezone: 'Europe/Paris',
      });

      expect(report.errors).toEqual([]);
      expect(await learnersOf(organizationId)).toMatchObject([
        {
          externalId: '1234',
          fullName: 'John Doe',
          email: 'john.doe@domain.example',
          phone: '+33601020304',
          department: 'R&D',
          location: 'Paris',
          title: 'Doctor',
          hireDate: '2022-10-10',
          timezone: 'Europe/Paris',
        },
        { externalId: '5678', fullName: 'Jane Smith', phone: null },
      ]);
    });

    it('still names a missing email column', async () => {
      const report = await run(
        await freshOrganization(),
        'Employee ID,First name,Last name\n1,A,B',
        {
          preset: 'hibob',
          dryRun: true,
        },
      );

      expect(report.errors).toMatchObject([{ kind: 'missing-column', column: 'Email' }]);
    });
  });

  describe('Personio employee list (semicolons, statuses)', () => {
    const PERSONIO = [
      'ID;First name;Last name;Email;Position;Department;Office;Hire date;Status',
      '11;Ana;Ruiz;ana.ruiz@firma.example;Cashier;Stores;Berlin;2026-02-01;Active',
      '12;Ben;Kraus;ben.kraus@firma.example;Cashier;Stores;Berlin;2026-04-01;Onboarding',
      '13;Cem;Yilmaz;cem.yilmaz@firma.example;Driver;Logistics;Berlin;2021-05-01;Inactive',
    ].join('\n');

    it('maps the attributes, reads onboarding as active, and creates nobody inactive', async () => {
      const organizationId = await freshOrganization();

      const report = await run(organizationId, PERSONIO, {
        preset: 'personio',
        defaultTimezone: 'Europe/Berlin',
      });

      expect(report.errors).toEqual([]);
      const learners = await learnersOf(organizationId);
      expect(learners.map((person) => [person.externalId, person.status])).toEqual([
        ['11', 'active'],
        ['12', 'active'],
      ]);
      expect(report.skipped).toEqual([
        {
          line: 4,
          email: 'cem.yilmaz@firma.example',
          reason: 'inactive in the file and not in Inflow, so not created',
        },
      ]);
      expect(learners[0]).toMatchObject({
        fullName: 'Ana Ruiz',
        title: 'Cashier',
        department: 'Stores',
        location: 'Berlin',
        hireDate: '2026-02-01',
        timezone: 'Europe/Berlin',
      });
    });
  });
});
