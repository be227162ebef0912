import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { readPlainText } from './plain-text-reader.ts';

const notes = readFileSync(new URL('./fixtures/warehouse-notes.txt', import.meta.url), 'utf8');

describe('readPlainText', () => {
  const document = readPlainText(notes, 'warehouse-notes.txt');

  it('takes a short first line without punctuation as the title', () => {
    expect(document.title).toBe('Warehouse Induction Notes');
  });

  it('guesses headings from short lines without final punctuation', () => {
    expect(document.sections.map((section) => section.heading)).toEqual([
      'Warehouse Induction Notes',
      'Personal Protective Equipment',
      'Fire Safety',
      'Reporting Hazards',
    ]);
  });

  it('splits paragraphs at blank lines and joins their lines', () => {
    const [welcome] = document.sections[0]?.blocks ?? [];
    expect(welcome?.line).toBe(3);
    expect(welcome?.text).toMatch(/^Welcome to the Northgate warehouse\. .* site tour\.$/);
  });

  it('reads bulleted lines as list items with their own line numbers', () => {
    const blocks = document.sections[3]?.blocks ?? [];
    expect(blocks.map((block) => [block.kind, block.line])).toEqual([
      ['paragraph', 20],
      ['list_item', 21],
      ['list_item', 22],
      ['list_item', 23],
    ]);
  });

  it('does not take a one-line sentence for a heading', () => {
    const document = readPlainText('Safety first.\n\nWear boots on the floor.', 'x.txt');
    expect(document.sections.map((section) => section.heading)).toEqual(['']);
    expect(document.title).toBe('X');
  });

  it('reads Windows line endings', () => {
    const document = readPlainText('Fire Safety\r\n\r\nLeave by the nearest exit.\r\n', 'x.txt');
    expect(document.sections[0]?.blocks[0]).toEqual({
      kind: 'paragraph',
      text: 'Leave by the nearest exit.',
      line: 3,
    });
  });
});
