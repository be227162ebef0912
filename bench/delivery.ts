/**
 * `npm run bench:delivery`: 100,000 learners over 20 zones, one lesson each due at 09:00
 * local, sent to a loopback fake provider through the PostgreSQL server in DATABASE_URL.
 * Measures our lessons per second from due to accepted, and a baseline doing only the
 * irreducible work, each in its own process, then prints one closing line:
 *   bench delivery: 2345 lessons/s, 0.61 of baseline, peak 210 MB
 * BENCH_LEARNERS changes the count (default 100000).
 */
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

import { startRuntime } from '../src/app/runtime.ts';
import { ManualClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { seedLearners } from './bench-setup.ts';

interface RunResult {
  mode: string;
  lessons: number;
  seconds: number;
  peakRssMb: number;
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('bench:delivery needs DATABASE_URL, a PostgreSQL server to measure against');
  process.exit(2);
}
const learners = Number(process.env.BENCH_LEARNERS ?? '100000');
const root = fileURLToPath(new URL('../', import.meta.url));

const provider = fork('bench/provider-process.ts', [], {
  cwd: root,
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const providerUrl = await new Promise<string>((resolve) =>
  provider.stdout?.once('data', (chunk: Buffer) =>
    resolve((JSON.parse(chunk.toString()) as { url: string }).url),
  ),
);

const results: RunResult[] = [];
for (const mode of ['baseline', 'ours'] as const) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const runtime = await startRuntime({
    databaseUrl,
    schema,
    logger: silentLogger,
    clock: new ManualClock('2026-06-14T00:00:00Z'),
    channels: [],
  });
  console.log(`${mode}: seeding ${learners} learners in schema ${schema}...`);
  const { slots } = await seedLearners(runtime, learners);
  await runtime.close();

  console.log(`${mode}: sending...`);
  results.push(await runSide(mode, schema, slots));
  await dropSchema(schema);
}

const report = await new Promise<{ requests: number; visible: number; peakRssMb: number }>(
  (resolve) => {
    provider.once('message', (message) => resolve(message as never));
    provider.send('report');
  },
);
provider.kill();

const [baseline, ours] = results as [RunResult, RunResult];
const rate = (run: RunResult) => run.lessons / run.seconds;
for (const run of results) {
  console.log(
    `${run.mode.padEnd(8)} ${run.lessons} lessons in ${run.seconds.toFixed(1)} s = ` +
      `${Math.round(rate(run))} lessons/s, peak ${Math.round(run.peakRssMb)} MB`,
  );
}
console.log(
  `provider: ${report.requests} requests, ${report.visible} visible messages, ` +
    `peak ${Math.round(report.peakRssMb)} MB`,
);
console.log(
  `bench delivery: ${Math.round(rate(ours))} lessons/s, ` +
    `${(rate(ours) / rate(baseline)).toFixed(2)} of baseline, ` +
    `peak ${Math.round(ours.peakRssMb)} MB`,
);

function runSide(mode: string, schema: string, slots: Date[]): Promise<RunResult> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/delivery-run.ts',
      mode,
      schema,
      providerUrl,
      JSON.stringify(slots.map((slot) => slot.toISOString())),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as RunResult);
      else reject(new Error(`${mode} run failed (${code}): ${output}`));
    }),
  );
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.query(`drop schema if exists ${schema}_jobs cascade`);
  await client.end();
}
