/**
 * A delivery worker in its own process, for crash tests: it dispatches against the PostgreSQL
 * schema and the fake provider named in its environment until it is killed.
 * Run: node --import tsx test/support/delivery-worker.ts
 */
import { startRuntime } from '../../src/app/runtime.ts';
import { configureDispatcher } from '../../src/delivery/dispatch/dispatcher.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { HttpTestChannel } from './http-test-channel.ts';

const env = process.env;
const runtime = await startRuntime({
  databaseUrl: required('TEST_DATABASE_URL'),
  schema: required('WORKER_SCHEMA'),
  logger: silentLogger,
  clock: systemClock,
  channels: [
    new HttpTestChannel({
      baseUrl: required('PROVIDER_URL'),
      timeoutMs: 5_000,
      headers: { 'x-worker': env.WORKER_NAME ?? 'worker' },
    }),
  ],
});
const dispatcher = configureDispatcher(runtime.context, {
  leaseSeconds: Number(env.LEASE_SECONDS ?? '60'),
  batchSize: 10,
  concurrency: 4,
  providerRatePerSecond: {},
});
// With WARM_UP, a first pass loads every module a dispatch needs before "ready", so two
// workers start sending together even on a busy machine.
if (env.WARM_UP) await dispatcher.dispatchReady();
process.stdout.write('ready\n');

for (;;) {
  const summary = await dispatcher.dispatchReady();
  if (env.WORKER_VERBOSE && summary.claimed > 0) {
    process.stdout.write(`${Date.now()} ${JSON.stringify(summary)}\n`);
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}

function required(name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set for the test worker`);
  return value;
}
