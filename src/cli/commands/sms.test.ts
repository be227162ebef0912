import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.ts';

/** Runs `inflow ...` in-process and returns what it printed. */
async function inflow(...args: string[]) {
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    printed.push(String(line));
  });
  const code = await main(['node', 'inflow', ...args]);
  log.mockRestore();
  return { code, printed };
}

describe('inflow sms segments', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints encoding, segments and septets as JSON (pitfall SMS-01 b)', async () => {
    const { code, printed } = await inflow('sms', 'segments', '--json', ']'.repeat(153));

    expect(code).toBe(0);
    expect(JSON.parse(printed[0] as string)).toMatchObject({
      encoding: 'GSM-7',
      segments: 3,
      characters: 153,
      septets: 306,
      ucs2Characters: [],
    });
  });

  it('names the character that forced UCS-2, and what plain quotes cost (SMS-03 a)', async () => {
    const teaser =
      'Hi Ana, today\u2019s 2-minute lesson: phishing red flags. Reply A, B or C to answer. ' +
      'Reply STOP to opt out.';

    const { printed } = await inflow('sms', 'segments', teaser);
    const json = JSON.parse(
      (await inflow('sms', 'segments', '--json', teaser)).printed[0] as string,
    );

    expect(printed).toContain('Encoding:    UCS-2');
    expect(printed).toContain('Segments:    2');
    expect(printed.join('\n')).toContain('U+2019');
    expect(json).toMatchObject({
      encoding: 'UCS-2',
      segments: 2,
      codeUnits: 102,
      ucs2Characters: [{ character: '\u2019', codePoint: 'U+2019' }],
      suggestion: { encoding: 'GSM-7', segments: 1 },
    });
  });

  it('counts an emoji as two code units (SMS-03 f)', async () => {
    const { printed } = await inflow('sms', 'segments', '--json', `\u{1F389}${'a'.repeat(69)}`);

    expect(JSON.parse(printed[0] as string)).toMatchObject({
      encoding: 'UCS-2',
      codeUnits: 71,
      segments: 2,
      suggestion: null,
    });
  });
});
