/**
 * What an author needs to keep a lesson cheap by SMS: the encoding, the segments it will be
 * billed as, and the characters that forced UCS-2, with what a clean-up would save.
 * `inflow sms segments` prints it; the web app can show the same object.
 */
import { gsmFriendlyText } from './gsm-friendly-text.ts';
import { codePointLabel, measureSms, SEGMENT_LIMITS, type SmsEncoding } from './sms-segments.ts';

export interface SmsCostReport {
  encoding: SmsEncoding;
  segments: number;
  characters: number;
  /** Septets in GSM-7; absent in UCS-2. */
  septets?: number;
  /** UTF-16 code units in UCS-2; absent in GSM-7. */
  codeUnits?: number;
  limits: { single: number; perSegment: number };
  /** Characters that forced UCS-2, once each, with their code point ("U+2019"). */
  ucs2Characters: { character: string; codePoint: string }[];
  /** The text with quotes straightened and accents composed, when that costs less. */
  suggestion: { text: string; encoding: SmsEncoding; segments: number } | null;
}

/**
 * @example smsCostReport('Hi \u{1F389}') // { encoding: 'UCS-2', segments: 1, ... }
 */
export function smsCostReport(text: string): SmsCostReport {
  const measure = measureSms(text);
  const limits = SEGMENT_LIMITS[measure.encoding];
  const cleaned = gsmFriendlyText(text);
  const cleanedMeasure = measureSms(cleaned);
  const cheaper =
    cleanedMeasure.segments < measure.segments || cleanedMeasure.encoding !== measure.encoding;

  return {
    encoding: measure.encoding,
    segments: measure.segments,
    characters: measure.characters,
    ...(measure.encoding === 'GSM-7' ? { septets: measure.units } : { codeUnits: measure.units }),
    limits: { single: limits.single, perSegment: limits.concatenated },
    ucs2Characters: measure.ucs2Characters.map((character) => ({
      character,
      codePoint: codePointLabel(character),
    })),
    suggestion:
      cheaper && cleaned !== text
        ? { text: cleaned, encoding: cleanedMeasure.encoding, segments: cleanedMeasure.segments }
        : null,
  };
}

/** The report as lines for a terminal. */
export function formatSmsCostReport(report: SmsCostReport): string[] {
  const unitName = report.encoding === 'GSM-7' ? 'septets' : 'UTF-16 code units';
  const units = report.septets ?? report.codeUnits ?? 0;
  const lines = [
    `Encoding:    ${report.encoding}`,
    `Segments:    ${report.segments}`,
    `Characters:  ${report.characters} (${units} ${unitName}; ${report.limits.single} fit one ` +
      `SMS, ${report.limits.perSegment} per segment when split)`,
  ];
  if (report.ucs2Characters.length > 0) {
    const listed = report.ucs2Characters
      .map(({ character, codePoint }) => `${JSON.stringify(character)} ${codePoint}`)
      .join(', ');
    lines.push(`UCS-2 forced by: ${listed}`);
  }
  if (report.suggestion) {
    lines.push(
      `With plain quotes and composed accents: ${report.suggestion.encoding}, ` +
        `${report.suggestion.segments} segment(s):`,
      `  ${report.suggestion.text}`,
    );
  }
  return lines;
}
