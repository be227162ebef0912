import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { importPeopleCsv, type PeopleImportOptions } from './people-import.ts';

const csv = (...lines: string[]): string => lines.join('\n');
const HEADER = 'employee id,email,name,timezone,Mobile,status';

describe(`one phone number per person, in imports on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(() => runtime.close());

  const db = () => runtime.context.db;
  const freshOrganization = async () => (await createOrganization(db(), { name: 'Phone Co' })).id;
  const run = (organizationId: string, text: string, options: Partial<PeopleImportOptions> = {}) =>
    importPeopleCsv(db(), organizationId, text, { fileName: 'hr.csv', ...options }, new Date());
  const phones = async (organizationId: string) =>
    (
      await db()
        .selectFrom('learners')
        .select(['email', 'phone', 'status'])
        .where('organizationId', '=', organizationId)
        .orderBy('email')
        .execute()
    ).map(({ email, phone, status }) => `${email} ${phone} ${status}`);

  it('refuses a row whose number, once normalised, is on an earlier row', async () => {
    const organizationId = await freshOrganization();

    const report = await run(
      organizationId,
      csv(
        HEADER,
        'E1,ana@example.com,Ana,America/Chicago,+1 415 555 0100,Active',
        'E2,bo@example.com,Bo,America/Chicago,(415) 555-0100,Active',
      ),
    );

    expect(report.errors).toEqual([
      {
        kind: 'duplicate-phone',
        line: 3,
        column: 'Mobile',
        value: '(415) 555-0100',
        reason:
          "'(415) 555-0100' (+14155550100) is also the phone number of line 2 " +
          '(ana@example.com); two people cannot share a number, because their SMS and ' +
          'WhatsApp replies could not be told apart. Give each person their own number, ' +
          'or leave the cell empty',
      },
    ]);
    expect(report.applied).toBe(false);
    expect(await phones(organizationId)).toEqual([]);
  });

  it('imports the first holder only when asked to skip the bad rows', async () => {
    const organizationId = await freshOrganization();

    const report = await run(
      organizationId,
      csv(
        HEADER,
        'E1,ana@example.com,Ana,America/Chicago,+1 415 555 0100,Active',
        'E2,bo@example.com,Bo,America/Chicago,+1 415 555 0100,Active',
      ),
      { skipInvalid: true },
    );

    expect(report).toMatchObject({ applied: true, skippedInvalidLines: [3] });
    expect(await phones(organizationId)).toEqual(['ana@example.com +14155550100 active']);
  });

  it('refuses a number an active or inactive learner already in Inflow has', async () => {
    const organizationId = await freshOrganization();
    const staff = (boStatus: string) =>
      csv(
        HEADER,
        'E1,ana@example.com,Ana,America/Chicago,+1 415 555 0100,Active',
        `E2,bo@example.com,Bo,America/Chicago,+1 415 555 0101,${boStatus}`,
      );
    await run(organizationId, staff('Active'));
    await run(organizationId, staff('On leave'));

    const report = await run(
      organizationId,
      csv(
        HEADER,
        'E3,cy@example.com,Cy,America/Chicago,+1 415 555 0100,Active',
        'E4,dee@example.com,Dee,America/Chicago,415.555.0101,Active',
      ),
    );

    expect(report.errors.map(({ line, column, value }) => [line, column, value])).toEqual([
      [2, 'Mobile', '+1 415 555 0100'],
      [3, 'Mobile', '415.555.0101'],
    ]);
    expect(report.errors[0]?.reason).toContain(
      'is also the phone number of ana@example.com, already in Inflow',
    );
    expect(report.errors[1]?.reason).toContain('of bo@example.com, already in Inflow');
    expect(await phones(organizationId)).toContain('bo@example.com +14155550101 inactive');
  });

  it('lets a leaver’s number pass to a new hire in the same file', async () => {
    const organizationId = await freshOrganization();
    await run(
      organizationId,
      csv(HEADER, 'E1,ana@example.com,Ana,America/Chicago,+1 415 555 0100,Active'),
    );

    const report = await run(
      organizationId,
      csv(
        HEADER,
        'E2,bo@example.com,Bo,America/Chicago,+1 415 555 0100,Active',
        'E1,ana@example.com,Ana,America/Chicago,+1 415 555 0100,Terminated',
      ),
    );

    expect(report.errors).toEqual([]);
    expect(await phones(organizationId)).toEqual([
      'ana@example.com +14155550100 offboarded',
      'bo@example.com +14155550100 active',
    ]);
  });

  it('checks the numbers people will have after the import: two people may swap', async () => {
    const organizationId = await freshOrganization();
    const before = csv(
      HEADER,
      'E1,ana@example.com,Ana,America/Chicago,+1 415 555 0100,Active',
      'E2,bo@example.com,Bo,America/Chicago,+1 415 555 0101,Active',
    );
    await run(organizationId, before);

    const swapped = await run(
      organizationId,
      csv(
        HEADER,
        'E1,ana@example.com,Ana,America/Chicago,+1 415 555 0101,Active',
        'E2,bo@example.com,Bo,America/Chicago,+1 415 555 0100,Active',
      ),
    );
    const again = await run(organizationId, before);

    expect(swapped.errors).toEqual([]);
    expect(again).toMatchObject({ errors: [], applied: true });
    expect(await phones(organizationId)).toEqual([
      'ana@example.com +14155550100 active',
      'bo@example.com +14155550101 active',
    ]);
  });

  it('frees a number only when the row that changes its holder is itself imported', async () => {
    const organizationId = await freshOrganization();
    await run(
      organizationId,
      csv(
        HEADER,
        'E1,ana@example.com,Ana,America/Chicago,+1 415 555 0100,Active',
        'E2,bo@example.com,Bo,America/Chicago,+1 415 555 0101,Active',
      ),
    );

    // Ana's new number is Bo's, so her row is refused, so she keeps the number Cy asks for.
    const report = await run(
      organizationId,
      csv(
        HEADER,
        'E3,cy@example.com,Cy,America/Chicago,+1 415 555 0100,Active',
        'E1,ana@example.com,Ana,America/Chicago,+1 415 555 0101,Active',
      ),
      { skipInvalid: true },
    );

    expect(report.errors.map(({ line }) => line)).toEqual([2, 3]);
    expect(await phones(organizationId)).toEqual([
      'ana@example.com +14155550100 active',
      'bo@example.com +14155550101 active',
    ]);
  });

  // Regression: libphonenumber read both as +14155550100 and the rest was dropped unseen.
  it.each([
    ['+14155550100abc', "contains 'abc'"],
    ['+1 (415) 555-0100 ext 12', 'SMS and WhatsApp cannot reach an extension'],
  ])('refuses the phone %s with a row error', async (phone, reason) => {
    const organizationId = await freshOrganization();

    const report = await run(
      organizationId,
      csv(HEADER, `E1,ana@example.com,Ana,America/Chicago,"${phone}",Active`),
    );

    expect(report.errors).toMatchObject([
      { kind: 'invalid-phone', line: 2, column: 'Mobile', value: phone },
    ]);
    expect(report.errors[0]?.reason).toContain(reason);
    expect(await phones(organizationId)).toEqual([]);
  });
});
