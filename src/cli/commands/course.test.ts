import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildPptx } from '../../authoring/fixtures/office-fixtures.ts';
import { buildPasswordProtectedPdf } from '../../authoring/fixtures/pdf-fixtures.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { systemClock } from '../../shared/clock.ts';
import { main } from '../main.ts';
import { configFor, loggerFor, openRuntime } from '../runtime-options.ts';

const HANDBOOK = fileURLToPath(
  new URL('../../../samples/warehouse-safety-handbook.md', import.meta.url),
);

const DECK = [
  { file: 1, title: 'Physical security', bullets: ['Badges are worn at all times on the site.'] },
  {
    file: 2,
    title: 'Tailgating',
    bullets: ['Never hold the badge door open for someone you do not know.'],
    notes: {
      file: 7,
      text: 'Explain why tailgating through a badge door counts as a security incident.',
    },
  },
  {
    file: 3,
    title: 'Reporting',
    bullets: [
      'Report a lost badge to Security within 24 hours.',
      'Security disables a lost badge within 1 hour of the report.',
    ],
  },
];

describe('inflow course', () => {
  let folder: string;
  let output: string[];
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'inflow-course-cli-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  beforeEach(() => {
    output = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void output.push(line));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('generates a course file from a deck and prints lessons, questions and gates as JSON', async () => {
    const deck = join(folder, 'security.pptx');
    writeFileSync(deck, await buildPptx(DECK, 'Security awareness'));
    const out = join(folder, 'security.course.yaml');

    const code = await main([
      'node',
      'inflow',
      'course',
      'generate',
      deck,
      '--out',
      out,
      '--json',
      '--offline',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(output.join('\n')) as {
      title: string;
      status: string;
      gates: Array<{ gate: string; passed: boolean }>;
      generation: { generator: string };
    };
    expect(summary).toMatchObject({
      title: 'Security awareness',
      status: 'ready',
      generation: { generator: 'offline' },
    });
    expect(summary.gates.map((gate) => gate.gate)).toEqual([
      'answer_supported',
      'distractors_distinct',
      'no_duplicates',
      'lesson_length',
      'questions_fit_kind',
    ]);
    expect(readFileSync(out, 'utf8')).toMatch(/source: slide \d/);
  });

  it('exits 3 naming the file and the reason when an input cannot be used', async () => {
    const secret = join(folder, 'secret.pdf');
    writeFileSync(secret, buildPasswordProtectedPdf());
    const code = await main([
      'node',
      'inflow',
      'course',
      'generate',
      secret,
      '--out',
      join(folder, 'x.yaml'),
    ]);
    expect(code).toBe(3);
    expect(output.join('\n')).toMatch(/secret\.pdf: it is encrypted and needs a password/);
  });

  it('validates a course file, reporting the line and field of each error', async () => {
    const file = join(folder, 'broken.course.yaml');
    writeFileSync(
      file,
      'format: inflow-course/1\ntitle: T\nlanguage: en\nlessons:\n  - id: l1\n    titel: One\n    body: Text.\n',
    );
    expect(await main(['node', 'inflow', 'course', 'validate', file])).toBe(3);
    expect(output.join('\n')).toContain(
      `${file}:6: lessons[0].titel: unknown field; check its spelling`,
    );
  });

  it.each([
    ['a folder', (folder: string) => folder, 'it is a folder'],
    ['a file in a missing folder', (folder: string) => join(folder, 'nope', 'x.yaml'),
      'its folder does not exist'],
    ['a file under a file', (folder: string) => join(folder, 'plain.md', 'x.yaml'),
      'part of the path is a file, not a folder'],
  ])('exits 3 naming --out and the reason when it is %s', async (_case, outOf, reason) => {
    // Regression: EISDIR and ENOENT came out as stack traces with exit code 1.
    const source = join(folder, 'plain.md');
    writeFileSync(source, '# Badges\n\nBadges are worn at all times on the site.\n');
    const out = outOf(folder);

    const generate = await main(['node', 'inflow', 'course', 'generate', source, '--out', out,
      '--offline']);
    const generated = output.splice(0).join('\n');
    const exported = await main(['node', 'inflow', 'course', 'export',
      '00000000-0000-4000-8000-000000000000', '--out', out]);

    expect(generate).toBe(3);
    expect(generated).toContain(`--out ${out}: cannot write the file: ${reason}`);
    expect(generated).not.toMatch(/unexpected failure|\n\s+at /);
    expect(exported).toBe(3);
    expect(output.join('\n')).toContain(`--out ${out}: cannot write the file: ${reason}`);
  });

  it.each([
    ['xx', 'is not a known language'],
    ['english', 'is not a known language'],
    ['e', 'is not a language tag'],
  ])('refuses --language %s with exit 2, before reading any document', async (code, reason) => {
    const missing = join(folder, 'never-read.md');

    const exit = await main(['node', 'inflow', 'course', 'generate', missing, '--out',
      join(folder, 'x.yaml'), '--language', code, '--offline']);

    expect(exit).toBe(2);
    expect(output.join('\n')).toContain(`--language: "${code}" ${reason}`);
  });

  it('accepts a real language the offline generator cannot write, with a warning', async () => {
    const source = join(folder, 'handbook.md');
    writeFileSync(source, readFileSync(HANDBOOK, 'utf8'));

    const exit = await main(['node', 'inflow', 'course', 'generate', source, '--out',
      join(folder, 'fr.course.yaml'), '--language', 'fr', '--offline']);

    expect(exit).toBe(0);
    expect(output.join('\n')).toContain("The course is in the document's language (en), not fr");
  });

  describe('a course that fails a quality gate', () => {
    const longLesson = () => {
      const file = join(folder, 'long.course.yaml');
      const body = Array.from({ length: 400 }, () => 'Forklifts stop at every crossing.');
      writeFileSync(file, 'format: inflow-course/1\ntitle: Long\nlanguage: en\nlessons:\n' +
        `  - id: l1\n    title: One\n    body: ${body.join(' ')}\n`);
      return file;
    };

    it('is written by generate for review, which exits 5', async () => {
      const source = join(folder, 'handbook.md');
      writeFileSync(source, readFileSync(HANDBOOK, 'utf8'));
      const out = join(folder, 'short-lessons.course.yaml');

      const exit = await main(['node', 'inflow', 'course', 'generate', source, '--out', out,
        '--lesson-minutes', '0.05', '--offline']);

      expect(exit).toBe(5);
      expect(readFileSync(out, 'utf8')).toMatch(/^format: inflow-course\/1$/m);
      expect(output.join('\n')).toContain(
        `${out} was written but needs review: 1 quality gate failed (lesson_length)`,
      );
    });

    it('makes validate exit 5 naming the failed gates', async () => {
      const file = longLesson();

      expect(await main(['node', 'inflow', 'course', 'validate', file])).toBe(5);
      expect(output.join('\n')).toContain(
        `${file} needs review: 2 quality gates failed (lesson_length, questions_fit_kind)`,
      );
    });

    it('is not imported without --accept-review, and is with it', async () => {
      const dataDir = join(folder, 'review-data');
      const config = { ...configFor({ dataDir }), databaseUrl: undefined };
      const runtime = await openRuntime(config, loggerFor({ ...config, logLevel: 'silent' }),
        systemClock);
      await createOrganization(runtime.context.db, { name: 'Acme', slug: 'acme' });
      await runtime.close();
      const importing = ['node', 'inflow', 'course', 'import', longLesson(), '--org', 'acme',
        '--data-dir', dataDir];

      const refused = await main(importing);
      const refusal = output.splice(0).join('\n');
      const accepted = await main([...importing, '--accept-review']);

      expect(refused).toBe(5);
      expect(refusal).toContain('long.course.yaml was not published: 2 quality gates failed.');
      expect(refusal).toMatch(/^ {2}FAIL lesson_length\n {7}l1: \d+ words is over/m);
      expect(refusal).not.toContain('Published');
      expect(accepted).toBe(0);
      expect(output.join('\n')).toMatch(
        /\(marked for review; accepted with lesson_length, questions_fit_kind failing\)/,
      );
    }, 120_000);
  });

  it('refuses a YAML alias bomb with exit 3, as invalid YAML at its line', async () => {
    const file = join(folder, 'bomb.course.yaml');
    const layers = 'abcdefghi'.split('');
    writeFileSync(file, [
      'format: inflow-course/1',
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...layers.slice(1).map((name, index) =>
        `${name}: &${name} [${Array(9).fill(`*${layers[index]}`).join(', ')}]`),
    ].join('\n'));

    expect(await main(['node', 'inflow', 'course', 'validate', file])).toBe(3);
    expect(output.join('\n')).toContain(`${file}:3: (file): not valid YAML: Excessive alias`);
    expect(output.join('\n')).not.toContain('unexpected failure');
  });

  it('imports a course file into an organization and exports the version again', async () => {
    const dataDir = join(folder, 'data');
    const courseFile = join(folder, 'security.course.yaml');
    const config = { ...configFor({ dataDir }), databaseUrl: undefined };
    const runtime = await openRuntime(
      config,
      loggerFor({ ...config, logLevel: 'silent' }),
      systemClock,
    );
    await createOrganization(runtime.context.db, { name: 'Acme', slug: 'acme' });
    await runtime.close();

    const importing = ['course', 'import', courseFile, '--org', 'acme', '--data-dir', dataDir];
    expect(await main(['node', 'inflow', ...importing])).toBe(0);
    const versionId = /version id ([0-9a-f-]{36})/.exec(output.join('\n'))?.[1] ?? '';
    expect(versionId).not.toBe('');

    const exported = join(folder, 'exported.course.yaml');
    const exporting = ['course', 'export', versionId, '--out', exported, '--data-dir', dataDir];
    expect(await main(['node', 'inflow', ...exporting])).toBe(0);
    expect(readFileSync(exported, 'utf8')).toBe(readFileSync(courseFile, 'utf8'));
  }, 120_000);
});
