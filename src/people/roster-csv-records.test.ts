import { describe, expect, it } from 'vitest';
import { detectDelimiter, readCsvRecords } from './roster-csv-records.ts';

describe('detectDelimiter', () => {
  it.each([
    ['name,email,title\nAna,a@example.com,Lead; Support', ','],
    ['name;email;title\nAna;a@example.com;Lead, Support', ';'],
    ['"Name, full";email;tz\n', ';'],
    ['name', ','],
  ])('picks the separator the header uses (%#)', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('readCsvRecords', () => {
  it('numbers each record by the line it starts on, across quoted newlines and blank lines', () => {
    const { records, errors } = readCsvRecords('a,b\r\n1,"two\r\nlines"\r\n\r\n3,4\r\n,\r\n5,6');

    expect(errors).toEqual([]);
    expect(records.map((record) => [record.line, record.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'two\nlines']],
      [5, ['3', '4']],
      [7, ['5', '6']],
    ]);
  });

  it('trims spaces around unquoted values', () => {
    const { records } = readCsvRecords('a , b\n  1 ,2  ');

    expect(records.map((record) => record.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('explains a quote in the middle of a value and goes on to the next record', () => {
    const { records, errors } = readCsvRecords('name,email\nAna "Nana" Paz,a@example.com\nBo,b');

    expect(errors).toMatchObject([
      { kind: 'malformed-row', line: 2, value: 'Ana "Nana" Paz,a@example.com' },
    ]);
    expect(errors[0]?.reason).toContain('wrap the whole value in double quotes');
    expect(records.map((record) => record.line)).toEqual([1, 3]);
  });
});
