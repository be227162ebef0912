/**
 * The local dates a checked recurrence rule gives, counted from an anchor date (the course's
 * day 1), with hard bounds. The rrule package is not used here: its expansion has no bound of
 * its own, so a rule whose parts never meet (BYMONTH=2;BYMONTHDAY=30, or DAILY;INTERVAL=7;
 * BYDAY=TU from a Monday) walks day by day to the year 9999, seconds of CPU per call. Here
 * every walk stops at the caller's last date and after MAX_PERIODS periods at most.
 *
 * Semantics follow RFC 5545 §3.3.10 for the parts recurrence-rule.ts accepts, as the rrule
 * package reads them: a missing day part defaults to the anchor's weekday (WEEKLY), day of the
 * month (MONTHLY) or date (YEARLY); the anchor counts only if the rule picks it.
 */
import { calendarDayParts, type IsoWeekday } from './calendar-day.ts';
import type { RecurrenceRule, RuleWeekday } from './recurrence-rule.ts';

/** About 110 years of daily periods, far more than a schedule looks ahead. */
// Limitation: a COUNT rule anchored more than MAX_PERIODS periods ago is read as run out.
const MAX_PERIODS = 40_000;
const DAY_MS = 86_400_000;
/** Dates past the year 9999 cannot be written "YYYY-MM-DD". */
const LAST_DAY = Date.UTC(9999, 11, 31) / DAY_MS;

/** Inclusive local dates "YYYY-MM-DD". */
export interface DateRange {
  readonly from: string;
  readonly through: string;
}

/**
 * The dates the rule gives within `range`, in order, counting periods (and COUNT) from
 * `anchor`. A rule that has run out (COUNT, UNTIL) simply ends.
 * @example [...recurrenceDates(fortnightlyMonThu, '2026-03-02',
 *   { from: '2026-03-03', through: '2026-03-20' })] // ['2026-03-05', '2026-03-16', '2026-03-19']
 */
export function* recurrenceDates(
  rule: RecurrenceRule,
  anchor: string,
  range: DateRange,
): Generator<string, void> {
  const anchorDay = dayNumber(anchor);
  const fromDay = dayNumber(range.from);
  const lastDay = Math.min(dayNumber(range.through), LAST_DAY);
  const untilDay = rule.until === undefined ? Infinity : dayNumber(rule.until);
  const periods = periodsFrom(rule, anchorDay);
  const picks = withDefaults(rule, anchorDay);

  // COUNT counts from the anchor, so only a rule without it may skip to the range.
  const skipped = rule.count === undefined ? periods.indexOf(fromDay) : 0;
  let index = Math.max(0, skipped - (skipped % rule.interval));
  let given = 0;
  for (let walked = 0; walked < MAX_PERIODS; walked += 1, index += rule.interval) {
    const period = periods.at(index);
    if (period.first > lastDay) return;

    for (const day of datesInPeriod(rule, picks, period)) {
      if (day < anchorDay) continue;
      if (day > untilDay || day > lastDay) return;
      given += 1;
      if (day >= fromDay) yield calendarDayOf(day);
      if (given === rule.count) return;
    }
  }
}

/** Days are counted as whole days since 1970-01-01, so date arithmetic is integer. */
function dayNumber(calendarDay: string): number {
  const { year, month, day } = calendarDayParts(calendarDay);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function calendarDayOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

interface DayFacts {
  year: number;
  /** 1 to 12. */
  month: number;
  monthDay: number;
  weekday: IsoWeekday;
  daysInMonth: number;
}

function factsOf(day: number): DayFacts {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const sundayFirst = date.getUTCDay();
  return {
    year,
    month,
    monthDay: date.getUTCDate(),
    weekday: (sundayFirst === 0 ? 7 : sundayFirst) as IsoWeekday,
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

interface Period {
  first: number;
  last: number;
}

/**
 * The rule's periods (a day, a week from WKST, a month, a year), numbered from the one that
 * holds the anchor; the rule uses every INTERVAL-th one.
 */
function periodsFrom(rule: RecurrenceRule, anchorDay: number) {
  const anchor = factsOf(anchorDay);
  const weekStart = anchorDay - ((anchor.weekday - rule.weekStart + 7) % 7);
  const anchorMonth = anchor.year * 12 + anchor.month - 1;
  const monthStart = (months: number) => Date.UTC(Math.floor(months / 12), months % 12, 1) / DAY_MS;

  return {
    at(index: number): Period {
      switch (rule.freq) {
        case 'DAILY':
          return { first: anchorDay + index, last: anchorDay + index };
        case 'WEEKLY':
          return { first: weekStart + 7 * index, last: weekStart + 7 * index + 6 };
        case 'MONTHLY':
          return {
            first: monthStart(anchorMonth + index),
            last: monthStart(anchorMonth + index + 1) - 1,
          };
        case 'YEARLY':
          return {
            first: monthStart((anchor.year + index) * 12),
            last: monthStart((anchor.year + index + 1) * 12) - 1,
          };
      }
    },
    /** The number of the period holding `day`; negative before the anchor's. */
    indexOf(day: number): number {
      const facts = factsOf(day);
      switch (rule.freq) {
        case 'DAILY':
          return day - anchorDay;
        case 'WEEKLY':
          return Math.floor((day - weekStart) / 7);
        case 'MONTHLY':
          return facts.year * 12 + facts.month - 1 - anchorMonth;
        case 'YEARLY':
          return facts.year - anchor.year;
      }
    },
  };
}

interface Picks {
  byMonth: readonly number[];
  byMonthDay: readonly number[];
  byDay: readonly RuleWeekday[];
}

/** A rule with no BYDAY or BYMONTHDAY repeats the anchor's weekday, day or date. */
function withDefaults(rule: RecurrenceRule, anchorDay: number): Picks {
  const picks = { byMonth: rule.byMonth, byMonthDay: rule.byMonthDay, byDay: rule.byDay };
  if (rule.byDay.length > 0 || rule.byMonthDay.length > 0) return picks;

  const anchor = factsOf(anchorDay);
  switch (rule.freq) {
    case 'WEEKLY':
      return { ...picks, byDay: [{ weekday: anchor.weekday }] };
    case 'MONTHLY':
      return { ...picks, byMonthDay: [anchor.monthDay] };
    case 'YEARLY': {
      const byMonth = rule.byMonth.length > 0 ? rule.byMonth : [anchor.month];
      return { byMonth, byMonthDay: [anchor.monthDay], byDay: [] };
    }
    case 'DAILY':
      return picks;
  }
}

/** The period's dates the BY parts pick, in order, then those BYSETPOS keeps. */
function datesInPeriod(rule: RecurrenceRule, picks: Picks, period: Period): number[] {
  const picked: number[] = [];
  for (let day = period.first; day <= period.last; day += 1) {
    if (isPicked(rule, picks, day)) picked.push(day);
  }
  if (rule.bySetPos.length === 0) return picked;

  const kept = rule.bySetPos
    .map((position) => picked.at(position > 0 ? position - 1 : position))
    .filter((day): day is number => day !== undefined);
  return [...new Set(kept)].sort((a, b) => a - b);
}

function isPicked(rule: RecurrenceRule, picks: Picks, day: number): boolean {
  const facts = factsOf(day);
  if (picks.byMonth.length > 0 && !picks.byMonth.includes(facts.month)) return false;
  if (
    picks.byMonthDay.length > 0 &&
    !picks.byMonthDay.some((monthDay) =>
      monthDay > 0
        ? monthDay === facts.monthDay
        : facts.daysInMonth + monthDay + 1 === facts.monthDay,
    )
  ) {
    return false;
  }
  return (
    picks.byDay.length === 0 ||
    picks.byDay.some(
      (item) =>
        item.weekday === facts.weekday &&
        (item.ordinal === undefined || isNthWeekday(rule, item.ordinal, day, facts)),
    )
  );
}

/**
 * Whether `day` is the `ordinal`-th of its weekday (from the end when negative), counted in
 * its month for MONTHLY and for YEARLY with BYMONTH, else in its year (RFC 5545).
 */
function isNthWeekday(rule: RecurrenceRule, ordinal: number, day: number, facts: DayFacts) {
  const inMonth = rule.freq === 'MONTHLY' || rule.byMonth.length > 0;
  const first = inMonth ? day - facts.monthDay + 1 : Date.UTC(facts.year, 0, 1) / DAY_MS;
  const last = inMonth ? first + facts.daysInMonth - 1 : Date.UTC(facts.year, 11, 31) / DAY_MS;
  return ordinal > 0
    ? Math.floor((day - first) / 7) === ordinal - 1
    : Math.floor((last - day) / 7) === -ordinal - 1;
}
