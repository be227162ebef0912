/**
 * Splits CSV text into records with the line each starts on, turning csv-parse's errors into
 * roster errors so that one broken row does not hide the problems in the rows after it.
 */
import { parse } from 'csv-parse/sync';
import type { CsvError, InfoRecord } from 'csv-parse/sync';
import type { RosterError } from './roster-errors.ts';

export interface CsvRecord {
  /** 1-based line the record starts on; a quoted value may carry it over several lines. */
  line: number;
  fields: string[];
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: InfoRecord;
}

export type CsvDelimiter = ',' | ';';

export interface CsvReadout {
  delimiter: CsvDelimiter;
  records: CsvRecord[];
  errors: RosterError[];
}

export function readCsvRecords(text: string): CsvReadout {
  // csv-parse counts a CRLF inside quotes as two lines, which would shift every later line
  // number; with one kind of line break the counts hold, and stored values get plain "\n".
  const source = text.replace(/\r\n?/g, '\n');
  const delimiter = detectDelimiter(source);
  const skipped: { error: CsvError; raw: string }[] = [];

  // With `raw` and `info` csv-parse returns { record, raw, info } objects, which its sync
  // typings do not describe; the raw text is what locates a multi-line record's first line.
  const parsed = parse(source, {
    bom: true,
    delimiter,
    trim: true,
    raw: true,
    info: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      if (error !== undefined) skipped.push({ error, raw: raw ?? '' });
      return undefined;
    },
  }) as unknown as ParsedRecord[];

  const records = parsed.map(({ record, raw, info }) => ({
    line: startLine(info.lines, raw),
    fields: record,
  }));
  const sourceLines = source.replace(/^\uFEFF/, '').split('\n');
  const errors = skipped
    .map(({ error, raw }) => toMalformedRowError(error, raw, sourceLines, records[0], delimiter))
    // A quote in mid-value trips csv-parse once per quote; one message per row is enough.
    .filter((error, index, all) => index === 0 || all[index - 1]?.line !== error.line);

  return { delimiter, records, errors };
}

/**
 * Picks the separator the header line uses most: spreadsheets in locales with a decimal comma
 * (most of Europe) save "CSV" with semicolons.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;

  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }

  return semicolons > commas ? ';' : ',';
}

/**
 * csv-parse reports the line a record ends on, and its raw text starts with any blank lines it
 * skipped; the record starts as many lines earlier as it holds line breaks.
 */
function startLine(endLine: number, raw: string): number {
  const content = raw.replace(/^(?:[ \t]*\n)+/, '').replace(/\n$/, '');
  const breaks = content.split('\n').length - 1;
  return endLine - breaks;
}

function toMalformedRowError(
  error: CsvError,
  raw: string,
  sourceLines: readonly string[],
  header: CsvRecord | undefined,
  delimiter: CsvDelimiter,
): RosterError {
  const line = startLine(typeof error.lines === 'number' ? error.lines : 1, raw);
  const text = sourceLines[line - 1]?.trim() ?? '';

  return {
    kind: 'malformed-row',
    line,
    column: null,
    value: text.length > 80 ? `${text.slice(0, 77)}...` : text,
    reason: describeCsvError(error, header, delimiter),
  };
}

function describeCsvError(
  error: CsvError,
  header: CsvRecord | undefined,
  delimiter: CsvDelimiter,
): string {
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const got = Array.isArray(error.record) ? error.record.length : 'a different number of';
      const expected = header?.fields.length ?? 'a different number of';
      return (
        `the row has ${got} fields but the header has ${expected}; ` +
        `wrap any value containing '${delimiter}' in double quotes`
      );
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return (
        'a double quote opened in this row is never closed, so the rest of the file reads as ' +
        'one value; add the closing quote or remove the opening one'
      );
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return (
        'a double quote sits in the middle of a value; wrap the whole value in double quotes ' +
        'and write each quote inside it twice ("")'
      );
    default:
      return `the row could not be read as CSV (${error.message})`;
  }
}
