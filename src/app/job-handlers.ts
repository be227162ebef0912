import { deserializeEvents } from '../channels/channel-event-schema.ts';
import { processChannelEvents } from '../channels/channel-events.ts';
import { dispatcherFor } from '../delivery/dispatch/dispatcher.ts';
import { claimDueLessons } from '../delivery/due-lessons.ts';
import { resumeSnoozedEnrolments } from '../delivery/engagement/pause.ts';
import { scheduleReminders } from '../delivery/engagement/reminders.ts';
import { updateSendProfiles } from '../delivery/engagement/send-time.ts';
import { scheduleReviews } from '../delivery/reviews/review-queue.ts';
import { applyPendingReviews } from '../delivery/reviews/review-recording.ts';
import type { JobHandlers } from '../jobs/job-queue.ts';
import { syncAllOrganizations } from '../people/people-sync.ts';
import type { EngineContext } from './context.ts';

/** The handler of every job in the catalog, bound to one engine context. */
export function createJobHandlers(context: EngineContext): JobHandlers {
  return {
    deliveryTick: async ({ at }) => {
      const instant = at ? new Date(at) : context.clock.now();
      const resumed = await resumeSnoozedEnrolments(context, instant);
      const reviewed = await applyPendingReviews(context);
      await updateSendProfiles(context, reviewed.learnerIds);
      const lessons = await claimDueLessons(context, instant);
      const reminders = await scheduleReminders(context, instant);
      const reviews = await scheduleReviews(context, instant);

      // The worker's dispatch loop would send these within a second; sending them here too
      // lets a drain (tests, the demo's simulated days) see the whole effect of a tick.
      await dispatcherFor(context).dispatchReady();
      if (lessons.length + reminders + reviews + resumed > 0) {
        context.logger.info(
          { lessons: lessons.length, reminders, reviews, resumed, at: instant.toISOString() },
          'deliveries queued',
        );
      }
    },
    peopleSync: async ({ at }) => {
      const instant = at ? new Date(at) : context.clock.now();
      const organizations = await syncAllOrganizations(context.db, instant);
      context.logger.info({ organizations, at: instant.toISOString() }, 'cohorts recomputed');
    },
    channelEvents: async ({ organizationId, events }) => {
      await processChannelEvents(context, organizationId, deserializeEvents(events));
    },
    background: async () => {
      await dispatcherFor(context).dispatchReady();
    },
  };
}
