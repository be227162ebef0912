import { describe, expect, it } from 'vitest';
import { buildWrappedHeadingsPdf } from '../fixtures/pdf-fixtures.ts';
import { generateCourse } from '../offline-generator.ts';
import { readPdf } from './pdf-reader.ts';

describe('readPdf and headings set large over two lines', () => {
  it('joins each wrapped heading into one, its side label and year first', async () => {
    const parsed = await readPdf(await buildWrappedHeadingsPdf(), 'risks.pdf');
    if (!parsed.ok) throw new Error(parsed.error);

    expect(parsed.value.sections.map((section) => section.heading)).toEqual([
      'A10:2017 Insufficient Logging & Monitoring',
      'Night shift rules for the loading dock and the yard',
    ]);
    expect(parsed.value.sections.map((section) => section.blocks.length)).toEqual([1, 1]);
  });

  it('titles the lessons with the whole headings', async () => {
    const parsed = await readPdf(await buildWrappedHeadingsPdf(), 'risks.pdf');
    if (!parsed.ok) throw new Error(parsed.error);
    const course = generateCourse(
      { name: 'risks.pdf', content: '', format: 'pdf', document: parsed.value },
      { lessonMinutes: 0.4, wordsPerMinute: 100 },
    );
    if (!course.ok) throw new Error(course.error);

    expect(course.value.lessons.map((lesson) => lesson.title)).toEqual([
      'A10:2017 Insufficient Logging & Monitoring',
      'Night shift rules for the loading dock and the yard',
    ]);
  });
});
