import type { IANAZone } from 'luxon';

import { calendarDayOfWallClock, calendarDayParts } from './calendar-day.ts';
import { offsetMinutes } from './timezone.ts';

/** A 24-hour local clock reading, as written in a send rule ("HH:MM"). */
export interface WallTime {
  readonly hour: number;
  readonly minute: number;
}

const WALL_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Parses "HH:MM" (00:00–23:59); undefined for anything else, such as "9:00" or "24:00". */
export function parseWallTime(text: string): WallTime | undefined {
  const match = WALL_TIME_PATTERN.exec(text);
  if (match === null) {
    return undefined;
  }

  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** The local calendar day "YYYY-MM-DD" that `epochMs` falls on in `zone`. */
export function calendarDayInZone(epochMs: number, zone: IANAZone): string {
  return calendarDayOfWallClock(epochMs + offsetMinutes(zone, epochMs) * MINUTE_MS);
}

/**
 * The instant (epoch ms) at which `time` is read on the clocks of `zone` on `calendarDay`,
 * following RFC 5545 §3.3.5 for the two daylight-saving edge cases:
 * - in a spring-forward gap the wall time does not exist; it is read with the offset in force
 *   before the gap, which lands the same distance past the gap (02:30 → 03:30 for a 1-hour gap);
 * - in a fall-back overlap the wall time occurs twice; the first occurrence is taken.
 */
export function instantOfWallTime(zone: IANAZone, calendarDay: string, time: WallTime): number {
  const { year, month, day } = calendarDayParts(calendarDay);
  const wallAsUtc = Date.UTC(year, month - 1, day, time.hour, time.minute);

  // A day either side of the wall time is outside any transition that could touch it, so these
  // are the offsets in force before and after it.
  // Limitation: two offset changes less than about a day apart would be seen as one.
  const offsetBefore = offsetMinutes(zone, wallAsUtc - DAY_MS);
  const offsetAfter = offsetMinutes(zone, wallAsUtc + DAY_MS);

  const occurrences = [offsetBefore, offsetAfter]
    .map((offset) => ({ offset, instant: wallAsUtc - offset * MINUTE_MS }))
    .filter(({ offset, instant }) => offsetMinutes(zone, instant) === offset)
    .map(({ instant }) => instant);

  if (occurrences.length === 0) {
    return wallAsUtc - offsetBefore * MINUTE_MS;
  }

  return Math.min(...occurrences);
}
