/**
 * Turns the bytes of an uploaded or exported CSV into text. Exports are UTF-8 nowadays, but
 * Excel on Windows still saves "CSV (Comma delimited)" in the machine's ANSI code page, which
 * in Western Europe and the Americas is Windows-1252: read as UTF-8, "José Müller" would come
 * out as "Jos� M�ller" and be stored so.
 *
 * The bytes are read as UTF-8 with a fatal decoder, so one byte that cannot be UTF-8 is
 * noticed instead of replaced. Such a file is read as Windows-1252 and the caller is told, so
 * the report can ask for a look at the names: the guess is right for Western European text.
 *
 * Limitation: a file in another legacy code page (Windows-1250 for Polish or Czech, Shift_JIS)
 * is also read as Windows-1252; its accented letters come out wrong, hence the warning.
 */

export type CsvEncoding = 'utf-8' | 'utf-16' | 'windows-1252';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

/**
 * @example
 * decodeCsvBytes(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9]))
 * // { text: 'José', encoding: 'windows-1252' }
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  // Excel's "Unicode Text" is UTF-16 with a byte order mark; the decoder drops the mark.
  if (startsWith(bytes, [0xff, 0xfe])) return utf16(bytes, 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return utf16(bytes, 'utf-16be');

  try {
    // The decoder drops a UTF-8 byte order mark; the CSV reader would drop it too.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: windows1252(bytes), encoding: 'windows-1252' };
  }
}

/** What the import report says about a file that was not UTF-8. */
export const WINDOWS_1252_WARNING =
  'the file is not UTF-8; read as Windows-1252 (Western European); check names with accents';

/**
 * Windows-1252 is ISO-8859-1 but for 0x80-0x9F, where it has € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž and
 * the curly quotes Word and Excel type. Node 20's TextDecoder('windows-1252') decodes those as
 * ISO-8859-1 control characters, so they are mapped here (WHATWG Encoding, index-windows-1252).
 */
function windows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH.charAt(char.charCodeAt(0) - 0x80));
}

/** 0x80-0x9F in order; the five bytes Windows-1252 leaves undefined stay as they are. */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021' +
  '\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014' +
  '\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function utf16(bytes: Uint8Array, label: 'utf-16le' | 'utf-16be'): DecodedCsv {
  return { text: new TextDecoder(label).decode(bytes), encoding: 'utf-16' };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}
