import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { FakeMessageProvider } from '../../../test/support/fake-message-provider.ts';
import { learner } from '../../../test/support/scenario.ts';
import { startTestRuntime, testSchemaName } from '../../../test/support/test-runtime.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { ManualClock } from '../../shared/clock.ts';
import { DEFAULT_DELIVERY_SETTINGS, saveDeliverySettings } from '../delivery-settings.ts';
import { claimDueLessons } from '../due-lessons.ts';
import { claimReadyDeliveries } from './delivery-claims.ts';
import { enrolLearners } from '../enrolment-service.ts';

const databaseUrl = process.env.TEST_DATABASE_URL;
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const workerScript = 'test/support/delivery-worker.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * Worker processes share nothing but PostgreSQL, so these run in the PostgreSQL server run of
 * the suite (TEST_DATABASE_URL); the embedded database belongs to a single process.
 */
describe.skipIf(!databaseUrl)(
  'worker processes killed and doubled against one PostgreSQL (needs TEST_DATABASE_URL)',
  { timeout: 120_000 },
  () => {
    const schema = testSchemaName();
    const children: ChildProcess[] = [];
    let runtime: Runtime;
    let provider: FakeMessageProvider;

    beforeEach(async () => {
      provider = await new FakeMessageProvider().start();
      runtime ??= await startTestRuntime({ schema, clock: new ManualClock(new Date()) });
    });
    afterEach(async () => {
      for (const child of children.splice(0)) child.kill('SIGKILL');
      await provider.stop();
    });
    afterAll(async () => {
      await runtime?.close();
    });

    /** Queues one lesson for each of `count` learners, due now in real time. */
    async function queueLessons(count: number): Promise<string[]> {
      const { context } = runtime;
      const now = new Date();
      runtime.clock.set(now);
      const org = await createOrganization(context.db, { name: `Crash ${now.getTime()}` });
      // Real time runs these tests, at any hour: no quiet hours, a week-long window.
      await saveDeliverySettings(context.db, org.id, {
        ...DEFAULT_DELIVERY_SETTINGS,
        quietHours: null,
        sendWindowMinutes: 7 * 24 * 60,
      });
      const people = Array.from({ length: count }, (_, index) =>
        learner({ email: `p${index}-${now.getTime()}@example.com` }),
      );
      const { learnerIds } = await upsertLearners(context.db, org.id, people, now);
      const course = await publishCourse(context.db, org.id, readingCourse(3));
      await enrolLearners(context, {
        organizationId: org.id,
        courseVersionId: course.versionId,
        learnerIds,
        channel: 'email',
        sendTime: '09:00',
        days: 'daily',
      });
      await context.db
        .updateTable('enrolments')
        .set({ nextSendAt: new Date(now.getTime() - 1_000) })
        .where('organizationId', '=', org.id)
        .execute();
      return claimDueLessons(context, now);
    }

    function startWorker(
      name: string,
      leaseSeconds: number,
      warmUp = false,
    ): Promise<ChildProcess> {
      const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          TEST_DATABASE_URL: databaseUrl,
          WORKER_SCHEMA: schema,
          PROVIDER_URL: provider.url,
          LEASE_SECONDS: String(leaseSeconds),
          WORKER_NAME: name,
          ...(warmUp ? { WARM_UP: '1' } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let errors = '';
      child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      return new Promise((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve(child);
        });
        child.on('exit', (code) => reject(new Error(`worker ${name} exited (${code}): ${errors}`)));
      });
    }

    async function waitFor(check: () => Promise<boolean> | boolean, what: string) {
      const deadline = Date.now() + 90_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const statuses = async (ids: readonly string[]) =>
      runtime.context.db
        .selectFrom('deliveries')
        .select(['id', 'idempotencyKey', 'status'])
        .where('id', 'in', [...ids])
        .execute();

    it('loses no lesson and shows none twice when a worker is SIGKILLed mid-dispatch', async () => {
      const ids = await queueLessons(60);
      expect(ids).toHaveLength(60);
      provider.answerDelayMs = 300;

      const first = await startWorker('first', 2);
      await waitFor(() => provider.visibleMessages().length >= 12, 'a dozen sends');
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));

      // Accepted by the provider, never recorded: the window a crash must not turn into a
      // lost or a doubled lesson.
      const accepted = new Set(provider.visibleMessages().map((message) => message.key));
      const inFlight = (await statuses(ids)).filter(
        (row) => row.status === 'sending' && accepted.has(row.idempotencyKey),
      );
      expect(inFlight.length).toBeGreaterThan(0);

      provider.answerDelayMs = 0;
      const second = await startWorker('second', 2);
      await waitFor(
        async () => (await statuses(ids)).every((row) => row.status === 'sent'),
        'every lesson sent after the restart',
      );
      second.kill('SIGKILL');

      const rows = await statuses(ids);
      const visible = provider.visibleMessages().filter((m) => m.key.startsWith('lesson:'));
      expect(visible.map((message) => message.key).sort()).toEqual(
        rows.map((row) => row.idempotencyKey).sort(),
      );
      const perKey = provider.requestsPerKey();
      for (const row of inFlight) expect(perKey.get(row.idempotencyKey)).toBe(2);

      const interrupted = await runtime.context.db
        .selectFrom('deliveryAttempts')
        .select('deliveryId')
        .where('outcome', '=', 'interrupted')
        .where('deliveryId', 'in', ids)
        .execute();
      expect(interrupted.length).toBeGreaterThanOrEqual(inFlight.length);
    });

    it('claims no more than a batch while another worker holds rows locked', async () => {
      const ids = await queueLessons(40);
      const now = new Date();
      const lease = new Date(now.getTime() + 60_000);

      const claimed = await runtime.context.db.transaction().execute(async (other) => {
        await other
          .selectFrom('deliveries')
          .select('id')
          .where('id', 'in', ids.slice(0, 5))
          .forUpdate()
          .execute();
        // The claim runs on another connection of the pool, as a second worker's would.
        return claimReadyDeliveries(runtime.context.db, now, lease, 10, ids);
      });

      expect(claimed).toHaveLength(10);
      expect(claimed.filter((row) => ids.slice(0, 5).includes(row.id))).toEqual([]);
      const sending = (await statuses(ids)).filter((row) => row.status === 'sending');
      expect(sending).toHaveLength(10);

      // Nothing of this test is left for the workers of the next one.
      await runtime.context.db
        .updateTable('deliveries')
        .set({ status: 'cancelled', leaseUntil: null })
        .where('id', 'in', ids)
        .execute();
    });

    it('shares the work of two workers without sending anything twice', async () => {
      // Slow enough answers that neither worker can take everything before the other starts.
      provider.answerDelayMs = 200;
      const workers = await Promise.all([startWorker('a', 60, true), startWorker('b', 60, true)]);
      const ids = await queueLessons(200);

      await waitFor(
        async () => (await statuses(ids)).every((row) => row.status === 'sent'),
        'every lesson sent by two workers',
      );
      for (const worker of workers) worker.kill('SIGKILL');

      const lessons = provider.requests.filter((request) => request.key.startsWith('lesson:'));
      expect(lessons).toHaveLength(200);
      expect(new Set(lessons.map((request) => request.key)).size).toBe(200);
      const byWorker = new Map<string, number>();
      for (const request of lessons) {
        byWorker.set(request.worker, (byWorker.get(request.worker) ?? 0) + 1);
      }
      expect([...byWorker.keys()].sort()).toEqual(['a', 'b']);
      expect(byWorker.get('a')).toBeGreaterThan(0);
      expect(byWorker.get('b')).toBeGreaterThan(0);
    });
  },
);
