import { describe, expect, it } from 'vitest';
import { counted } from './counted.ts';

describe('counted', () => {
  it('names one thing in the singular and every other count in the plural', () => {
    expect(counted(1, 'lesson')).toBe('1 lesson');
    expect(counted(0, 'lesson')).toBe('0 lessons');
    expect(counted(12, 'lesson')).toBe('12 lessons');
  });

  it('takes an irregular plural', () => {
    expect(counted(2, 'reply', 'replies')).toBe('2 replies');
  });
});
