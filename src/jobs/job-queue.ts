import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/database.ts';
import type { Logger } from '../shared/logger.ts';
import { JOBS, type JobName, type JobPayload } from './catalog.ts';
import { DispatchLoop } from './dispatch-loop.ts';

type QueueHandlers = { [N in JobName]: (payload: JobPayload<N>) => Promise<void> };

/**
 * Jobs fetched per poll, and run at once from a batch. pg-boss waits a polling interval
 * between fetches, so the batch bounds throughput: 100 a poll keeps up with bursts of replies.
 */
const WORK_BATCH = 100;
const BATCH_CONCURRENCY = 16;

export type JobHandlers = QueueHandlers & {
  /** Work the worker repeats every polling interval besides queued jobs (the dispatcher). */
  background?: () => Promise<void>;
};

/**
 * The durable job queue: pg-boss in the same database as the data, so scheduled work
 * survives a restart on the embedded database and on a server alike.
 */
export class JobQueue {
  private dispatchLoop: DispatchLoop | undefined;

  private constructor(
    private readonly boss: PgBoss,
    private readonly logger: Logger,
  ) {}

  static async start(handle: DatabaseHandle, logger: Logger): Promise<JobQueue> {
    const boss = handle.jobExecutor
      ? new PgBoss({ db: handle.jobExecutor, schema: handle.jobSchema })
      : new PgBoss({ connectionString: handle.connectionString, schema: handle.jobSchema });
    boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
    await boss.start();

    for (const job of Object.values(JOBS)) {
      await boss.createQueue(job.name, {
        name: job.name,
        retryLimit: job.retryLimit,
        retryBackoff: true,
        expireInSeconds: job.expireInSeconds,
      });
    }
    return new JobQueue(boss, logger);
  }

  async send<N extends JobName>(name: N, payload: JobPayload<N>): Promise<void> {
    const job = JOBS[name];
    await this.boss.send(job.name, job.payload.parse(payload) as object);
  }

  async sendMany<N extends JobName>(name: N, payloads: readonly JobPayload<N>[]): Promise<void> {
    if (payloads.length === 0) return;
    const job = JOBS[name];
    await this.boss.insert(
      payloads.map((payload) => ({
        name: job.name,
        data: job.payload.parse(payload) as object,
        retryLimit: job.retryLimit,
        retryBackoff: true,
      })),
    );
  }

  /**
   * Runs handlers as jobs arrive, until stopped: the worker's loop. Besides the queued jobs,
   * the handlers' background work (the dispatcher) runs every `pollingIntervalSeconds`, so a
   * retry whose backoff ends between two delivery ticks goes out on time; several workers
   * share that work through row claims.
   */
  async work(handlers: JobHandlers, pollingIntervalSeconds = 1): Promise<void> {
    for (const key of Object.keys(JOBS) as JobName[]) {
      const job = JOBS[key];
      await this.boss.work(
        job.name,
        { pollingIntervalSeconds, batchSize: WORK_BATCH },
        async (jobs) => {
          await this.runBatch(
            key,
            handlers,
            jobs.map((item) => item.data),
          );
        },
      );
    }
    if (handlers.background) {
      this.dispatchLoop = new DispatchLoop(
        handlers.background,
        pollingIntervalSeconds * 1000,
        this.logger,
      );
      this.dispatchLoop.start();
    }
  }

  /**
   * Sends a delivery tick once a minute and a people sync once an hour. The schedules live in
   * the database, keyed by queue name, so every worker may call this on start: pg-boss keeps
   * one schedule each and lets one instance enqueue each tick, and whichever worker fetches
   * it does the work.
   */
  async scheduleRecurringJobs(): Promise<void> {
    // Retries and expiry come from the queue, created in start() from the catalog.
    await this.boss.schedule(JOBS.deliveryTick.name, '* * * * *', {});
    // Hourly rather than daily: a learner's day turns at a different UTC hour in each zone, so
    // a date rule takes effect within an hour of the day it names, wherever they are.
    await this.boss.schedule(JOBS.peopleSync.name, '7 * * * *', {});
  }

  /**
   * Runs every job that is ready now, until all queues are empty; returns how many ran.
   * The demo drives simulated time through this instead of waiting for polls.
   */
  async drain(handlers: JobHandlers): Promise<number> {
    let ran = 0;
    for (;;) {
      let fetched = 0;
      for (const key of Object.keys(JOBS) as JobName[]) {
        const name = JOBS[key].name;
        const jobs = await this.boss.fetch(name, { batchSize: 50 });
        fetched += jobs.length;
        for (const job of jobs) {
          try {
            await this.runOne(key, handlers, job.data);
            await this.boss.complete(name, job.id);
          } catch (error) {
            await this.boss.fail(name, job.id, { message: String(error) });
          }
        }
      }
      ran += fetched;
      if (fetched === 0) return ran;
    }
  }

  /** Jobs waiting or running per queue, for status pages and readiness. */
  async depth(): Promise<Record<string, number>> {
    const depth: Record<string, number> = {};
    for (const job of Object.values(JOBS)) depth[job.name] = await this.boss.getQueueSize(job.name);
    return depth;
  }

  async stop(): Promise<void> {
    await this.dispatchLoop?.stop();
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 });
  }

  /**
   * Runs a fetched batch a few jobs at a time. pg-boss fails or completes a batch as a whole,
   * so after a failure the batch is retried, and every handler is idempotent for that reason.
   */
  private async runBatch(key: JobName, handlers: JobHandlers, items: unknown[]): Promise<void> {
    let next = 0;
    let failure: unknown;
    const runner = async () => {
      while (next < items.length) {
        const data = items[next];
        next += 1;
        await this.runOne(key, handlers, data).catch((error: unknown) => (failure ??= error));
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, items.length) }, runner));
    if (failure !== undefined) throw failure;
  }

  private async runOne<N extends JobName>(
    key: N,
    handlers: JobHandlers,
    data: unknown,
  ): Promise<void> {
    const payload = JOBS[key].payload.parse(data) as JobPayload<N>;
    try {
      const handler = (handlers as QueueHandlers)[key] as (payload: JobPayload<N>) => Promise<void>;
      await handler(payload);
    } catch (error) {
      this.logger.error({ err: error, job: JOBS[key].name }, 'job failed; it will be retried');
      throw error;
    }
  }
}
