import { err, ok, type Result } from '../../shared/result.ts';
import { addDays, isCalendarDay } from './calendar-day.ts';
import { recurrenceDates } from './recurrence-dates.ts';
import { parseRecurrenceRule } from './recurrence-rule.ts';
import { nextSendInstant } from './send-times.ts';
import type { SendDays } from './send-rule.ts';
import { learnerZone } from './timezone.ts';
import { calendarDayInZone, instantOfWallTime, parseWallTime } from './wall-time.ts';

// Limitation: an RRULE's BYHOUR/BYMINUTE/BYSECOND are read but ignored; the enrolment's send
// time is used, and BYSETPOS counts dates, not times.

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
    const rule = checkLessonRule(fields.rule);
    return rule.ok ? ok({ kind: 'rrule', rule: rule.value }) : rule;
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

/**
 * Checks an RRULE from a person (API, CLI) as a lesson cadence: the strict grammar, then no
 * COUNT or UNTIL, since the length of the course decides when lessons stop. Returns the rule
 * in upper case, as stored. Every entry point that takes a rule goes through here.
 * @example checkLessonRule('rrule:freq=weekly;byday=mo') // ok: 'FREQ=WEEKLY;BYDAY=MO'
 */
export function checkLessonRule(text: string): Result<string, string> {
  const rule = parseRecurrenceRule(text);
  if (!rule.ok) return rule;
  if (rule.value.count !== undefined || rule.value.until !== undefined) {
    return err(
      `RRULE "${text.trim()}": give no COUNT or UNTIL; the length of the course decides ` +
        'when lessons stop',
    );
  }
  return ok(rule.value.text);
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
 * The RRULE picks local dates only; each is then placed on the learner's clock through the
 * zone database, so daylight saving never moves the hour, whatever zone the host runs in
 * (pitfall SCH-01). The search stops three years ahead, so no rule can keep a tick busy.
 */
function nextRruleInstant(
  schedule: LessonSchedule,
  floor: Date,
  holidays: ReadonlySet<string>,
): Date {
  const zone = learnerZone(schedule.timezone);
  const cadence = schedule.cadence as { kind: 'rrule'; rule: string };
  const floorDay = calendarDayInZone(floor.getTime(), zone);
  const anchor = startDayOf(schedule) ?? floorDay;
  const rule = parseRecurrenceRule(cadence.rule);

  if (rule.ok) {
    // Start a day early: the floor's local date may already hold a send that is still ahead.
    const range = { from: addDays(floorDay, -1), through: searchEnd(floorDay) };
    for (const day of recurrenceDates(rule.value, anchor, range)) {
      const instant = wallInstant(schedule, day);
      if (!holidays.has(day) && instant > floor.getTime()) return new Date(instant);
    }
  }

  // A rule that has run out (COUNT, UNTIL, a sparse rule) must not stop the course, nor throw
  // inside a tick that serves everyone: the rest goes daily, as onboarding does.
  // Limitation: so does a stored rule that no longer reads (saved before the strict check).
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

/** The last date a search from `day` looks at; dates past the year 9999 cannot be written. */
function searchEnd(day: string): string {
  const end = addDays(day, MAX_RRULE_SCAN_DAYS);
  return isCalendarDay(end) ? end : '9999-12-31';
}

function startDayOf(schedule: LessonSchedule): string | undefined {
  return schedule.startsOn !== undefined && isCalendarDay(schedule.startsOn)
    ? schedule.startsOn
    : undefined;
}

function wallInstant(schedule: LessonSchedule, calendarDay: string): number {
  const time = parseWallTime(schedule.localTime);
  if (!time) throw new Error(`localTime "${schedule.localTime}" is not "HH:MM"`);
  return instantOfWallTime(learnerZone(schedule.timezone), calendarDay, time);
}

/**
 * Why an RRULE cannot place the next two lessons from `startsOn` (else `after`'s UTC date)
 * within the three years a schedule looks ahead, or undefined when it can: a rule whose parts
 * never meet (30 February) or that hardly ever fires is refused before anyone is enrolled,
 * since a schedule that runs out only goes on daily.
 * @example rruleDatesProblem('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', undefined, now)
 *   // 'RRULE "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" gives no two dates within three years ...'
 */
export function rruleDatesProblem(
  text: string,
  startsOn: string | undefined,
  after: Date,
): string | undefined {
  const rule = parseRecurrenceRule(text);
  if (!rule.ok) return rule.error;

  const anchor = startsOn ?? after.toISOString().slice(0, 10);
  const afterDay = after.toISOString().slice(0, 10);
  const through = searchEnd(anchor > afterDay ? anchor : afterDay);
  let given = 0;
  for (const _day of recurrenceDates(rule.value, anchor, { from: anchor, through })) {
    given += 1;
    if (given === 2) return undefined;
  }

  const why =
    given === 0
      ? ': it gives none at all, as its parts never meet (such as 30 February) or its ' +
        'INTERVAL steps over every date they pick'
      : '; choose a rule that repeats more often';
  return `RRULE "${text.trim()}" gives no two dates within three years from ${anchor}${why}`;
}
