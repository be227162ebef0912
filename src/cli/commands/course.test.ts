import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildPptx } from '../../authoring/fixtures/office-fixtures.ts';
import { buildPasswordProtectedPdf } from '../../authoring/fixtures/pdf-fixtures.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { systemClock } from '../../shared/clock.ts';
import { main } from '../main.ts';
import { configFor, loggerFor, openRuntime } from '../runtime-options.ts';

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
