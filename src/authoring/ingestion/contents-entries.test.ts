import { describe, expect, it } from 'vitest';
import { isContentsHeading, isContentsTable, isLeaderEntry } from './contents-entries.ts';

describe('isLeaderEntry', () => {
  it.each([
    ['full-stop leaders', 'Receiving goods ........................ 2'],
    ['ellipsis characters mixed with stops', 'A1:2017 - Injection …….………..……………… 7'],
    ['no space before the number', 'A6:2017 - Security Misconfiguration …………………..12'],
    ['spaced dots', 'Dispatch and loading . . . . . . . . 3'],
    ['a roman page number', 'Preface ........ iv'],
  ])('takes %s for a contents entry', (_, text) => {
    expect(isLeaderEntry(text)).toBe(true);
  });

  it.each([
    ['a sentence ending in a number', 'The speed limit in the yard is 5'],
    ['a version number', 'Install Node 20.1.2'],
    ['a single ellipsis', 'Wait for it… 3'],
    ['dots without a title', '1 ........ 2'],
  ])('does not take %s for one', (_, text) => {
    expect(isLeaderEntry(text)).toBe(false);
  });
});

describe('isContentsHeading', () => {
  it.each(['Contents', 'Table of Contents', 'TOC', 'TOC Table of Contents', 'Inhaltsverzeichnis'])(
    'knows "%s"',
    (text) => expect(isContentsHeading(text)).toBe(true),
  );

  it('does not take a heading that only mentions contents', () => {
    expect(isContentsHeading('Contents of the first-aid kit')).toBe(false);
  });
});

describe('isContentsTable', () => {
  it('takes a table of entries and page numbers, header row included', () => {
    const rows = [
      ['TOC - About OWASP ……………… ', '1'],
      ['FW - Foreword …………..………', '2'],
      ['I - Introduction ………..……', '3'],
    ];
    expect(isContentsTable(rows)).toBe(true);
  });

  it('leaves a table with a number column alone, however many rows it has', () => {
    const aisles = 'ABCDEFGHIJ'
      .split('')
      .map((letter, index) => [`Aisle ${letter}`, `${index + 9}`]);
    expect(isContentsTable([['Aisle', 'Bays'], ...aisles])).toBe(false);
  });
});
