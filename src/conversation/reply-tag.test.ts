import { describe, expect, it } from 'vitest';
import { splitQuestionTag } from './reply-tag.ts';

describe('splitQuestionTag', () => {
  const openTags = ['7', '9'];

  it.each([
    ['7B', '7', 'B'],
    ['7b', '7', 'b'],
    ['7 b', '7', 'b'],
    ['#7 B', '7', 'B'],
    ['#7B', '7', 'B'],
    ['# 7: b)', '7', 'b)'],
    ['7: true', '7', 'true'],
    ['9 4', '9', '4'],
    ['07 c', '7', 'c'],
    ['9. Report it to security', '9', 'Report it to security'],
  ])('reads "%s" as tag %s and "%s"', (text, tag, rest) => {
    expect(splitQuestionTag(text, openTags)).toEqual({ tag, rest });
  });

  it.each([
    ['2', 'a bare number is an answer, not a tag'],
    ['2.', 'punctuation alone does not follow a tag'],
    ['3 things I learned today', '3 is not an open tag'],
    ['B', 'no number at all'],
  ])('leaves "%s" untagged (%s)', (text) => {
    expect(splitQuestionTag(text, openTags)).toEqual({ tag: null, rest: text });
  });

  it('reads a number glued to a letter as a tag even when that tag is not open', () => {
    expect(splitQuestionTag('5C', openTags)).toEqual({ tag: '5', rest: 'C' });
  });
});
