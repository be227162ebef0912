/**
 * Benchmark: a 50-page PDF (made here, with a heading, paragraphs and a numbered procedure
 * on every page, alternating one- and two-column pages) becomes a course offline. Prints the
 * time and the process's peak resident memory, ending with one line:
 *   bench authoring: 50 pages in 4.2 s, peak 310 MB
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { PDFFont, PDFPage } from 'pdf-lib';
import { authorCourse } from '../src/authoring/author-course.ts';
import { readSourceFile } from '../src/authoring/source-file.ts';

const PAGES = 50;
const SUBJECTS = [
  'The loading dock',
  'Every forklift',
  'The night shift',
  'A visitor',
  'Each team lead',
  'The safety officer',
  'A new starter',
  'The first aider',
];
const ACTIONS = [
  'checks the fire doors',
  'reports a near miss',
  'wears a high-visibility vest',
  'signs the logbook',
  'locks the cage',
  'tests the alarm',
  'clears the walkway',
  'stores the ladder',
];
const TIMES = [
  'before every shift',
  'within 15 minutes',
  'at the end of the day',
  'every Monday',
  'after each delivery',
  'twice a week',
  'within 24 hours',
  'on the first day',
];
const REASONS = [
  'so that nobody trips in the dark',
  'because the insurer requires it',
  'to keep the exits free',
  'so the next team starts safely',
  'as the site rules say',
  'to protect visitors',
];

function sentence(page: number, index: number): string {
  const pick = <T>(list: readonly T[], salt: number): T =>
    list[(page * 7 + index * 3 + salt) % list.length] as T;
  return `${pick(SUBJECTS, 0)} ${pick(ACTIONS, 1)} ${pick(TIMES, 2)}, ${pick(REASONS, 3)}.`;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) > width && line !== '') {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function writeColumn(
  page: PDFPage,
  font: PDFFont,
  paragraphs: string[],
  x: number,
  top: number,
  width: number,
): void {
  let y = top;
  for (const paragraph of paragraphs) {
    for (const line of wrap(paragraph, font, 10, width)) {
      page.drawText(line, { x, y, size: 10, font });
      y -= 13;
    }
    y -= 9;
  }
}

async function buildPdf(path: string): Promise<void> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  pdf.setTitle('Site safety handbook (benchmark)');
  for (let number = 1; number <= PAGES; number += 1) {
    const page = pdf.addPage([612, 792]);
    page.drawText(`Part ${number}: routine ${(number % 9) + 1}`, {
      x: 56,
      y: 730,
      size: 18,
      font: bold,
    });
    const paragraphs = Array.from({ length: 6 }, (_, p) =>
      Array.from({ length: 4 }, (_, s) => sentence(number, p * 4 + s)).join(' '),
    );
    if (number % 2 === 0) {
      writeColumn(page, regular, paragraphs.slice(0, 3), 56, 700, 235);
      writeColumn(page, regular, paragraphs.slice(3), 321, 700, 235);
    } else {
      writeColumn(page, regular, paragraphs.slice(0, 4), 56, 700, 500);
      const steps = [
        'Stop the truck',
        'Lower the forks',
        'Switch off the engine',
        'Remove the key',
      ];
      steps.forEach((step, index) =>
        page.drawText(`${index + 1}. ${step}`, {
          x: 70,
          y: 300 - index * 14,
          size: 10,
          font: regular,
        }),
      );
    }
    page.drawText(String(number), { x: 300, y: 30, size: 9, font: regular });
  }
  writeFileSync(path, await pdf.save());
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'inflow-bench-'));
  const path = join(folder, 'handbook-50-pages.pdf');
  try {
    await buildPdf(path);
    const began = performance.now();
    const source = await readSourceFile(path);
    if (!source.ok) throw new Error(source.error);
    const authored = await authorCourse({ sources: [source.value], options: { smsSegments: 2 } });
    if (!authored.ok) throw new Error(authored.error);
    const seconds = (performance.now() - began) / 1000;

    const { draft, quality } = authored.value;
    const questions = draft.lessons.reduce((sum, lesson) => sum + lesson.questions.length, 0);
    // maxRSS is in kilobytes: the peak resident memory of the whole process.
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(
      `${draft.lessons.length} lessons, ${questions} questions, quality ${quality.status}`,
    );
    for (const gate of quality.gates.filter((result) => !result.passed)) {
      for (const problem of gate.problems.slice(0, 2)) {
        console.log(`  ${gate.gate} ${problem.questionId ?? problem.lessonId}: ${problem.message}`);
      }
    }
    console.log(`bench authoring: ${PAGES} pages in ${seconds.toFixed(1)} s, peak ${peakMb} MB`);
  } finally {
    if (!process.env.KEEP_BENCH_PDF) rmSync(folder, { recursive: true, force: true });
    else console.log(`kept ${path}`);
  }
}

await main();
