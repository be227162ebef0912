import { describe, expect, it } from 'vitest';
import { gsmFriendlyText } from './gsm-friendly-text.ts';
import { measureSms } from './sms-segments.ts';

const lessonTeaser =
  'Hi Ana, today\u2019s 2-minute lesson: phishing red flags. Reply A, B or C to answer. ' +
  'Reply STOP to opt out.';

describe('measureSms, pitfall SMS-01: GSM extension characters and ESC pairs', () => {
  it.each([
    ['a: 152 closing brackets', ']'.repeat(152), 304, 2],
    ['b: 153 closing brackets (an ESC pair never straddles)', ']'.repeat(153), 306, 3],
    ['c: 80 euro signs', '€'.repeat(80), 160, 1],
    ['d: 81 euro signs', '€'.repeat(81), 162, 2],
  ])('%s', (_label, text, septets, segments) => {
    expect(measureSms(text)).toMatchObject({ encoding: 'GSM-7', units: septets, segments });
  });

  it('e: counts CR LF as two characters, so 161 characters need two segments', () => {
    const measure = measureSms(`${'a'.repeat(80)}\r\n${'a'.repeat(79)}`);

    expect(measure).toMatchObject({ encoding: 'GSM-7', characters: 161, segments: 2 });
  });

  it('f: keeps 160 characters with a lone LF in one segment', () => {
    const measure = measureSms(`${'a'.repeat(80)}\n${'a'.repeat(79)}`);

    expect(measure).toMatchObject({ encoding: 'GSM-7', characters: 160, segments: 1 });
  });

  it.each([
    ['^', 2],
    ['{', 2],
    ['}', 2],
    ['\\', 2],
    ['[', 2],
    ['~', 2],
    ['|', 2],
    ['\f', 2],
    ['£', 1],
    ['Ñ', 1],
    ['@', 1],
  ])('costs "%s" %i septet(s)', (character, septets) => {
    expect(measureSms(character.repeat(10)).units).toBe(10 * septets);
  });

  it('starts a new segment when one ESC pair would straddle the 153-septet boundary', () => {
    // 152 plain septets then one pair: the pair cannot take septets 153 and 154.
    const measure = measureSms(`${'a'.repeat(152)}€${'a'.repeat(10)}`);

    expect(measure.units).toBe(164);
    expect(measure.segments).toBe(2);
  });
});

describe('measureSms, pitfall SMS-03: invisible UCS-2 triggers', () => {
  it('a: one curly apostrophe makes a 102-character text two UCS-2 segments', () => {
    expect(lessonTeaser).toHaveLength(102);
    expect(measureSms(lessonTeaser)).toMatchObject({
      encoding: 'UCS-2',
      units: 102,
      segments: 2,
      ucs2Characters: ['\u2019'],
    });
  });

  it('b: the same text with a straight apostrophe is one GSM-7 segment', () => {
    expect(measureSms(lessonTeaser.replace('\u2019', "'"))).toMatchObject({
      encoding: 'GSM-7',
      units: 102,
      segments: 1,
    });
  });

  it('c: a precomposed é is in GSM-7', () => {
    expect(measureSms('\u00e9'.repeat(70))).toMatchObject({
      encoding: 'GSM-7',
      units: 70,
      segments: 1,
    });
  });

  it('d: a decomposed é is UCS-2 and costs three segments, one after NFC', () => {
    const decomposed = 'e\u0301'.repeat(70);

    expect(measureSms(decomposed)).toMatchObject({ encoding: 'UCS-2', units: 140, segments: 3 });
    expect(measureSms(gsmFriendlyText(decomposed))).toMatchObject({
      encoding: 'GSM-7',
      units: 70,
      segments: 1,
    });
  });

  it('e: an emoji counts two code units, so it and 68 letters fit one segment', () => {
    expect(measureSms(`\u{1F389}${'a'.repeat(68)}`)).toMatchObject({
      encoding: 'UCS-2',
      units: 70,
      segments: 1,
    });
  });

  it('f: one letter more needs two segments, and the surrogate pair is never split', () => {
    expect(measureSms(`\u{1F389}${'a'.repeat(69)}`)).toMatchObject({
      encoding: 'UCS-2',
      units: 71,
      segments: 2,
    });
    // 66 letters then the emoji: the pair would take units 67 and 68, so it moves on.
    expect(measureSms(`${'a'.repeat(66)}\u{1F389}${'a'.repeat(66)}`).segments).toBe(3);
  });

  it('counts 70/67 for UCS-2 text in another script', () => {
    expect(measureSms('Ж'.repeat(70)).segments).toBe(1);
    expect(measureSms('Ж'.repeat(134)).segments).toBe(2);
    expect(measureSms('Ж'.repeat(135)).segments).toBe(3);
  });

  it('lists each character that forced UCS-2 once, in order of appearance', () => {
    expect(measureSms('\u201cHi\u201d \u{1F389} \u201cyo\u201d').ucs2Characters).toEqual([
      '\u201c',
      '\u201d',
      '\u{1F389}',
    ]);
  });

  it('counts an empty text as one segment', () => {
    expect(measureSms('')).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 0 });
  });
});

describe('gsmFriendlyText', () => {
  it('straightens quotes, dashes, ellipses and odd spaces, and keeps emoji', () => {
    const cleaned = gsmFriendlyText('\u201cIt\u2019s\u00a0fine\u201d \u2014 ok\u2026 \u{1F389}');

    expect(cleaned).toBe('"It\'s fine" - ok... \u{1F389}');
  });

  it('turns the SMS-03 teaser into one GSM-7 segment', () => {
    expect(measureSms(gsmFriendlyText(lessonTeaser))).toMatchObject({
      encoding: 'GSM-7',
      segments: 1,
    });
  });
});
