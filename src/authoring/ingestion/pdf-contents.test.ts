import { describe, expect, it } from 'vitest';
import { blocksOf } from '../document-model.ts';
import type { ParsedDocument } from '../document-model.ts';
import { buildHandbookWithContentsPdf } from '../fixtures/pdf-fixtures.ts';
import { generateCourse } from '../offline-generator.ts';
import { readPdf } from './pdf-reader.ts';

const LEADERS = /\.{3}|…|(\. ){3}/u;

async function readHandbook(): Promise<ParsedDocument> {
  const parsed = await readPdf(await buildHandbookWithContentsPdf(), 'handbook.pdf');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('readPdf and a table of contents', () => {
  it('drops the contents heading and its entries, with leaders of each kind or a gap', async () => {
    const document = await readHandbook();

    expect(document.sections.map((section) => section.heading)).toEqual([
      'Warehouse handbook',
      'Receiving goods',
      'Storing pallets',
      'Dispatch and loading',
    ]);
    const texts = blocksOf(document).map((block) => block.text);
    expect(texts.filter((text) => LEADERS.test(text))).toEqual([]);
    expect(texts.filter((text) => /Aisle plan|Contents/.test(text))).toEqual([]);
  });

  it('keeps a table whose last column is a number outside the contents', async () => {
    const texts = blocksOf(await readHandbook()).map((block) => block.text);
    expect(texts).toEqual(expect.arrayContaining(['Aisle A: 12.', 'Aisle B: 14.']));
  });

  it('gives the first lesson the handbook, not its contents, to teach and ask about', async () => {
    const document = await readHandbook();
    const course = generateCourse(
      { name: 'handbook.pdf', content: '', format: 'pdf', document },
      { lessonMinutes: 0.5, wordsPerMinute: 100 },
    );
    if (!course.ok) throw new Error(course.error);

    const [first] = course.value.lessons;
    expect(first?.body).toMatch(/^Receiving goods\n\nEvery delivery is checked/);
    const asked = course.value.lessons.flatMap((lesson) => [
      lesson.summary ?? '',
      lesson.body,
      ...lesson.questions.map((question) => question.prompt),
    ]);
    expect(asked.filter((text) => LEADERS.test(text) || /\bContents\b/.test(text))).toEqual([]);
  });
});
