import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import type { ParsedDocument } from './document-model.ts';
import { readMarkdown } from './markdown-reader.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const allText = (document: ParsedDocument): string =>
  document.sections.flatMap((section) => section.blocks.map((block) => block.text)).join('\n');

const blockAt = (document: ParsedDocument, line: number) =>
  document.sections.flatMap((section) => section.blocks).find((block) => block.line === line);

describe('readMarkdown on a handbook page full of real-world noise', () => {
  const document = readMarkdown(fixture('forklift-safety.md'), 'forklift-safety.md');
  const text = allText(document);

  it('takes the title from the YAML front matter', () => {
    expect(document.title).toBe('Forklift Safety at Northgate Depot');
    expect(text).not.toContain('layout');
  });

  it('keeps one section per heading, with its level and line', () => {
    expect(
      document.sections.map((section) => [section.heading, section.level, section.line]),
    ).toEqual([
      ['', 0, 11],
      ['Who may drive a forklift', 2, 15],
      ['Pre-shift inspection', 2, 27],
      ['Driving in the warehouse', 2, 49],
      ['Loading docks', 2, 66],
      ['Charging batteries', 2, 73],
      ['Incidents and near misses', 2, 82],
    ]);
  });

  it('drops comments, Liquid tags, raw HTML tags, fenced-div markers and code', () => {
    for (const noise of [
      'Draft reviewed',
      '{%',
      '%}',
      'policy-banner',
      '<div',
      ':::',
      'export-inspections',
    ]) {
      expect(text).not.toContain(noise);
    }
  });

  it('keeps the words inside raw HTML and fenced divs', () => {
    expect(text).toContain('When visibility is poor, an operator drives in reverse');
    expect(text).toContain('A forklift may enter a trailer only after the wheels');
  });

  it('keeps link text, drops link targets, images and emphasis markers', () => {
    expect(blockAt(document, 25)?.text).toBe(
      'See the training calendar for the next practical test.',
    );
    expect(text).not.toContain('forklift-parked.png');
    expect(text).not.toContain('A forklift with its forks lowered');
    expect(blockAt(document, 17)?.text).toContain('issued by the Safety Office after');
    expect(blockAt(document, 21)?.text).toContain('must tell the shift supervisor before');
  });

  it('turns each table row into a sentence named by its first cell', () => {
    const rows = document.sections[2]?.blocks.filter((block) => block.kind === 'table_row');
    expect(rows?.map((row) => [row.line, row.text])).toEqual([
      [34, 'Horn: The horn sounds clearly.'],
      [35, 'Brakes: The truck stops within 2 metres at walking speed.'],
      [36, 'Forks: No cracks, bends or worn heels.'],
      [37, 'Battery: The charge indicator shows at least 40 percent.'],
    ]);
  });

  it('joins the lines of a wrapped paragraph and remembers where it starts', () => {
    const block = blockAt(document, 11);
    expect(block?.kind).toBe('paragraph');
    expect(block?.text).toMatch(/^This policy explains .* first shift in the warehouse\.$/);
  });
});

describe('readMarkdown on smaller inputs', () => {
  it('uses an opening level-1 heading as the title, then the file name', () => {
    expect(readMarkdown('# Ladder safety\n\nHold the rails.', 'x.md').title).toBe('Ladder safety');
    expect(readMarkdown('Hold the rails at all times.', 'ladder-safety_v2.md').title).toBe(
      'Ladder safety v2',
    );
  });

  it('reads setext headings, list items, task boxes and block quotes', () => {
    const document = readMarkdown(
      [
        'Ladders',
        '=======',
        '',
        '- [x] Check the feet',
        '- Face the ladder',
        '',
        '> Never stand on the top step.',
      ].join('\n'),
      'x.md',
    );
    expect(document.sections[0]?.heading).toBe('Ladders');
    expect(document.sections[0]?.blocks.map((block) => [block.kind, block.text])).toEqual([
      ['list_item', 'Check the feet'],
      ['list_item', 'Face the ladder'],
      ['paragraph', 'Never stand on the top step.'],
    ]);
  });

  it('keeps a wrapped line that starts with a year inside its paragraph', () => {
    const document = readMarkdown('The rule changed in\n2022. It now covers vans.', 'x.md');
    expect(document.sections[0]?.blocks).toHaveLength(1);
  });

  it('drops an unclosed code fence to the end of the file', () => {
    const document = readMarkdown('Read this first.\n\n```\nrm -rf /\n\nNot prose.', 'x.md');
    expect(allText(document)).toBe('Read this first.');
  });

  it('keeps escaped characters as text and decodes HTML entities', () => {
    const document = readMarkdown('Use 2 \\* 3 bolts &amp; a \\_spare\\_ nut&nbsp;now.', 'x.md');
    expect(allText(document)).toBe('Use 2 * 3 bolts & a _spare_ nut now.');
  });

  it('treats a bold line on its own as a run-in heading, not the start of a sentence', () => {
    const document = readMarkdown('**If in person**\nWrite one thing you learned.', 'x.md');
    expect(document.sections[0]?.blocks.map((block) => block.text)).toEqual([
      'If in person',
      'Write one thing you learned.',
    ]);
  });
});
