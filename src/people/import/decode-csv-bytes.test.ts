import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { decodeCsvBytes, WINDOWS_1252_WARNING } from './decode-csv-bytes.ts';
import { formatImportReport } from './format-import-report.ts';
import { importPeopleCsv } from './people-import.ts';

/** "José Müller" as Excel on Windows saves it: é is 0xE9, ü is 0xFC, € is 0x80. */
const WINDOWS_1252_ROW = [
  ...Buffer.from('email,name,timezone,notes\r\njose@example.com,Jos'),
  0xe9,
  ...Buffer.from(' M'),
  0xfc,
  ...Buffer.from('ller,Europe/Madrid,'),
  0x80,
  ...Buffer.from('5 voucher\r\n'),
];
const UTF8_ROW = 'email,name,timezone\r\njose@example.com,José Müller,Europe/Madrid\r\n';

describe('decodeCsvBytes', () => {
  it('reads UTF-8, dropping a byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(UTF8_ROW)]);

    expect(decodeCsvBytes(bytes)).toEqual({ text: UTF8_ROW, encoding: 'utf-8' });
  });

  it('reads bytes that cannot be UTF-8 as Windows-1252', () => {
    const decoded = decodeCsvBytes(new Uint8Array(WINDOWS_1252_ROW));

    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toContain('jose@example.com,José Müller,Europe/Madrid,€5 voucher');
  });

  it("reads Excel's UTF-16 'Unicode Text' by its byte order mark", () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(UTF8_ROW, 'utf16le')]);

    expect(decodeCsvBytes(bytes)).toEqual({ text: UTF8_ROW, encoding: 'utf-16' });
  });
});

describe(`importing the bytes of a file on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(() => runtime.close());

  const importBytes = async (bytes: number[]) => {
    const { id } = await createOrganization(runtime.context.db, { name: 'Bytes Co' });
    const report = await importPeopleCsv(
      runtime.context.db,
      id,
      new Uint8Array(bytes),
      { fileName: 'staff.csv' },
      new Date(),
    );
    const names = await runtime.context.db
      .selectFrom('learners')
      .select('fullName')
      .where('organizationId', '=', id)
      .execute();
    return { report, names: names.map((learner) => learner.fullName) };
  };

  // Regression: read as UTF-8, the name was stored as "Jos\uFFFD M\uFFFDller".
  it('stores the names of a Windows-1252 file right, and says how it was read', async () => {
    const { report, names } = await importBytes(WINDOWS_1252_ROW);

    expect(names).toEqual(['José Müller']);
    expect(report.warnings).toEqual([{ line: null, message: WINDOWS_1252_WARNING }]);
    expect(formatImportReport(report, 'staff.csv')).toContain(
      '\n1 warning:\n  the file is not UTF-8; read as Windows-1252 (Western European); ' +
        'check names with accents',
    );
  });

  it('warns about nothing for a UTF-8 file with a byte order mark', async () => {
    const { report, names } = await importBytes([0xef, 0xbb, 0xbf, ...Buffer.from(UTF8_ROW)]);

    expect(names).toEqual(['José Müller']);
    expect(report.warnings).toEqual([]);
  });
});
