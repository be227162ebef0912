import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobHandlers } from '../app/job-handlers.ts';
import { startRuntime, type Runtime } from '../app/runtime.ts';
import { findOrganization } from '../organizations/organization-repository.ts';
import { ManualClock } from '../shared/clock.ts';
import { silentLogger } from '../shared/logger.ts';
import type { Result } from '../shared/result.ts';
import { storageUnderTest } from '../../test/support/test-runtime.ts';
import { DEMO_ENDED } from './close-out.ts';
import {
  runDemo,
  SAMPLE_ROSTER,
  SAMPLE_SOURCE,
  type DemoOptions,
  type DemoResult,
} from './run-demo.ts';

const url = process.env.TEST_DATABASE_URL;
const scratch = mkdtempSync(join(tmpdir(), 'inflow-demo-'));
const HEADER_ONLY = join(scratch, 'header-only.csv');
writeFileSync(HEADER_ONLY, 'name,email,timezone\n');
const BINARY = join(scratch, 'setup.exe');
writeFileSync(BINARY, Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff]));
// The sample with one rule changed: the same course shape from a different document.
const VARIANT = join(scratch, 'depot-safety-handbook.md');
writeFileSync(
  VARIANT,
  readFileSync(SAMPLE_SOURCE, 'utf8').replace('within 30 minutes', 'within 20 minutes'),
);

const DAY_MS = 86_400_000;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One storage kept across runs, as the data folder a newcomer runs `npm run demo` in. */
interface Storage {
  databaseUrl?: string;
  dataDir: string;
  schema?: string;
}

function freshStorage(): Storage {
  return url
    ? { databaseUrl: url, dataDir: 'memory://', schema: `demo_${randomBytes(6).toString('hex')}` }
    : { dataDir: mkdtempSync(join(tmpdir(), 'inflow-demo-data-')) };
}

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

function valueOf(result: Result<DemoResult, string>): DemoResult {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Everything a report says, without the ids that are new on every run. */
function figures(result: DemoResult) {
  const { courseVersionId: _id, atRisk, ...rest } = result.report;
  return { ...rest, atRisk: atRisk.map((learner) => learner.fullName) };
}

/** The storage opened again after the demo, as `inflow serve` would: no simulator channel. */
async function reopen(storage: Storage, clock: ManualClock): Promise<Runtime> {
  return startRuntime({ ...storage, logger: silentLogger, clock, channels: [] });
}

describe(`the demo, run twice in one data folder, on ${storageUnderTest}`, () => {
  const storage = freshStorage();
  let first: DemoResult;
  let second: DemoResult;
  let runtime: Runtime;
  let clock: ManualClock;
  let organizationId: string;

  beforeAll(async () => {
    first = valueOf(await runDemo(demoOptions(storage)));
    second = valueOf(await runDemo(demoOptions(storage)));
    clock = new ManualClock(new Date(Date.parse('2026-03-02T00:00:00Z') + 7 * DAY_MS));
    runtime = await reopen(storage, clock);
    const organization = await findOrganization(runtime.context.db, second.organizationSlug);
    if (!organization) throw new Error(`no organization ${second.organizationSlug}`);
    organizationId = organization.id;
  }, 600_000);

  afterAll(async () => {
    await runtime?.close();
    if (!url) rmSync(storage.dataDir, { recursive: true, force: true });
  });

  const deliveriesOfDemo = () =>
    runtime.context.db
      .selectFrom('deliveries')
      .select(['status', 'kind', 'errorCode', 'createdAt'])
      .where('organizationId', '=', organizationId)
      .execute();

  it('delivers the generated course to all 50 employees and reports on it', () => {
    const { report, lessons, learners } = first;
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
    expect(first.sourceName).toBe('warehouse-safety-handbook.md');
  });

  it('gives the same report for the same seed and document', () => {
    expect(figures(second)).toEqual(figures(first));
  });

  it('simulates other answers for another document, and names it in the result', async () => {
    const variant = valueOf(await runDemo(demoOptions({ sourcePath: VARIANT })));

    expect(variant.sourceName).toBe('depot-safety-handbook.md');
    expect(variant.report.enrolled).toBe(50);
    expect(figures(variant)).not.toEqual(figures(first));
  }, 300_000);

  it('replaces the previous demo organization instead of adding another', async () => {
    expect(first.replacedOrganizations).toEqual([]);
    expect(second.replacedOrganizations).toEqual(['larkspur-logistics']);
    expect(second.organizationSlug).toBe('larkspur-logistics');

    const organizations = await runtime.context.db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .execute();
    expect(organizations).toEqual([{ id: organizationId, name: 'Larkspur Logistics' }]);
    const learners = await runtime.context.db
      .selectFrom('learners')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(learners.count)).toBe(50);
  });

  it('leaves no queued message, open question or active enrolment of the demo', async () => {
    expect(second.closedOut.enrolmentsWithdrawn).toBe(50);

    const deliveries = await deliveriesOfDemo();
    expect(deliveries.filter((row) => ['queued', 'sending'].includes(row.status))).toEqual([]);
    for (const row of deliveries.filter((each) => each.status === 'cancelled')) {
      expect(row.errorCode).toBe(DEMO_ENDED);
    }
    const enrolments = await runtime.context.db
      .selectFrom('enrolments')
      .select(['status', 'completedAt'])
      .where('organizationId', '=', organizationId)
      .execute();
    expect(enrolments.filter((row) => row.status !== 'withdrawn')).toEqual([]);
    // Who finished still shows: the report counts completions, not the status.
    expect(enrolments.filter((row) => row.completedAt !== null)).toHaveLength(
      second.report.completed,
    );
    const open = await runtime.context.db
      .selectFrom('prompts')
      .select('id')
      .where('organizationId', '=', organizationId)
      .where('status', '=', 'open')
      .execute();
    expect(open).toEqual([]);
  });

  it('queues nothing for the demo on later delivery ticks, as a serve would run them', async () => {
    const before = await deliveriesOfDemo();
    const handlers = createJobHandlers(runtime.context);

    // A week on (reminders and the first reviews are due), then a month and a year on.
    for (const days of [7, 8, 30, 365]) {
      const at = new Date(Date.parse('2026-03-02T00:00:00Z') + days * DAY_MS + 13 * 3_600_000);
      clock.set(at);
      await handlers.deliveryTick({ at: at.toISOString() });
    }

    const after = await deliveriesOfDemo();
    expect(after).toHaveLength(before.length);
    expect(after.filter((row) => ['queued', 'failed', 'dead'].includes(row.status))).toEqual([]);
  });

  it('keeps the previous demo when a run is refused for bad input', async () => {
    const refused = await runDemo(demoOptions({ ...storage, rosterPath: HEADER_ONLY }));
    expect(refused.ok).toBe(false);

    const organization = await findOrganization(runtime.context.db, 'larkspur-logistics');
    expect(organization?.id).toBe(organizationId);
  });
});

describe('the demo refusing bad input', () => {
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
