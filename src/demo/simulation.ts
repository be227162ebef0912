import type { EngineContext } from '../app/context.ts';
import { createJobHandlers } from '../app/job-handlers.ts';
import type { SimulatorChannel } from '../channels/simulator/simulator-channel.ts';
import { handleInbound } from '../conversation/reply-service.ts';
import type { ManualClock } from '../shared/clock.ts';

export interface SimulationProgress {
  at: Date;
  lessonsSent: number;
  repliesHandled: number;
}

export interface SimulationOptions {
  context: EngineContext;
  clock: ManualClock;
  simulator: SimulatorChannel;
  organizationId: string;
  /** Stop when simulated time passes this instant, whatever is still pending. */
  until: Date;
  onProgress?: (progress: SimulationProgress) => void;
}

/** Replies arriving this close together are handled in one step; it keeps runs short. */
const STEP_MS = 5 * 60_000;

/**
 * Runs simulated time forward from event to event: each lesson due time becomes a delivery
 * tick through the job queue, and each simulated reply comes back through the same inbound
 * path a provider's webhook uses. Stops once every lesson is sent and every simulated reply
 * handled (or at `until`). Reviews and reminders go only when such a tick falls after their
 * time; the ones still to come are the caller's to cancel (see close-out.ts).
 *
 * Limitation: reminders and later reviews are not simulated. Ticking for them (hourly, or at
 * each one's due time) was measured at about twice the demo's wall time for a handful more
 * completions, so the demo ends at its last reply instead.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationProgress> {
  const { context, clock, simulator, until } = options;
  const handlers = createJobHandlers(context);
  const progress: SimulationProgress = { at: clock.now(), lessonsSent: 0, repliesHandled: 0 };

  for (;;) {
    const next = await nextEventAt(context, simulator, options.organizationId);
    if (!next || next > until) break;
    clock.set(new Date(Math.max(next.getTime(), clock.now().getTime()) + 1));

    await context.jobs.send('deliveryTick', { at: clock.now().toISOString() });
    progress.lessonsSent += await drainSends(context, handlers, options.organizationId);

    for (const reply of simulator.takeRepliesDue(new Date(clock.now().getTime() + STEP_MS))) {
      if (reply.receivedAt > clock.now()) clock.set(reply.receivedAt);
      await handleInbound(context, reply);
      progress.repliesHandled += 1;
    }
    await context.jobs.drain(handlers);

    progress.at = clock.now();
    options.onProgress?.(progress);
  }
  return progress;
}

async function drainSends(
  context: EngineContext,
  handlers: ReturnType<typeof createJobHandlers>,
  organizationId: string,
): Promise<number> {
  const before = await countLessonsSent(context, organizationId);
  await context.jobs.drain(handlers);
  return (await countLessonsSent(context, organizationId)) - before;
}

async function countLessonsSent(context: EngineContext, organizationId: string) {
  const row = await context.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organizationId', '=', organizationId)
    .where('kind', '=', 'lesson')
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function nextEventAt(
  context: EngineContext,
  simulator: SimulatorChannel,
  organizationId: string,
): Promise<Date | undefined> {
  const due = await context.db
    .selectFrom('enrolments')
    .select((eb) => eb.fn.min('nextSendAt').as('next'))
    .where('organizationId', '=', organizationId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  const candidates = [due?.next ? new Date(due.next) : undefined, simulator.nextReplyAt()].filter(
    (instant): instant is Date => instant !== undefined,
  );
  if (candidates.length === 0) return undefined;
  return new Date(Math.min(...candidates.map((instant) => instant.getTime())));
}
