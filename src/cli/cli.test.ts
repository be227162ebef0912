import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/inflow.js', import.meta.url));

/**
 * Runs `inflow` as a user would, in a fresh process, without a database server. Asynchronous:
 * a blocking spawn stalls the test worker, and under load vitest then times out its own calls.
 */
function inflow(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '', INFLOW_LOG_LEVEL: 'silent', ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the inflow command line', () => {
  it('lists every command in --help, with the exit codes', async () => {
    const { code, stdout } = await inflow(['--help']);
    expect(code).toBe(0);
    for (const command of ['demo', 'chat', 'serve', 'worker', 'migrate']) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(stdout).toContain('4  storage unavailable');
  });

  it.each([
    [[], 'inflow'],
    [['course'], 'inflow course'],
  ])('prints help and exits 2 when the command is missing: %j', async (args, usage) => {
    const { code, stderr } = await inflow(args);

    expect(code).toBe(2);
    expect(stderr).toContain(`Usage: ${usage} [options] [command]`);
  });

  it('exits 0 when help is asked for with `inflow help`', async () => {
    expect((await inflow(['help'])).code).toBe(0);
  });

  it('names every document format chat reads in its help', async () => {
    const { code, stdout } = await inflow(['chat', '--help']);

    expect(code).toBe(0);
    expect(stdout.replace(/\s+/g, ' ')).toContain('(PDF, DOCX, PPTX, HTML, Markdown or text)');
  });

  it('ends quietly when the reader of its output closes the pipe (EPIPE)', async () => {
    // Regression: `inflow sms segments - | head -3` died with an unhandled EPIPE stack trace.
    const child = spawn(process.execPath, [BIN, 'sms', 'segments', '-'], {
      env: { ...process.env, INFLOW_LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The reader goes away before the command has printed anything.
    child.stdout.destroy();
    child.stdin.end('Hello from the lesson text '.repeat(500));

    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['demo', '--bogus'], /unknown option '--bogus'/],
    [['demo', '--send-time', '25:00'], /--send-time: "25:00" is not HH:MM/],
    // Regression: an unknown locale ran the whole chat in English without a word.
    [['chat', '--locale', 'fr'], /no phrases in "fr"; supported locales: en, es/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const { code, stderr } = await inflow(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('exits 3 naming the file when the document cannot be used', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'inflow-cli-'));
    const empty = join(folder, 'empty.md');
    writeFileSync(empty, '  \n');

    const missing = await inflow(['demo', '--source', join(folder, 'missing.md')]);
    const blank = await inflow(['demo', '--source', empty, '--data-dir', folder]);

    expect(missing).toMatchObject({ code: 3 });
    expect(missing.stderr).toContain('missing.md: file not found');
    expect(blank).toMatchObject({ code: 3 });
    expect(blank.stderr).toContain('empty.md: the document is empty');
  });

  it('exits 4 when storage cannot be opened', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'inflow-cli-'));
    const notAFolder = join(folder, 'file');
    writeFileSync(notAFolder, 'x');

    const embedded = await inflow(['migrate', '--data-dir', notAFolder]);
    const server = await inflow(['migrate'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });

    expect(embedded.code).toBe(4);
    expect(embedded.stderr).toMatch(/could not open storage/);
    expect(server.code).toBe(4);
    expect(server.stderr).toMatch(/ECONNREFUSED/);
  });
});
