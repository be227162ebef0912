import { addDays } from './calendar-day.ts';
import { learnerZone, offsetMinutes } from './timezone.ts';
import { calendarDayInZone, instantOfWallTime, parseWallTime } from './wall-time.ts';

/** Local hours in which nothing scheduled is sent, e.g. 21:00 to 07:00; may wrap midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

const MINUTE_MS = 60_000;

/**
 * Whether `instant` falls in the learner's quiet hours, read on their own clock.
 *
 * @example isInQuietHours(new Date('2026-06-15T01:00Z'), 'America/New_York',
 *   { start: '21:00', end: '07:00' }) // true: 21:00 EDT
 */
export function isInQuietHours(instant: Date, timezone: string, quiet: QuietHours): boolean {
  const minute = localMinuteOfDay(instant, timezone);
  const start = minuteOf(quiet.start);
  const end = minuteOf(quiet.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * The first instant at or after `instant` outside quiet hours: `instant` itself when it is
 * already outside, otherwise the end of the quiet period on the learner's clock.
 */
export function endOfQuietHours(instant: Date, timezone: string, quiet: QuietHours): Date {
  if (!isInQuietHours(instant, timezone, quiet)) return instant;

  const zone = learnerZone(timezone);
  const today = calendarDayInZone(instant.getTime(), zone);
  const end = wallTime(quiet.end);
  for (const day of [today, addDays(today, 1)]) {
    const candidate = instantOfWallTime(zone, day, end);
    if (candidate > instant.getTime() && !isInQuietHours(new Date(candidate), timezone, quiet)) {
      return new Date(candidate);
    }
  }
  // A daylight-saving jump can land the end inside the quiet span; a minute later is outside.
  return new Date(instantOfWallTime(zone, addDays(today, 1), end) + MINUTE_MS);
}

/** Whether `instant` is inside the window that opens at `slot` and lasts `minutes`. */
export function isInsideWindow(instant: Date, slot: Date, minutes: number): boolean {
  const elapsed = instant.getTime() - slot.getTime();
  return elapsed >= 0 && elapsed <= minutes * MINUTE_MS;
}

function localMinuteOfDay(instant: Date, timezone: string): number {
  const zone = learnerZone(timezone);
  const wall = instant.getTime() + offsetMinutes(zone, instant.getTime()) * MINUTE_MS;
  const minutes = Math.floor(wall / MINUTE_MS) % (24 * 60);
  return minutes < 0 ? minutes + 24 * 60 : minutes;
}

function minuteOf(text: string): number {
  const time = wallTime(text);
  return time.hour * 60 + time.minute;
}

function wallTime(text: string) {
  const time = parseWallTime(text);
  if (!time) throw new Error(`quiet hours "${text}" is not "HH:MM"; validate the settings first`);
  return time;
}
