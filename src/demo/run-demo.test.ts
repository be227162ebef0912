import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/logger.ts';
import { storageUnderTest } from '../../test/support/test-runtime.ts';
import { runDemo, SAMPLE_ROSTER, SAMPLE_SOURCE, type DemoOptions } from './run-demo.ts';

const url = process.env.TEST_DATABASE_URL;
const HEADER_ONLY = join(mkdtempSync(join(tmpdir(), 'inflow-demo-')), 'header-only.csv');
writeFileSync(HEADER_ONLY, 'name,email,timezone\n');
const BINARY = join(mkdtempSync(join(tmpdir(), 'inflow-demo-')), 'setup.exe');
writeFileSync(BINARY, Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff]));

function demoOptions(overrides: Partial<DemoOptions> = {}): DemoOptions {
  return {
    databaseUrl: url,
    dataDir: 'memory://',
    schema: url ? `demo_${randomBytes(6).toString('hex')}` : undefined,
    sourcePath: SAMPLE_SOURCE,
    rosterPath: SAMPLE_ROSTER,
    start: new Date('2026-03-02T00:00:00Z'),
    seed: 'demo-test',
    days: 'daily',
    sendTime: '09:00',
    logger: silentLogger,
    ...overrides,
  };
}

describe(`the demo, end to end on ${storageUnderTest}`, () => {
  it('delivers the generated course to all 50 employees and reports on it', async () => {
    const result = await runDemo(demoOptions());
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const { report, lessons, learners } = result.value;
    expect(learners).toBe(50);
    expect(lessons).toBeGreaterThanOrEqual(2);
    expect(report.enrolled).toBe(50);
    expect(report.lessonsSent).toBe(50 * lessons);
    expect(report.answers).toBeGreaterThan(0);
    expect(report.answers).toBeLessThanOrEqual(report.questionsSent);
    expect(report.completed).toBeGreaterThan(0);
    expect(report.completionRate).toBeCloseTo(report.completed / 50);
    expect(report.accuracy).toBeGreaterThan(0.4);
    expect(report.accuracy).toBeLessThan(1);
    expect(report.medianReplyMinutes).toBeGreaterThan(1);
    expect(report.lessons.map((lesson) => lesson.sent)).toEqual(Array(lessons).fill(50));
    // Seeded learners who barely answer are flagged.
    expect(report.atRisk.length).toBeGreaterThan(0);
    expect(report.atRisk.length).toBeLessThan(50);
  }, 300_000);

  it('gives the same report for the same seed', async () => {
    const first = await runDemo(demoOptions());
    const second = await runDemo(demoOptions());
    const figures = (result: typeof first) => {
      if (!result.ok) throw new Error(result.error);
      const { courseVersionId: _id, atRisk, ...rest } = result.value.report;
      return { ...rest, atRisk: atRisk.map((learner) => learner.fullName) };
    };
    expect(figures(second)).toEqual(figures(first));
  }, 300_000);

  it.each([
    ['a roster with no employees', { rosterPath: HEADER_ONLY }, /lists no employees/],
    ['a missing document', { sourcePath: '/nonexistent/handbook.md' }, /file not found/],
    ['an unsupported document type', { sourcePath: BINARY }, /unsupported|binary|not a/i],
    ['a missing roster', { rosterPath: '/nonexistent/roster.csv' }, /roster file not found/],
  ])('refuses %s with a message naming the file', async (_case, overrides, message) => {
    const result = await runDemo(demoOptions(overrides));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
