/**
 * The GSM 03.38 default alphabet and its extension table, as SMS carriers encode them. A text
 * made only of these characters travels as 7-bit septets; one character outside them switches
 * the whole message to UCS-2 (16 bits per UTF-16 code unit).
 */

/** The 128 characters of the default alphabet, one septet each (0x1B, the escape, left out). */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Characters of the extension table: each is sent as ESC + character, two septets. */
const EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET = new Set(BASIC);
const EXTENSION_SET = new Set(EXTENSION);

/**
 * Septets one character (a code point) costs in GSM-7, or null when GSM-7 cannot carry it.
 * @example gsmSeptets('a') // 1
 * @example gsmSeptets('€') // 2
 * @example gsmSeptets('’') // null
 */
export function gsmSeptets(character: string): 1 | 2 | null {
  if (BASIC_SET.has(character)) return 1;
  if (EXTENSION_SET.has(character)) return 2;
  return null;
}
