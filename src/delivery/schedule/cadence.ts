import rrule from 'rrule';

import { err, ok, type Result } from '../../shared/result.ts';
import { addDays, isCalendarDay } from './calendar-day.ts';
import { nextSendInstant } from './send-times.ts';
import type { SendDays } from './send-rule.ts';
import { learnerZone } from './timezone.ts';
import { calendarDayInZone, instantOfWallTime, parseWallTime } from './wall-time.ts';

const { RRule } = rrule;

// Limitation: an RRULE's BYHOUR/BYMINUTE are ignored; the enrolment's send time is used.

/**
 * How often an enrolment's lessons go out:
 * - `days`: every day, weekdays, or chosen ISO weekdays;
 * - `rrule`: an RFC 5545 recurrence rule body ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH") that
 *   picks the local dates, counted from the start date;
 * - `onboarding`: lesson n on day `dayNumbers[n-1]` counted from the start date as day 1
 *   (the hire date for onboarding: days 1, 7, 30), daily after the last listed day.
 */
export type Cadence =
  | { kind: 'days'; days: SendDays }
  | { kind: 'rrule'; rule: string }
  | { kind: 'onboarding'; dayNumbers: readonly number[] };

/** Everything that places one enrolment's lessons in time, read on the learner's clock. */
export interface LessonSchedule {
  timezone: string;
  /** "HH:MM" local. */
  localTime: string;
  cadence: Cadence;
  /** Local date "YYYY-MM-DD" of day 1; nothing is sent before it. */
  startsOn?: string;
  /** Local dates on which nothing is sent; a lesson falling on one moves to the next day. */
  holidays?: readonly string[];
}

const MAX_RRULE_SCAN_DAYS = 3 * 366;

/**
 * The instant lesson number `lessonNumber` (1-based) is due, strictly after `after`.
 * A slot already past (a pause, an outage, a late enrolment) is not made up: the lesson goes
 * at the next slot the cadence allows, so a learner never gets a backlog at once.
 *
 * @example nextLessonInstant({ timezone: 'Europe/Paris', localTime: '09:00',
 *   cadence: { kind: 'onboarding', dayNumbers: [1, 7, 30] }, startsOn: '2026-03-02' },
 *   new Date('2026-03-01T00:00Z'), 2) // 2026-03-08T08:00:00Z, day 7 at 09:00 CET
 */
export function nextLessonInstant(
  schedule: LessonSchedule,
  after: Date,
  lessonNumber: number,
): Date {
  const zone = learnerZone(schedule.timezone);
  const floor = startFloor(schedule, after);
  const holidays = new Set(schedule.holidays ?? []);
  const { cadence } = schedule;

  if (cadence.kind === 'days') {
    return nextSendInstant(
      {
        timezone: schedule.timezone,
        localTime: schedule.localTime,
        days: cadence.days,
        holidays: schedule.holidays,
      },
      floor,
    );
  }

  if (cadence.kind === 'onboarding') {
    const dayNumber = cadence.dayNumbers[lessonNumber - 1];
    const start = schedule.startsOn ?? calendarDayInZone(after.getTime(), zone);
    if (dayNumber !== undefined) {
      const instant = firstOpenDayFrom(schedule, addDays(start, dayNumber - 1), holidays);
      if (instant > after.getTime()) return new Date(instant);
    }
    return nextSendInstant(
      {
        timezone: schedule.timezone,
        localTime: schedule.localTime,
        days: 'daily',
        holidays: schedule.holidays,
      },
      floor,
    );
  }

  return nextRruleInstant(schedule, floor, holidays);
}

/** Checks a cadence from untrusted input, saying what to fix. */
export function validateCadence(input: unknown): Result<Cadence, string> {
  if (typeof input !== 'object' || input === null) return err('cadence must be an object');
  const fields = input as Record<string, unknown>;

  if (fields.kind === 'days') {
    const days = fields.days;
    const valid =
      days === 'daily' ||
      days === 'weekdays' ||
      (Array.isArray(days) &&
        days.length > 0 &&
        days.every((day) => Number.isInteger(day) && day >= 1 && day <= 7));
    return valid
      ? ok({ kind: 'days', days: days as SendDays })
      : err('cadence.days must be "daily", "weekdays" or ISO weekdays 1 (Monday) to 7');
  }
  if (fields.kind === 'rrule') {
    if (typeof fields.rule !== 'string') return err('cadence.rule must be an RRULE string');
    const problem = rruleProblem(fields.rule);
    return problem ? err(problem) : ok({ kind: 'rrule', rule: fields.rule });
  }
  if (fields.kind === 'onboarding') {
    const numbers = fields.dayNumbers;
    const valid =
      Array.isArray(numbers) &&
      numbers.length > 0 &&
      numbers.every(
        (day, index) =>
          Number.isInteger(day) && day >= 1 && (index === 0 || day > numbers[index - 1]),
      );
    return valid
      ? ok({ kind: 'onboarding', dayNumbers: numbers as number[] })
      : err('cadence.dayNumbers must be increasing whole day numbers from 1, such as [1, 7, 30]');
  }
  return err('cadence.kind must be "days", "rrule" or "onboarding"');
}

/** Why an RRULE body cannot be used, or undefined when it can. */
export function rruleProblem(rule: string): string | undefined {
  if (/DTSTART|TZID|\n/i.test(rule)) {
    return 'give only the RRULE body (FREQ=...); the start date and zone come from the enrolment';
  }
  try {
    const options = RRule.parseString(rule.replace(/^RRULE:/i, ''));
    if (options.freq === undefined) return `RRULE "${rule}" has no FREQ`;
    // Frequencies count down from YEARLY (0) to SECONDLY (6); past DAILY is several a day.
    if (options.freq > RRule.DAILY) return `RRULE "${rule}" repeats more than once a day`;
    return undefined;
  } catch (error) {
    return `RRULE "${rule}" cannot be read: ${(error as Error).message}`;
  }
}

function startFloor(schedule: LessonSchedule, after: Date): Date {
  if (schedule.startsOn === undefined || !isCalendarDay(schedule.startsOn)) return after;

  const zone = learnerZone(schedule.timezone);
  // One millisecond before the first possible send of day 1, so it still counts as "after".
  const dayStart = instantOfWallTime(zone, schedule.startsOn, { hour: 0, minute: 0 }) - 1;
  return dayStart > after.getTime() ? new Date(dayStart) : after;
}

function firstOpenDayFrom(
  schedule: LessonSchedule,
  calendarDay: string,
  holidays: ReadonlySet<string>,
): number {
  let day = calendarDay;
  while (holidays.has(day)) day = addDays(day, 1);
  return wallInstant(schedule, day);
}

/**
 * The RRULE expands in "floating" time (UTC standing for the learner's wall clock), and only
 * its dates are used: each is then placed on the learner's clock through the zone database,
 * so daylight saving never moves the hour, whatever zone the host runs in (pitfall SCH-01).
 */
function nextRruleInstant(
  schedule: LessonSchedule,
  floor: Date,
  holidays: ReadonlySet<string>,
): Date {
  const zone = learnerZone(schedule.timezone);
  const cadence = schedule.cadence as { kind: 'rrule'; rule: string };
  const anchor = schedule.startsOn ?? calendarDayInZone(floor.getTime(), zone);
  const recurrence = new RRule({
    ...RRule.parseString(cadence.rule.replace(/^RRULE:/i, '')),
    dtstart: floatingMidnight(anchor),
  });

  // Start a day early: the floor's local date may already hold a send that is still ahead.
  let cursor = floatingMidnight(addDays(calendarDayInZone(floor.getTime(), zone), -1));
  const limit = cursor.getTime() + MAX_RRULE_SCAN_DAYS * 86_400_000;
  for (;;) {
    const occurrence = recurrence.after(cursor, true);
    if (!occurrence || occurrence.getTime() > limit) {
      // A rule that has run out (COUNT, UNTIL, a sparse rule) must not stop the course, nor
      // throw inside a tick that serves everyone: the rest goes daily, as onboarding does.
      return nextSendInstant(
        {
          timezone: schedule.timezone,
          localTime: schedule.localTime,
          days: 'daily',
          holidays: schedule.holidays,
        },
        floor,
      );
    }
    const day = occurrence.toISOString().slice(0, 10);
    const instant = wallInstant(schedule, day);
    if (!holidays.has(day) && instant > floor.getTime()) return new Date(instant);
    cursor = new Date(occurrence.getTime() + 1);
  }
}

function wallInstant(schedule: LessonSchedule, calendarDay: string): number {
  const time = parseWallTime(schedule.localTime);
  if (!time) throw new Error(`localTime "${schedule.localTime}" is not "HH:MM"`);
  return instantOfWallTime(learnerZone(schedule.timezone), calendarDay, time);
}

/**
 * Whether an RRULE gives at least `count` dates from `startsOn` (or `after`'s UTC date) within
 * the three years a schedule looks ahead: a rule that never or hardly ever fires is refused at
 * enrolment, since a schedule that runs out only goes on daily.
 * @example rruleGivesDates('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', undefined, now, 2) // false
 */
export function rruleGivesDates(
  rule: string,
  startsOn: string | undefined,
  after: Date,
  count: number,
): boolean {
  const anchor = startsOn ?? after.toISOString().slice(0, 10);
  const recurrence = new RRule({
    ...RRule.parseString(rule.replace(/^RRULE:/i, '')),
    dtstart: floatingMidnight(anchor),
  });
  const limit =
    Math.max(after.getTime(), floatingMidnight(anchor).getTime()) +
    MAX_RRULE_SCAN_DAYS * 86_400_000;
  const found = recurrence.all((date, index) => index < count && date.getTime() <= limit);
  return found.filter((date) => date.getTime() <= limit).length >= count;
}

function floatingMidnight(calendarDay: string): Date {
  return new Date(`${calendarDay}T00:00:00.000Z`);
}
