import { describe, expect, it } from 'vitest';
import type { DocumentSection, ParsedDocument } from './document-model.ts';
import { planLessons } from './lesson-planner.ts';

/** A section of one paragraph of `words` words. */
const section = (heading: string, level: number, words: number): DocumentSection => ({
  heading,
  level,
  line: 1,
  blocks: [
    {
      kind: 'paragraph',
      text: Array.from({ length: words }, (_, index) => `word${index}`).join(' ') + '.',
      line: 1,
    },
  ],
});

/** Chapters at level 2, each with two subsections at level 3 under an empty chapter heading. */
function chapteredDocument(chapters: number, subsectionWords: number): ParsedDocument {
  const sections = Array.from({ length: chapters }, (_, index) => [
    { heading: `Chapter ${index + 1}`, level: 2, line: 1, blocks: [] },
    section(`Checks ${index + 1}`, 3, subsectionWords),
    section(`References ${index + 1}`, 3, subsectionWords),
  ]).flat();
  return { title: 'Handbook', sections };
}

const firstHeadings = (document: ParsedDocument, groups: ReturnType<typeof planLessons>) =>
  groups.map((group) => document.sections[group[0]?.sectionIndex ?? -1]?.heading);

describe('planLessons', () => {
  it('starts every lesson at a chapter when chapters are shorter than a lesson', () => {
    // Five chapters of 60 words against 100-word lessons: stopping at a chapter's second
    // subsection would fill lessons closer to 100 words, but begin them at "References".
    const document = chapteredDocument(5, 30);
    const groups = planLessons(document, { targetWords: 100, maxLessons: 10 });

    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const group of groups) expect(group[0]?.firstInSection).toBe(true);
    expect(firstHeadings(document, groups).every((heading) => /^Checks/.test(heading ?? ''))).toBe(
      true,
    );
  });

  it('cuts inside a chapter at a subsection when the chapter is longer than a lesson', () => {
    const document = chapteredDocument(1, 90);
    const groups = planLessons(document, { targetWords: 100, maxLessons: 10 });

    expect(firstHeadings(document, groups)).toEqual(['Checks 1', 'References 1']);
  });
});
