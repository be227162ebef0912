import { sql } from 'kysely';

import type { EngineContext } from '../app/context.ts';

/** What an admin asks of the delivery engine: is it keeping up, and what is failing? */
export interface DeliveryStatusReport {
  at: string;
  queue: {
    /** Deliveries ready to send now. */
    ready: number;
    /** Deliveries waiting for their time: a retry, a window, quiet hours, a pause. */
    waiting: number;
    /** Deliveries a worker is sending right now. */
    sending: number;
    /** Background jobs waiting or running, per queue. */
    jobs: Record<string, number>;
  };
  /** Attempts of the last hour per channel and outcome (sent, retry, failed, dead, held...). */
  lastHour: { channel: string; outcome: string; count: number }[];
  /**
   * Deliveries that ended unsent and need an admin: dead (retries ran out) or failed (refused
   * for good, e.g. a channel that is not configured), newest first; each can be sent again.
   */
  deadLetters: {
    total: number;
    latest: {
      deliveryId: string;
      status: 'dead' | 'failed';
      learnerId: string;
      channel: string;
      kind: string;
      errorCode: string | null;
      reason: string | null;
      at: string;
    }[];
  };
  nextDue: { enrolmentId: string; learnerId: string; at: string }[];
}

/**
 * The delivery engine's state for `inflow status` and GET /api/v1/.../delivery/status;
 * scoped to one organization when `organizationId` is given.
 */
export async function deliveryStatus(
  context: EngineContext,
  organizationId?: string,
): Promise<DeliveryStatusReport> {
  const { db } = context;
  const now = context.clock.now();
  const scoped = organizationId !== undefined;
  const org = organizationId ?? '';

  const queue = await db
    .selectFrom('deliveries')
    .select([
      sql<number>`count(*) filter (where status = 'queued' and next_attempt_at <= ${now})`.as(
        'ready',
      ),
      sql<number>`count(*) filter (where status = 'queued'
        and (next_attempt_at is null or next_attempt_at > ${now}))`.as('waiting'),
      sql<number>`count(*) filter (where status = 'sending')`.as('sending'),
      sql<number>`count(*) filter (where status in ('dead', 'failed'))`.as('deadLetters'),
    ])
    .where('status', 'in', ['queued', 'sending', 'dead', 'failed'])
    .$if(scoped, (query) => query.where('organizationId', '=', org))
    .executeTakeFirstOrThrow();

  const lastHour = await db
    .selectFrom('deliveryAttempts')
    .select((eb) => ['channel', 'outcome', eb.fn.countAll<number>().as('count')])
    .where('finishedAt', '>=', new Date(now.getTime() - 3_600_000))
    .groupBy(['channel', 'outcome'])
    .orderBy('channel')
    .orderBy('outcome')
    .$if(scoped, (query) => query.where('organizationId', '=', org))
    .execute();

  const dead = await db
    .selectFrom('deliveries')
    .select(['id', 'status', 'learnerId', 'channel', 'kind', 'errorCode', 'errorReason'])
    .select(sql<Date>`coalesce(last_attempt_at, created_at)`.as('endedAt'))
    .where('status', 'in', ['dead', 'failed'])
    .orderBy('endedAt', 'desc')
    .limit(20)
    .$if(scoped, (query) => query.where('organizationId', '=', org))
    .execute();

  const nextDue = await db
    .selectFrom('enrolments')
    .select(['id', 'learnerId', 'nextSendAt'])
    .where('status', '=', 'active')
    .where('nextSendAt', 'is not', null)
    .orderBy('nextSendAt')
    .limit(10)
    .$if(scoped, (query) => query.where('organizationId', '=', org))
    .execute();

  return {
    at: now.toISOString(),
    queue: {
      ready: Number(queue.ready),
      waiting: Number(queue.waiting),
      sending: Number(queue.sending),
      jobs: await context.jobs.depth(),
    },
    lastHour: lastHour.map((row) => ({
      channel: row.channel,
      outcome: row.outcome,
      count: Number(row.count),
    })),
    deadLetters: {
      total: Number(queue.deadLetters),
      latest: dead.map((row) => ({
        deliveryId: row.id,
        status: row.status as 'dead' | 'failed',
        learnerId: row.learnerId,
        channel: row.channel,
        kind: row.kind,
        errorCode: row.errorCode,
        reason: row.errorReason,
        at: new Date(row.endedAt).toISOString(),
      })),
    },
    nextDue: nextDue.map((row) => ({
      enrolmentId: row.id,
      learnerId: row.learnerId,
      at: (row.nextSendAt as Date).toISOString(),
    })),
  };
}
