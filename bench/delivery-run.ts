/**
 * One side of the delivery benchmark, in a process of its own so its peak memory is its own:
 * `ours` runs the product's delivery tick wave by wave; `baseline` does only the irreducible
 * work (claim due rows, record the delivery, mark it sent, in batches, one bare HTTP request
 * per message). Prints one JSON line: lessons, seconds, peak memory.
 */
import { sql } from 'kysely';

import { createJobHandlers } from '../src/app/job-handlers.ts';
import { startRuntime } from '../src/app/runtime.ts';
import { configureDispatcher } from '../src/delivery/dispatch/dispatcher.ts';
import { ManualClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { HttpTestChannel } from '../test/support/http-test-channel.ts';

const [mode, schema, providerUrl, slotsJson] = process.argv.slice(2);
const slots = (JSON.parse(slotsJson ?? '[]') as string[]).map((slot) => new Date(slot));
const clock = new ManualClock(slots[0] ?? new Date());
const runtime = await startRuntime({
  databaseUrl: process.env.DATABASE_URL,
  schema,
  logger: silentLogger,
  clock,
  channels: [new HttpTestChannel({ baseUrl: providerUrl ?? '', timeoutMs: 10_000 })],
});

const BATCH = 500;
const CONCURRENCY = 64;
let lessons = 0;
const started = performance.now();

if (mode === 'ours') {
  // The fake provider takes whatever it is sent, as the baseline assumes: no provider limit.
  configureDispatcher(runtime.context, {
    batchSize: BATCH,
    concurrency: CONCURRENCY,
    providerRatePerSecond: {},
  });
  const handlers = createJobHandlers(runtime.context);
  for (const slot of slots) {
    clock.set(slot);
    await handlers.deliveryTick({ at: slot.toISOString() });
  }
  const sent = await runtime.context.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('kind', '=', 'lesson')
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  lessons = Number(sent.count);
} else {
  const db = runtime.context.db;
  await sql`create table if not exists baseline_deliveries (
    id bigserial primary key, enrolment_id uuid not null, idempotency_key text not null unique,
    status text not null, sent_at timestamptz)`.execute(db);
  for (const slot of slots) {
    for (;;) {
      const claimed = await db.transaction().execute(async (trx) => {
        const due = await sql<{ id: string }>`
          select id from enrolments where next_send_at <= ${slot.toISOString()}::timestamptz
          order by next_send_at limit ${BATCH} for update skip locked`.execute(trx);
        if (due.rows.length === 0) return [];
        const ids = due.rows.map((row) => row.id);
        await sql`update enrolments set next_send_at = next_send_at + interval '1 day'
          where id = any(${ids}::uuid[])`.execute(trx);
        const inserted = await sql<{ id: string; idempotencyKey: string }>`
          insert into baseline_deliveries (enrolment_id, idempotency_key, status)
          select id, 'baseline:' || id, 'queued' from unnest(${ids}::uuid[]) as id
          returning id, idempotency_key`.execute(trx);
        return inserted.rows;
      });
      if (claimed.length === 0) break;

      const sent: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < claimed.length) {
            const row = claimed[next++];
            if (!row) break;
            const response = await fetch(`${providerUrl}/messages`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'idempotency-key': row.idempotencyKey,
              },
              body: JSON.stringify({ to: 'x', text: 'Lesson' }),
            });
            await response.arrayBuffer();
            if (response.ok) sent.push(row.id);
          }
        }),
      );
      await sql`update baseline_deliveries set status = 'sent', sent_at = now()
        where id = any(${sent}::bigint[])`.execute(db);
      lessons += sent.length;
    }
  }
}

const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ mode, lessons, seconds, peakRssMb: peakRssMb() })}\n`);
await runtime.close();

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
