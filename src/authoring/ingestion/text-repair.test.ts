import { describe, expect, it } from 'vitest';
import { hasBrokenGlyphs, hyphenatedWordsIn, joinLines, repairText } from './text-repair.ts';

describe('repairText (pitfall DOC-01)', () => {
  it('turns ligature code points into letters by NFKC: 47 characters, searchable', () => {
    const repaired = repairText('Scientiﬁc deﬁnition of eﬀective ﬂow control');
    expect(repaired).toBe('Scientific definition of effective flow control');
    expect(repaired).toHaveLength(47);
    expect(repaired.includes('definition')).toBe(true);
  });

  it('drops NUL, soft hyphens and zero-width marks, and recognises broken glyphs', () => {
    expect(repairText('de\u0000nition co\u00ADoperate zero\u200Bwidth')).toBe(
      'denition cooperate zerowidth',
    );
    expect(hasBrokenGlyphs('de\u0000nition')).toBe(true);
    expect(hasBrokenGlyphs('definition\n')).toBe(false);
  });
});

describe('joinLines', () => {
  it.each([
    ['infor-', 'mation about', 'information about'],
    ['Share-', 'Alike license', 'Share-Alike license'],
    ['the end', 'of it', 'the end of it'],
  ])('joins "%s" and "%s" as "%s"', (first, second, joined) => {
    expect(joinLines(first, second)).toBe(joined);
  });

  it('keeps a hyphen the document writes elsewhere on one line', () => {
    const words = hyphenatedWordsIn(['Use real-world tasks.']);
    expect(joinLines('authentic, real-', 'world tasks', words)).toBe('authentic, real-world tasks');
  });
});
