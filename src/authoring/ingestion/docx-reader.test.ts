import { describe, expect, it } from 'vitest';
import { blocksOf } from '../document-model.ts';
import { buildDocx } from '../fixtures/office-fixtures.ts';
import { readDocx } from './docx-reader.ts';

// Pitfall DOC-04: the paragraphs and numbering exactly as in the pitfall's input.
const DOC_04 = [
  { text: 'Lock your screen', numId: 1, ilvl: 0 },
  { text: 'Use a password manager', numId: 1, ilvl: 0 },
  { text: 'Note: this applies to laptops too.' },
  { text: 'Report lost devices', numId: 1, ilvl: 0 },
  { text: 'Open the app', numId: 2, ilvl: 0 },
  { text: 'Tap Settings', numId: 2, ilvl: 1 },
  { text: 'Enable MFA', numId: 2, ilvl: 2 },
] as const;

async function read(paragraphs: Parameters<typeof buildDocx>[0], title?: string) {
  const parsed = await readDocx(await buildDocx(paragraphs, title), 'handbook.docx');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('readDocx', () => {
  it('DOC-04: continues a numbered list across an interrupting paragraph', async () => {
    const items = blocksOf(await read([...DOC_04])).filter((block) => block.kind === 'list_item');
    const first = items.filter((block) => block.list?.list === items[0]?.list?.list);

    expect(first.map((block) => [block.text, block.list?.number])).toEqual([
      ['Lock your screen', 1],
      ['Use a password manager', 2],
      ['Report lost devices', 3],
    ]);
  });

  it('DOC-04: starts a second list at 1 and keeps its nesting depth 1, 2, 3', async () => {
    const items = blocksOf(await read([...DOC_04])).filter((block) => block.kind === 'list_item');
    const second = items.slice(3);

    expect(second.map((block) => [block.text, block.list?.number, block.list?.depth])).toEqual([
      ['Open the app', 1, 1],
      ['Tap Settings', 1, 2],
      ['Enable MFA', 1, 3],
    ]);
    expect(second[0]?.list?.list).not.toBe(items[0]?.list?.list);
  });

  it('keeps the interrupting note as a paragraph, not a list item', async () => {
    const note = blocksOf(await read([...DOC_04])).find((block) => block.text.startsWith('Note'));
    expect(note).toMatchObject({
      kind: 'paragraph',
      location: { kind: 'paragraph', paragraph: 3 },
    });
  });

  it('reads headings from heading styles and the title from the document properties', async () => {
    const document = await read(
      [
        { text: 'Laptop security', style: 'Heading1' },
        { text: 'Staff lock their laptops whenever they step away from the desk.' },
        { text: 'Travel', style: 'Heading2' },
        { text: 'Laptops travel in hand luggage and never in a checked bag.' },
      ],
      'Device handbook',
    );
    expect(document.title).toBe('Device handbook');
    expect(document.sections.map((section) => [section.heading, section.level])).toEqual([
      ['Laptop security', 1],
      ['Travel', 2],
    ]);
  });

  it('reads a table as one sentence per row, labelled by the header row', async () => {
    const document = await read([
      { text: 'Lock times', style: 'Heading1' },
      {
        table: [
          ['Device', 'Locks after', 'Owner'],
          ['Laptop', '5 minutes', 'IT Service Desk'],
          ['Phone', '1 minute', 'the employee'],
        ],
      },
    ]);
    expect(blocksOf(document).map((block) => [block.kind, block.text])).toEqual([
      ['table_row', 'Laptop: Locks after: 5 minutes; Owner: IT Service Desk.'],
      ['table_row', 'Phone: Locks after: 1 minute; Owner: the employee.'],
    ]);
  });

  it('refuses a ZIP that is not a Word document', async () => {
    const parsed = await readDocx(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.docx');
    expect(parsed.ok).toBe(false);
  });
});
