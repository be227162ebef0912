import type { IANAZone } from 'luxon';

import { addDays, isoWeekdayOf } from './calendar-day.ts';
import type { SendRule } from './send-rule.ts';
import { learnerZone } from './timezone.ts';
import { calendarDayInZone, instantOfWallTime, parseWallTime } from './wall-time.ts';
import type { WallTime } from './wall-time.ts';

/**
 * Pure send-time arithmetic. Every date is read on the learner's clock through an explicit
 * IANA zone, so the host's TZ never changes a result. Each local calendar day gets at most one
 * send: a wall time lost to spring-forward moves later by the gap, one repeated by fall-back is
 * sent at its first occurrence (RFC 5545 §3.3.5).
 *
 * Rules are expected to have passed validateSendRule; a broken rule is a programmer error and
 * throws.
 */

/**
 * The first send instant strictly after `after`.
 *
 * @example nextSendInstant({ timezone: 'America/New_York', localTime: '09:00', days: 'daily' },
 *   new Date('2026-03-07T14:00:00Z')) // 2026-03-08T13:00:00Z, 09:00 EDT
 */
export function nextSendInstant(rule: SendRule, after: Date): Date {
  const next = sendInstantsAfter(rule, after).next();
  if (next.done === true) {
    throw new Error('send instants never run out; the generator returned early');
  }

  return next.value;
}

/** The next `count` send instants strictly after `from`, in order. */
export function sendInstants(rule: SendRule, from: Date, count: number): Date[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`count must be a whole number of sends, got ${count}`);
  }

  const instants: Date[] = [];
  for (const instant of sendInstantsAfter(rule, from)) {
    if (instants.length === count) {
      break;
    }
    instants.push(instant);
  }
  return instants;
}

/** The learner's local calendar date "YYYY-MM-DD" at `instant`. */
export function localDate(instant: Date, timezone: string): string {
  return calendarDayInZone(instant.getTime(), learnerZone(timezone));
}

function* sendInstantsAfter(rule: SendRule, after: Date): Generator<Date, never> {
  const zone = learnerZone(rule.timezone);
  const time = wallTimeOrThrow(rule.localTime);
  const holidays = new Set(rule.holidays ?? []);
  const afterMs = after.getTime();
  if (Number.isNaN(afterMs)) {
    throw new Error('after must be a valid Date');
  }

  // An allowed weekday recurs every week; each holiday, the day-early start and a day the zone
  // skipped can each cost one more week, so a longer silence means no day is ever allowed.
  const longestQuietStretch = 7 * (holidays.size + 3);

  // Start one local day early: near a fall-back that straddles midnight the local date of
  // `after` can be later than the day whose send is still ahead.
  let calendarDay = addDays(calendarDayInZone(afterMs, zone), -1);
  let quietDays = 0;

  for (;;) {
    const instant = isSendDay(rule, calendarDay, holidays)
      ? sendInstantOn(zone, calendarDay, time)
      : undefined;

    if (instant !== undefined && instant > afterMs) {
      quietDays = 0;
      yield new Date(instant);
    } else if (++quietDays > longestQuietStretch) {
      throw new Error(`send rule for ${rule.timezone} allows no send day; check its days`);
    }

    calendarDay = addDays(calendarDay, 1);
  }
}

function isSendDay(rule: SendRule, calendarDay: string, holidays: ReadonlySet<string>): boolean {
  if (holidays.has(calendarDay)) {
    return false;
  }

  if (rule.days === 'daily') {
    return true;
  }

  const weekday = isoWeekdayOf(calendarDay);
  return rule.days === 'weekdays' ? weekday <= 5 : rule.days.includes(weekday);
}

/**
 * The send instant for one local day, or undefined for a day the zone never had: when a gap
 * swallows the rest of the day (Pacific/Apia skipped 2011-12-30 whole), shifting forward would
 * land on the next day and send twice there.
 */
function sendInstantOn(zone: IANAZone, calendarDay: string, time: WallTime): number | undefined {
  const instant = instantOfWallTime(zone, calendarDay, time);
  return calendarDayInZone(instant, zone) === calendarDay ? instant : undefined;
}

function wallTimeOrThrow(localTime: string): WallTime {
  const time = parseWallTime(localTime);
  if (time === undefined) {
    throw new Error(`localTime "${localTime}" is not "HH:MM"; validate the rule first`);
  }

  return time;
}
