import { readFileSync } from 'node:fs';
import type { CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { formatRosterErrors, parseRosterCsv } from './roster-csv.ts';
import type { RosterCsvOptions, RosterError, RosterRow } from './roster-csv.ts';

const csv = (...lines: string[]): string => lines.join('\n');

function rowsOf(text: string, options: RosterCsvOptions = {}): RosterRow[] {
  const result = parseRosterCsv(text, options);
  if (!result.ok) throw new Error(formatRosterErrors(result.error).join('\n'));
  return result.value;
}

function errorsOf(text: string, options: RosterCsvOptions = {}): RosterError[] {
  const result = parseRosterCsv(text, options);
  if (result.ok) throw new Error(`expected errors, got ${result.value.length} rows`);
  return result.error;
}

describe('parseRosterCsv on the sample roster', () => {
  const sample = readFileSync(new URL('../../samples/roster.csv', import.meta.url), 'utf8');

  it('reads all 50 people without a single error', () => {
    const rows = rowsOf(sample);

    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((row) => row.email)).size).toBe(50);
  });

  it('spans the zones of every office, including a 45-minute one', () => {
    const zones = new Set(rowsOf(sample).map((row) => row.timezone));

    for (const zone of [
      'America/Los_Angeles',
      'America/New_York',
      'Europe/London',
      'Europe/Berlin',
      'Asia/Kolkata',
      'Australia/Sydney',
      'Asia/Kathmandu',
    ]) {
      expect(zones).toContain(zone);
    }
  });

  it('keeps the source line and normalises each field of a row', () => {
    const harriet = rowsOf(sample).find((row) => row.externalId === 'LP-1010');

    expect(harriet).toEqual({
      line: 11,
      externalId: 'LP-1010',
      fullName: 'Harriet Osei',
      email: 'harriet.osei@example.com',
      phone: '+447700900110',
      timezone: 'Europe/London',
      locale: 'en',
      title: 'Account Manager, Partnerships',
      department: 'Sales',
      managerEmail: 'tomas.ibarra@example.com',
      location: 'London',
      hireDate: '2024-09-16',
      preferredChannel: 'teams',
    });
  });
});

describe('parseRosterCsv reading the file', () => {
  it.each(['Email', '"Email"'])('ignores a byte order mark before the first header %s', (first) => {
    const errors = errorsOf(csv(`\uFEFF${first},Name,Timezone`, 'not-an-email,Ana,UTC'));

    expect(errors).toMatchObject([{ kind: 'invalid-email', line: 2, column: 'Email' }]);
  });

  it('reads semicolon files with a quoted value holding a newline and a semicolon', () => {
    const rows = rowsOf(
      csv(
        'Name;Email;Location;Timezone',
        'Ana López;ana@example.com;"Edificio 2;',
        'planta 3";Europe/Madrid',
        'Bruno Paz;bruno@example.com;Madrid;Europe/Madrid',
      ),
    );

    expect(rows.map((row) => [row.line, row.location])).toEqual([
      [2, 'Edificio 2;\nplanta 3'],
      [4, 'Madrid'],
    ]);
  });

  it('understands common header names in any case and spelling', () => {
    const rows = rowsOf(
      csv(
        'Worker ID,First Name,Last Name,Work E-mail,Mobile Phone,Time Zone,Language,' +
          'Job Title,Team,Supervisor Email,City,Start Date,Preferred Channel',
        'W-7,Ana,López,Ana.Lopez@Example.com,(415) 555-0100,America/Chicago,es_mx,' +
          'Picker,Warehouse,Boss@Example.com,Joliet,2025-03-18,WhatsApp',
      ),
      { defaultCountry: 'US' },
    );

    expect(rows[0]).toEqual({
      line: 2,
      externalId: 'W-7',
      fullName: 'Ana López',
      email: 'ana.lopez@example.com',
      phone: '+14155550100',
      timezone: 'America/Chicago',
      locale: 'es-MX',
      title: 'Picker',
      department: 'Warehouse',
      managerEmail: 'boss@example.com',
      location: 'Joliet',
      hireDate: '2025-03-18',
      preferredChannel: 'whatsapp',
    });
  });

  it('fills blanks with the defaults: import timezone, locale en, simulator channel', () => {
    const rows = rowsOf(csv('name,email,timezone,locale,channel', 'Ana,ana@example.com,,,'), {
      defaultTimezone: 'Europe/Berlin',
    });

    expect(rows[0]).toMatchObject({
      timezone: 'Europe/Berlin',
      locale: 'en',
      preferredChannel: 'simulator',
      phone: null,
      externalId: null,
      hireDate: null,
    });
  });

  it.each<[string, string, CountryCode | undefined, string]>([
    ['07700 900123', 'GB', undefined, '+447700900123'],
    ['(415) 555-0100', 'US', undefined, '+14155550100'],
    ['030 23125 123', '', 'DE', '+493023125123'],
    ['+61 491 570 156', '', undefined, '+61491570156'],
    ['0491 570 156', 'au', 'US', '+61491570156'],
  ])('writes %s (country %s, default %s) as %s', (phone, country, defaultCountry, expected) => {
    const rows = rowsOf(
      csv('name,email,tz,phone,country', `Ana,a@example.com,UTC,${phone},${country}`),
      { defaultCountry },
    );

    expect(rows[0]?.phone).toBe(expected);
  });
});

describe('parseRosterCsv reporting problems', () => {
  const validRow = {
    'employee id': 'E1',
    name: 'Ana',
    email: 'ana@example.com',
    timezone: 'UTC',
    phone: '(415) 555-0100',
    country: 'US',
    'hire date': '2025-01-06',
    channel: 'sms',
    locale: 'en',
  };
  type Cells = Partial<Record<keyof typeof validRow, string>>;
  const header = Object.keys(validRow).join(',');
  const line = (cells: Cells): string => Object.values({ ...validRow, ...cells }).join(',');
  // Each good row has a number of its own: two people may not share one.
  let numbered = 0;
  const good = (id: string, email: string): string =>
    line({ 'employee id': id, email, phone: `(415) 555-02${String(numbered++).padStart(2, '0')}` });

  it.each<[string, keyof typeof validRow, string, string]>([
    ['invalid-email', 'email', 'ana@', 'is not a valid email address'],
    ['unknown-timezone', 'timezone', 'Mars/Olympus', 'write it as Region/City'],
    ['unknown-timezone', 'timezone', 'EST', 'daylight saving would be missed'],
    ['invalid-phone', 'phone', '12345', 'cannot be read as a number in US'],
    ['unknown-country', 'country', 'Narnia', 'two-letter ISO country code'],
    ['invalid-hire-date', 'hire date', 'next monday', 'write it as YYYY-MM-DD'],
    ['invalid-hire-date', 'hire date', '04/05/2025', 'could be day/month or month/day'],
    ['unknown-channel', 'channel', 'fax', 'use one of simulator, sms'],
    ['invalid-locale', 'locale', 'English', 'not a language tag'],
  ])('reports %s in column %s for %s', (kind, column, value, reason) => {
    const errors = errorsOf(csv(header, good('E0', 'zoe@example.com'), line({ [column]: value })));

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind, line: 3, column, value });
    expect(errors[0]?.reason).toContain(reason);
  });

  it('names both lines when an email repeats with different letter case', () => {
    const errors = errorsOf(
      csv(
        header,
        good('E1', 'ana@example.com'),
        good('E2', 'bo@example.com'),
        good('E3', 'ANA@Example.com'),
      ),
    );

    expect(errors).toMatchObject([{ kind: 'duplicate-email', line: 4, value: 'ANA@Example.com' }]);
    expect(errors[0]?.reason).toContain('already used on line 2');
  });

  it('names the earlier line when an employee id repeats', () => {
    const errors = errorsOf(csv(header, good('E1', 'a@example.com'), good('E1', 'b@example.com')));

    expect(errors).toMatchObject([
      { kind: 'duplicate-employee-id', line: 3, column: 'employee id', value: 'E1' },
    ]);
    expect(errors[0]?.reason).toContain('line 2');
  });

  it('reports an empty required value', () => {
    const errors = errorsOf(
      csv('name,email,tz', ',ana@example.com,UTC', 'Bo,,UTC', 'Cy,c@example.com,'),
    );

    expect(errors.map(({ kind, line, column }) => [kind, line, column])).toEqual([
      ['missing-value', 2, 'name'],
      ['missing-value', 3, 'email'],
      ['missing-value', 4, 'tz'],
    ]);
  });

  it('reports every missing required column from the header, and no rows', () => {
    const errors = errorsOf(csv('id,phone', '1,(415) 555-0100'));

    expect(errors.map(({ kind, line, column }) => [kind, line, column])).toEqual([
      ['missing-column', 1, 'name'],
      ['missing-column', 1, 'email'],
    ]);
  });

  it('reports a row with too many fields and keeps checking the rows after it', () => {
    const errors = errorsOf(
      csv('name,email,tz', 'Ana,ana@example.com,UTC,extra', 'Bo,bo@example,UTC'),
    );

    expect(errors).toMatchObject([
      { kind: 'malformed-row', line: 2, column: null, value: 'Ana,ana@example.com,UTC,extra' },
      { kind: 'invalid-email', line: 3 },
    ]);
    expect(errors[0]?.reason).toContain('the row has 4 fields but the header has 3');
  });

  it('reports an unclosed quote on the line where it opens', () => {
    const errors = errorsOf(
      csv(
        'name,email,tz',
        'Ana,ana@example.com,UTC',
        '"Bo,bo@example.com,UTC',
        'Cy,c@example.com,UTC',
      ),
    );

    expect(errors).toMatchObject([{ kind: 'malformed-row', line: 3 }]);
    expect(errors[0]?.reason).toContain('never closed');
  });

  it('reports the problems of several rows together, ordered by line', () => {
    const errors = errorsOf(
      csv(
        header,
        'E1,Ana,ana@,Mars/Olympus,(415) 555-0100,US,,,',
        good('E2', 'bo@example.com'),
        'E3,Cy,cy@example.com,UTC,,,2025-02-30,pigeon,',
      ),
    );

    expect(errors.map(({ line, kind }) => [line, kind])).toEqual([
      [2, 'invalid-email'],
      [2, 'unknown-timezone'],
      [4, 'invalid-hire-date'],
      [4, 'unknown-channel'],
    ]);
  });

  it('says the file is empty when there is no header', () => {
    expect(errorsOf('\n\n')).toMatchObject([{ kind: 'empty-file', line: 1 }]);
  });

  it('refuses a default timezone that is not an IANA zone', () => {
    expect(() => parseRosterCsv('name,email', { defaultTimezone: 'Mars/Olympus' })).toThrow(
      RangeError,
    );
  });
});

describe('formatRosterErrors', () => {
  it('writes one line per error with its line, its column when there is one, and the reason', () => {
    const fillers = [1, 2, 3, 4, 5].map((n) => `Filler ${n},filler${n}@example.com,UTC`);
    const errors = errorsOf(
      csv('name,email,timezone', ...fillers, 'Ana,ana@example.com,Mars/Olympus', 'Bo,bo@x,UTC,1'),
    );

    expect(formatRosterErrors(errors)).toEqual([
      "line 7, column timezone: 'Mars/Olympus' is not a known IANA timezone; " +
        'write it as Region/City, e.g. America/Chicago or Europe/London',
      'line 8: the row has 4 fields but the header has 3; ' +
        "wrap any value containing ',' in double quotes",
    ]);
  });
});
