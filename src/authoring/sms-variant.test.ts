import { describe, expect, it } from 'vitest';
import { countSmsSegments, plainForSms, smsVariant } from './sms-variant.ts';

describe('countSmsSegments (3GPP TS 23.038)', () => {
  it.each([
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['a'.repeat(306), 'GSM-7', 2],
    ['a'.repeat(307), 'GSM-7', 3],
    ['€'.repeat(80), 'GSM-7', 1],
    ['€'.repeat(81), 'GSM-7', 2],
    ['ó'.repeat(70), 'UCS-2', 1],
    ['ó'.repeat(71), 'UCS-2', 2],
  ])('%#: %s', (text, encoding, segments) => {
    expect(countSmsSegments(text)).toEqual({ encoding, segments });
  });

  it('never splits an escape pair: 152 plain characters then € need a third part at 307', () => {
    expect(countSmsSegments(`${'a'.repeat(152)}€${'a'.repeat(153)}`).segments).toBe(3);
  });
});

describe('smsVariant', () => {
  const lesson = {
    position: 2,
    title: 'Spills',
    summary: 'Report a spill to your shift lead within 30 minutes.',
    body:
      'Report a spill to your shift lead within 30 minutes. Put the yellow sign next to it ' +
      'straight away. Never mop oil; use the absorbent granules from the red bin. ' +
      'Dispose of used granules in the hazardous waste drum, not the general bin.',
  };

  it('starts with the summary and adds sentences while the budget allows', () => {
    // One segment holds the header and two sentences (120 characters), not a third (180).
    const one = smsVariant(lesson, { lessonCount: 5, segments: 1, locale: 'en' });
    expect(one).toBe(
      'Report a spill to your shift lead within 30 minutes. Put the yellow sign next to it ' +
        'straight away.',
    );
    const two = smsVariant(lesson, { lessonCount: 5, segments: 2, locale: 'en' });
    expect(two).toBe(
      `${one} Never mop oil; use the absorbent granules from the red bin. Dispose of used ` +
        'granules in the hazardous waste drum, not the general bin.',
    );
    expect(countSmsSegments(`Lesson 2 of 5: Spills\n\n${two}`).segments).toBeLessThanOrEqual(2);
  });

  it('writes curly quotes and dashes plainly so the text stays GSM-7', () => {
    expect(plainForSms('It’s “safe” – mostly…')).toBe('It\'s "safe" - mostly...');
  });
});
