import { describe, expect, it } from 'vitest';
import { blocksOf } from '../document-model.ts';
import { buildPptx } from '../fixtures/office-fixtures.ts';
import { readPptx, readPptxSlides } from './pptx-reader.ts';

// Pitfall DOC-02: three slides; slide 2's notes live in notesSlide5.xml, slide 3 has none.
const DECK = [
  { file: 1, title: 'Physical security', bullets: ['Badges are worn at all times on site.'] },
  {
    file: 2,
    title: 'Tailgating',
    bullets: ['Never hold the badge door open for someone you do not know.'],
    notes: {
      file: 5,
      text: 'Explain why tailgating through a badge door counts as a security incident.',
    },
  },
  { file: 3, title: 'Reporting', bullets: ['Report a lost badge to Security within 24 hours.'] },
];

describe('readPptxSlides', () => {
  it('DOC-02: finds slide 2 notes through its relationship, not by file number', async () => {
    const slides = await readPptxSlides(await buildPptx(DECK));
    if (!slides.ok) throw new Error(slides.error);

    expect(slides.value[1]).toEqual({
      number: 2,
      title: 'Tailgating',
      body: [
        {
          kind: 'list_item',
          text: 'Never hold the badge door open for someone you do not know.',
          list: { list: 'slide2-1', number: null, depth: 1 },
        },
      ],
      speakerNotes: 'Explain why tailgating through a badge door counts as a security incident.',
    });
  });

  it('DOC-02: a slide without notes has null notes and no error', async () => {
    const slides = await readPptxSlides(await buildPptx(DECK));
    if (!slides.ok) throw new Error(slides.error);
    expect(slides.value[2]?.speakerNotes).toBeNull();
    expect(slides.value[0]?.speakerNotes).toBeNull();
  });

  it('reads slides in presentation order, whatever the part numbers', async () => {
    const reordered = [DECK[2]!, DECK[0]!, DECK[1]!];
    const slides = await readPptxSlides(await buildPptx(reordered));
    if (!slides.ok) throw new Error(slides.error);
    expect(slides.value.map((slide) => [slide.number, slide.title])).toEqual([
      [1, 'Reporting'],
      [2, 'Physical security'],
      [3, 'Tailgating'],
    ]);
  });
});

describe('readPptx', () => {
  it('keeps notes as their own labelled block, located on their slide, without the slide number', async () => {
    const parsed = await readPptx(await buildPptx(DECK, 'Security awareness'), 'deck.pptx');
    if (!parsed.ok) throw new Error(parsed.error);

    expect(parsed.value.title).toBe('Security awareness');
    const blocks = blocksOf(parsed.value);
    const notes = blocks.filter((block) => block.kind === 'speaker_notes');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.location).toEqual({ kind: 'slide', slide: 2, notes: true });
    expect(blocks.map((block) => block.text)).not.toContain('2');
    expect(parsed.value.sections.map((section) => section.heading)).toEqual([
      'Physical security',
      'Tailgating',
      'Reporting',
    ]);
  });
});

describe('readPptx and a table of contents slide', () => {
  const deck = [
    DECK[0]!,
    {
      file: 4,
      title: 'Table of Contents',
      bullets: ['Visitors wait at reception until their host collects them.'],
      table: [
        ['Physical security ……………………', '1'],
        ['Tailgating …………………………..', '2'],
        ['Reporting ……………………………', '3'],
      ],
    },
    DECK[2]!,
  ];

  it('drops the contents table and its title, and keeps what else the slide says', async () => {
    const parsed = await readPptx(await buildPptx(deck), 'deck.pptx');
    if (!parsed.ok) throw new Error(parsed.error);

    expect(parsed.value.sections.map((section) => section.heading)).toEqual([
      'Physical security',
      'Reporting',
    ]);
    const texts = blocksOf(parsed.value).map((block) => block.text);
    expect(texts.filter((text) => /…|Contents/.test(text))).toEqual([]);
    expect(texts).toContain('Visitors wait at reception until their host collects them.');
  });
});
