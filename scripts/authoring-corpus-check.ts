/**
 * Generates a course from every document in a folder and checks it against the quality
 * gates, printing one summary line per document (and the failing gates under it). Exits 1
 * when any document cannot be read or yields a course that fails a gate.
 *
 *   npx tsx scripts/authoring-corpus-check.ts ../shared/corpus
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { authorCourse } from '../src/authoring/author-course.ts';
import { readSourceFile } from '../src/authoring/source-file.ts';

const SUPPORTED = new Set(['.pdf', '.docx', '.pptx', '.html', '.htm', '.md', '.markdown', '.txt']);
// Files that describe the corpus rather than belong to it.
const SKIPPED = new Set(['SOURCES.md', 'README.md']);

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(folder: string | undefined): Promise<number> {
  if (!folder) {
    say('usage: npx tsx scripts/authoring-corpus-check.ts FOLDER');
    return 2;
  }
  const files = readdirSync(folder)
    .filter((name) => SUPPORTED.has(extname(name).toLowerCase()) && !SKIPPED.has(name))
    .filter((name) => statSync(join(folder, name)).isFile())
    .sort();
  if (files.length === 0) {
    say(`${folder}: no documents to check`);
    return 1;
  }

  let failures = 0;
  for (const name of files) {
    const began = Date.now();
    const source = await readSourceFile(join(folder, name));
    if (!source.ok) {
      failures += 1;
      say(`FAIL  ${name}: ${source.error}`);
      continue;
    }
    const authored = await authorCourse({ sources: [source.value] });
    if (!authored.ok) {
      failures += 1;
      say(`FAIL  ${name}: ${authored.error}`);
      continue;
    }

    const { draft, quality } = authored.value;
    const questions = draft.lessons.reduce((sum, lesson) => sum + lesson.questions.length, 0);
    const passed = quality.status === 'ready';
    if (!passed) failures += 1;
    say(
      `${passed ? 'ok   ' : 'FAIL '} ${name}: ${source.value.format}, ${draft.language}, ` +
        `${draft.lessons.length} lessons, ${questions} questions, ` +
        `reading ${quality.readingLevel.label}, ${((Date.now() - began) / 1000).toFixed(1)} s`,
    );
    for (const gate of quality.gates.filter((result) => !result.passed)) {
      for (const problem of gate.problems) {
        say(`        ${gate.gate} ${problem.questionId ?? problem.lessonId}: ${problem.message}`);
      }
    }
  }
  say(`${files.length - failures} passed, ${failures} failed`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv[2]);
