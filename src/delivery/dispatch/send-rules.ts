import type { DeliveryRow, EnrolmentRow, LearnerRow } from '../../db/schema.ts';
import type { DeliverySettings } from '../delivery-settings.ts';
import { dailySlotsOf, lessonScheduleOf, slotOnDay } from '../enrolment-schedule.ts';
import {
  endOfQuietHours,
  isInsideWindow,
  localDate,
  nextLessonInstant,
} from '../schedule/index.ts';
import type { BatchInputs } from './batch-inputs.ts';

/** Why a ready delivery waits, and until when. */
export interface Hold {
  until: Date;
  reason: string;
  /** The slot whose window the delivery now waits for. */
  scheduledFor?: Date;
}

/**
 * The shared timing rules of scheduled messages (lessons, reviews, reminders), on the learner's
 * clock: nothing in quiet hours (held to their end, never sent at 3 a.m.); a lesson or review
 * only inside its send window, else held for the next one; and no more lessons or reviews a
 * day than the organization allows, so a backlog after a pause or an outage never floods.
 * Replies to something the learner just sent, and a lesson they asked for (NEXT), are not
 * held by windows or caps; quiet hours still apply to the lesson.
 */
export async function holdFor(
  delivery: DeliveryRow,
  learner: LearnerRow,
  enrolment: EnrolmentRow | undefined,
  settings: DeliverySettings,
  inputs: BatchInputs,
  now: Date,
): Promise<Hold | undefined> {
  const kind = delivery.kind;
  if (kind !== 'lesson' && kind !== 'review' && kind !== 'reminder') return undefined;

  if (settings.quietHours) {
    const quietEnd = endOfQuietHours(now, learner.timezone, settings.quietHours);
    if (quietEnd > now) return { until: quietEnd, reason: 'quiet hours in the learner zone' };
  }
  if (!enrolment || delivery.onRequest) return undefined;

  const schedule = lessonScheduleOf(
    enrolment,
    learner,
    settings,
    inputs.learnedTimes.get(learner.id),
  );
  const slots = dailySlotsOf(schedule);
  const nextSlot = () => nextLessonInstant(slots, now, 1);
  if (kind === 'reminder') {
    // A reminder keeps to the days lessons come on: Friday's goes on Monday, not Saturday.
    if (slotOnDay(schedule, localDate(now, learner.timezone))) return undefined;
    return { until: nextSlot(), reason: 'a day off in the learner cadence' };
  }

  const windowMinutes = enrolment.windowMinutes ?? settings.sendWindowMinutes;
  if (!isInsideWindow(now, delivery.scheduledFor, windowMinutes)) {
    const slot = nextSlot();
    return { until: slot, scheduledFor: slot, reason: 'outside the send window' };
  }

  const cap = kind === 'lesson' ? settings.maxLessonsPerDay : settings.dailyReviewCap;
  if (inputs.sentOn(learner.id, kind, localDate(now, learner.timezone)) >= cap) {
    const slot = nextSlot();
    return { until: slot, scheduledFor: slot, reason: `daily ${kind} cap of ${cap} reached` };
  }
  return undefined;
}
