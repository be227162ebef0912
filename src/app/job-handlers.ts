import { deserializeEvents } from '../channels/channel-event-schema.ts';
import { processChannelEvents } from '../channels/channel-events.ts';
import { claimDueLessons, findStalledLessonDeliveries } from '../delivery/due-lessons.ts';
import { sendLessonDelivery } from '../delivery/lesson-flow.ts';
import type { JobHandlers } from '../jobs/job-queue.ts';
import type { EngineContext } from './context.ts';

/** A lesson claimed this long ago and still queued lost its send job; it is enqueued again. */
const STALLED_AFTER_MS = 10 * 60_000;

/** The handler of every job in the catalog, bound to one engine context. */
export function createJobHandlers(context: EngineContext): JobHandlers {
  return {
    deliveryTick: async ({ at }) => {
      const instant = at ? new Date(at) : context.clock.now();
      const stalled = await findStalledLessonDeliveries(
        context,
        new Date(instant.getTime() - STALLED_AFTER_MS),
      );
      const claimed = await claimDueLessons(context, instant);
      const deliveryIds = [...new Set([...stalled, ...claimed])];
      await context.jobs.sendMany(
        'sendLesson',
        deliveryIds.map((deliveryId) => ({ deliveryId })),
      );
      if (deliveryIds.length > 0) {
        context.logger.info(
          { claimed: claimed.length, requeued: stalled.length, at: instant.toISOString() },
          'lessons due',
        );
      }
    },
    sendLesson: async ({ deliveryId }) => {
      await sendLessonDelivery(context, deliveryId);
    },
    channelEvents: async ({ organizationId, events }) => {
      await processChannelEvents(context, organizationId, deserializeEvents(events));
    },
  };
}
