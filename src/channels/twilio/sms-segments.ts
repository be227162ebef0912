/**
 * What an SMS costs: its encoding and the number of segments carriers bill for it.
 *
 * GSM-7 carries 160 septets in a single message and 153 per segment of a concatenated one
 * (the user data header takes the rest); an extension character is an ESC pair that is never
 * split across two segments. UCS-2 carries 70 UTF-16 code units alone and 67 per segment, and
 * a surrogate pair (an emoji) is never split either. See 3GPP TS 23.038 and 23.040.
 */
import { gsmSeptets } from './gsm7-alphabet.ts';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsMeasure {
  encoding: SmsEncoding;
  segments: number;
  /** Characters as a person counts them (code points); CR and LF are one each. */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2): what the segment limits count. */
  units: number;
  /** The distinct characters GSM-7 cannot carry, in order of first appearance. */
  ucs2Characters: string[];
}

export const SEGMENT_LIMITS = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
} as const;

/**
 * @example measureSms('Hello') // { encoding: 'GSM-7', segments: 1, characters: 5, units: 5, ... }
 * @example measureSms(']'.repeat(153)).segments // 3: 76 ESC pairs fit in a 153-septet segment
 */
export function measureSms(text: string): SmsMeasure {
  const characters = [...text];
  const ucs2Characters = [...new Set(characters.filter((c) => gsmSeptets(c) === null))];
  const encoding: SmsEncoding = ucs2Characters.length === 0 ? 'GSM-7' : 'UCS-2';

  const costs = characters.map((c) => unitCost(c, encoding));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  return {
    encoding,
    segments: segmentCount(costs, units, encoding),
    characters: characters.length,
    units,
    ucs2Characters,
  };
}

/** Septets of a character in GSM-7, or its UTF-16 code units in UCS-2. */
export function unitCost(character: string, encoding: SmsEncoding): number {
  if (encoding === 'UCS-2') return character.length;
  return gsmSeptets(character) ?? character.length;
}

/**
 * Fills segments one indivisible character at a time, so an ESC pair or a surrogate pair that
 * does not fit in what is left of a segment starts the next one.
 */
function segmentCount(costs: readonly number[], units: number, encoding: SmsEncoding): number {
  const limits = SEGMENT_LIMITS[encoding];
  if (units === 0) return 1;
  if (units <= limits.single) return 1;

  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > limits.concatenated) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

/** A code point as authors see it in tools: "U+2019". */
export function codePointLabel(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
