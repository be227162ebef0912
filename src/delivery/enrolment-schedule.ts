import type { EnrolmentRow, LearnerRow, StoredCadence } from '../db/schema.ts';
import type { DeliverySettings } from './delivery-settings.ts';
import {
  localDate,
  nextLessonInstant,
  type Cadence,
  type LessonSchedule,
} from './schedule/index.ts';
import { learnerZone } from './schedule/timezone.ts';
import { instantOfWallTime } from './schedule/wall-time.ts';

/** The cadence an enrolment follows: its stored one, else its plain `days`. */
export function cadenceOf(enrolment: Pick<EnrolmentRow, 'cadence' | 'days'>): Cadence {
  const stored: StoredCadence | null = enrolment.cadence;
  if (!stored) return { kind: 'days', days: enrolment.days };
  if (stored.kind === 'days') {
    const days = stored.days;
    return {
      kind: 'days',
      days: Array.isArray(days) ? (days as (1 | 2 | 3 | 4 | 5 | 6 | 7)[]) : days,
    };
  }
  return stored;
}

/**
 * Where an enrolment's lessons fall on the learner's clock: its cadence and start date, the
 * organization's holidays, and the learned send time when the organization optimises it.
 */
export function lessonScheduleOf(
  enrolment: Pick<EnrolmentRow, 'cadence' | 'days' | 'sendTime' | 'startsOn'>,
  learner: Pick<LearnerRow, 'timezone'>,
  settings: Pick<DeliverySettings, 'holidays' | 'sendTimeOptimization'>,
  learnedTime?: string,
): LessonSchedule {
  return {
    timezone: learner.timezone,
    localTime: settings.sendTimeOptimization && learnedTime ? learnedTime : enrolment.sendTime,
    cadence: cadenceOf(enrolment),
    startsOn: enrolment.startsOn ?? undefined,
    holidays: settings.holidays,
  };
}

/**
 * The same schedule read as "one slot a day on the cadence's days": where a held message
 * goes next. Onboarding day numbers place lessons, not the daily windows between them.
 */
export function dailySlotsOf(schedule: LessonSchedule): LessonSchedule {
  return schedule.cadence.kind === 'onboarding'
    ? { ...schedule, cadence: { kind: 'days', days: 'daily' } }
    : schedule;
}

/**
 * The slot of a schedule's daily reading on one local day, or undefined when the day is off
 * (a weekend in a weekdays cadence, a holiday, a day the RRULE skips). Reviews and reminders
 * keep to the days lessons come on.
 * @example slotOnDay(weekdaysAtNine, '2026-03-07') // undefined: a Saturday
 */
export function slotOnDay(schedule: LessonSchedule, day: string): Date | undefined {
  const dayStart = instantOfWallTime(learnerZone(schedule.timezone), day, { hour: 0, minute: 0 });
  const slot = nextLessonInstant(dailySlotsOf(schedule), new Date(dayStart - 1), 1);
  return localDate(slot, schedule.timezone) === day ? slot : undefined;
}
