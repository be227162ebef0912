/**
 * `npm run bench:replies`: learner replies through the HTTP webhook path on loopback, against
 * the PostgreSQL server in DATABASE_URL. Each of BENCH_REPLIERS learners (default 2000) has a
 * question open; each answers it with a POST to /webhooks/simulator/{org}, 50 at a time. The
 * latency is until the webhook answered (the answer is queued durably before that); the rate
 * is replies fully handled (graded, recorded, feedback sent) per second. Closing line:
 *   bench replies: 1200 replies/s, p99 95 ms
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

import { sql } from 'kysely';
import pg from 'pg';

import { createJobHandlers } from '../src/app/job-handlers.ts';
import { startRuntime } from '../src/app/runtime.ts';
import { SimulatorChannel } from '../src/channels/simulator/simulator-channel.ts';
import { publishCourse } from '../src/courses/course-repository.ts';
import {
  DEFAULT_DELIVERY_SETTINGS,
  saveDeliverySettings,
} from '../src/delivery/delivery-settings.ts';
import { createOrganization } from '../src/organizations/organization-repository.ts';
import { createApp } from '../src/server/app.ts';
import { listen } from '../src/server/http-server.ts';
import { ManualClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('bench:replies needs DATABASE_URL, a PostgreSQL server to measure against');
  process.exit(2);
}
const repliers = Number(process.env.BENCH_REPLIERS ?? '2000');
const CONCURRENCY = 50;
const schema = `bench_${randomBytes(4).toString('hex')}`;
const clock = new ManualClock('2026-06-15T12:00:00Z');
const simulator = new SimulatorChannel({
  population: { seed: 'bench', replyRate: 0, accuracy: 0, medianReplyMinutes: 1 },
  answerKey: () => undefined,
  now: () => clock.now(),
});
const runtime = await startRuntime({
  databaseUrl,
  schema,
  logger: silentLogger,
  clock,
  channels: [simulator],
});
const { context } = runtime;

console.log(`seeding ${repliers} learners with a question open, in schema ${schema}...`);
const org = await createOrganization(context.db, { name: `Replies ${Date.now()}` });
await saveDeliverySettings(context.db, org.id, { ...DEFAULT_DELIVERY_SETTINGS, quietHours: null });
const course = await publishCourse(context.db, org.id, {
  title: 'Bench quiz',
  description: 'Benchmark course',
  language: 'en',
  sourceName: 'bench',
  lessons: [1, 2].map((position) => ({
    id: `l${position}`,
    position,
    title: `Lesson ${position}`,
    body: 'Report a spill to your shift lead within 30 minutes.',
    questions: [
      {
        id: `l${position}-q1`,
        kind: 'multiple_choice' as const,
        prompt: 'Within how many minutes do you report a spill?',
        options: [
          { key: 'a', text: '10 minutes', correct: false, feedback: 'Not required.' },
          { key: 'b', text: '30 minutes', correct: true, feedback: 'Yes.' },
        ],
        explanation: 'Within 30 minutes.',
      },
    ],
  })),
});
await sql`
  insert into learners (organization_id, full_name, email, timezone, preferred_channel)
  select ${org.id}::uuid, 'Learner ' || g, 'replier' || g || '@bench.example', 'UTC', 'simulator'
  from generate_series(1, ${repliers}) as g`.execute(context.db);
await sql`
  insert into enrolments (organization_id, learner_id, course_version_id, channel, send_time, days,
    next_send_at, enrolled_at)
  select ${org.id}::uuid, id, ${course.versionId}::uuid, 'simulator', '12:00', 'daily',
    ${clock.now().toISOString()}::timestamptz, ${clock.now().toISOString()}::timestamptz
  from learners where organization_id = ${org.id}::uuid`.execute(context.db);
const handlers = createJobHandlers(context);
await handlers.deliveryTick({ at: clock.now().toISOString() });
const learners = await context.db
  .selectFrom('learners')
  .select('id')
  .where('organizationId', '=', org.id)
  .execute();

// API and worker in one process, as `inflow serve` runs them. BENCH_WORKER_PROCESS=1 runs the
// worker in a process of its own, as `inflow serve --no-worker` beside `inflow worker` would.
const oneProcess = process.env.BENCH_WORKER_PROCESS !== '1';
const worker = oneProcess ? undefined : await startWorkerProcess();
if (oneProcess) await context.jobs.work(handlers, 0.5);
const server = await listen(createApp(context), { port: 0, host: '127.0.0.1' });
const url = `${server.url}/webhooks/simulator/${org.id}`;

console.log(`replying through ${url}...`);
const latencies: number[] = [];
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < learners.length) {
      const learner = learners[next];
      next += 1;
      if (!learner) break;
      const sentAt = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: learner.id, id: `reply-${learner.id}`, text: 'b' }),
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - sentAt);
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    }
  }),
);
const acknowledged = performance.now();

for (;;) {
  const handled = await context.db
    .selectFrom('inboundMessages')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organizationId', '=', org.id)
    .where('outcome', '!=', 'received') // a claim still in hand is not handled yet
    .executeTakeFirstOrThrow();
  if (Number(handled.count) >= learners.length) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const handledAt = performance.now();

const graded = await context.db
  .selectFrom('responses')
  .select((eb) => eb.fn.countAll<number>().as('count'))
  .where('organizationId', '=', org.id)
  .executeTakeFirstOrThrow();
latencies.sort((a, b) => a - b);
const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
const seconds = (handledAt - started) / 1000;
console.log(
  `${learners.length} replies acknowledged in ${((acknowledged - started) / 1000).toFixed(1)} s, ` +
    `all handled in ${seconds.toFixed(1)} s; ${Number(graded.count)} graded; ` +
    `p50 ${Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0)} ms; ` +
    `peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);

await server.close();
const workerPeakMb = worker ? await stopWorker(worker) : 0;
if (worker) console.log(`worker process peak ${Math.round(workerPeakMb)} MB`);
await runtime.close();
const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
await client.query(`drop schema if exists ${schema} cascade`);
await client.query(`drop schema if exists ${schema}_jobs cascade`);
await client.end();
console.log(
  `bench replies: ${Math.round(learners.length / seconds)} replies/s, p99 ${Math.round(p99)} ms`,
);

function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/replies-worker.ts', schema, clock.now().toISOString()],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the worker process exited (${code})`)));
  });
}

/** Stops the worker and reads its peak memory from /proc before it goes. */
async function stopWorker(child: ChildProcess): Promise<number> {
  let peakKb = 0;
  try {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    // Not Linux: the figure is left out.
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return peakKb / 1024;
}
