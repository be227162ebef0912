/**
 * The job worker of the replies benchmark, in a process of its own as `inflow worker` runs
 * beside `inflow serve --no-worker`: it grades the replies the webhook queued and sends the
 * feedback, against the benchmark's schema. Run by bench/replies.ts.
 */
import { createJobHandlers } from '../src/app/job-handlers.ts';
import { startRuntime } from '../src/app/runtime.ts';
import { SimulatorChannel } from '../src/channels/simulator/simulator-channel.ts';
import { ManualClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';

const [schema, start] = process.argv.slice(2);
const clock = new ManualClock(start ?? new Date());
const simulator = new SimulatorChannel({
  population: { seed: 'bench', replyRate: 0, accuracy: 0, medianReplyMinutes: 1 },
  answerKey: () => undefined,
  now: () => clock.now(),
});
const runtime = await startRuntime({
  databaseUrl: process.env.DATABASE_URL,
  schema,
  logger: silentLogger,
  clock,
  channels: [simulator],
});
await runtime.context.jobs.work(createJobHandlers(runtime.context), 0.5);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void runtime.close().then(() => process.exit(0));
});
