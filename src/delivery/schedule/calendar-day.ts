/**
 * Local calendar dates as "YYYY-MM-DD" strings. Arithmetic runs on UTC midnights, so the host's
 * own zone never shifts a date.
 */

/** ISO weekday: 1 = Monday … 7 = Sunday (ISO 8601, as luxon's `weekday`). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const DAY_MS = 86_400_000;

const CALENDAR_DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDayParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** True for a real date in "YYYY-MM-DD" form; "2026-02-30" is false. */
export function isCalendarDay(text: string): boolean {
  return CALENDAR_DAY_PATTERN.test(text) && calendarDayOfWallClock(utcMidnight(text)) === text;
}

export function calendarDayParts(calendarDay: string): CalendarDayParts {
  const match = CALENDAR_DAY_PATTERN.exec(calendarDay);
  if (match === null) {
    throw new Error(`Expected a calendar day "YYYY-MM-DD", got "${calendarDay}"`);
  }

  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

export function addDays(calendarDay: string, days: number): string {
  return calendarDayOfWallClock(utcMidnight(calendarDay) + days * DAY_MS);
}

export function isoWeekdayOf(calendarDay: string): IsoWeekday {
  const sundayFirst = new Date(utcMidnight(calendarDay)).getUTCDay();
  return (sundayFirst === 0 ? 7 : sundayFirst) as IsoWeekday;
}

/** The calendar day a clock showing `wallClockMs` (wall time written as if it were UTC) reads. */
export function calendarDayOfWallClock(wallClockMs: number): string {
  return new Date(wallClockMs).toISOString().slice(0, 10);
}

function utcMidnight(calendarDay: string): number {
  const { year, month, day } = calendarDayParts(calendarDay);
  return Date.UTC(year, month - 1, day);
}
