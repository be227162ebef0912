/**
 * Reads the RFC 5545 recurrence rules (§3.3.10) a lesson cadence may use, strictly, so that no
 * text a person typed reaches date expansion unchecked: a negative or zero INTERVAL would step
 * backwards or stand still forever, and a misspelt part used to crash deep inside the library.
 * Only the parts that pick dates are read; the send time and zone come from the enrolment.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import { isCalendarDay, type IsoWeekday } from './calendar-day.ts';

/** More often than daily is refused: a learner gets at most one lesson a day. */
export const RULE_FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type RuleFrequency = (typeof RULE_FREQUENCIES)[number];

/** One BYDAY item: `MO` (every Monday) or, for MONTHLY and YEARLY, `+1MO` / `-1FR`. */
export interface RuleWeekday {
  readonly weekday: IsoWeekday;
  /** 1 = the first in the month or year, -1 = the last. */
  readonly ordinal?: number;
}

export interface RecurrenceRule {
  /** The rule as read: upper case, without the "RRULE:" prefix or spaces. */
  readonly text: string;
  readonly freq: RuleFrequency;
  readonly interval: number;
  readonly byDay: readonly RuleWeekday[];
  readonly byMonthDay: readonly number[];
  readonly byMonth: readonly number[];
  readonly bySetPos: readonly number[];
  readonly weekStart: IsoWeekday;
  readonly count?: number;
  /** The last local date "YYYY-MM-DD" the rule may give, inclusive. */
  readonly until?: string;
}

export const MAX_INTERVAL = 366;
export const MAX_RULE_LENGTH = 500;
const MAX_COUNT = 10_000;

/** RFC 5545 weekday codes, in ISO order: index + 1 is the ISO weekday. */
const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const SUB_DAILY = ['HOURLY', 'MINUTELY', 'SECONDLY'];
const READ_PARTS = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'WKST'];
const LIMIT_PARTS = ['COUNT', 'UNTIL'];
/** Kept for rules written when the docs said they are ignored; the send time still wins. */
const TIME_PARTS: Record<string, number> = { BYHOUR: 23, BYMINUTE: 59, BYSECOND: 60 };
const KNOWN_PARTS = [...READ_PARTS, ...LIMIT_PARTS, ...Object.keys(TIME_PARTS)];
const REFUSED_PARTS: Record<string, string | undefined> = {
  BYYEARDAY: 'BYYEARDAY is not supported; pick dates with BYMONTH, BYMONTHDAY and BYDAY',
  BYWEEKNO: 'BYWEEKNO is not supported; pick dates with BYMONTH, BYMONTHDAY and BYDAY',
};
const WEEKDAY_HELP = 'weekday codes MO, TU, WE, TH, FR, SA or SU';

/**
 * Reads an RRULE body such as "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH" (an "RRULE:" prefix and
 * any letter case are accepted), or says what is wrong and in which part.
 * @example parseRecurrenceRule('freq=weekly;interval=-1').error
 *   // 'RRULE "freq=weekly;interval=-1": INTERVAL must be a whole number from 1 to 366, got "-1"'
 */
export function parseRecurrenceRule(input: string): Result<RecurrenceRule, string> {
  const shown = input.trim();
  const problem = (what: string) => err(`RRULE "${shown}": ${what}`);
  if (shown.length > MAX_RULE_LENGTH) {
    return err(`RRULE is ${shown.length} characters long; at most ${MAX_RULE_LENGTH} are read`);
  }
  if (shown.replace(/^RRULE:/i, '') === '') {
    return err('RRULE is empty; give at least FREQ, such as FREQ=WEEKLY;BYDAY=MO');
  }
  if (/DTSTART|TZID|[\r\n]/i.test(shown)) {
    return problem(
      'give only the RRULE body (FREQ=...); the start date and zone come from the enrolment',
    );
  }

  const parts = readParts(shown.replace(/^RRULE:/i, ''));
  if (!parts.ok) return problem(parts.error);
  const values = parts.value;

  const freq = values.get('FREQ');
  if (freq === undefined) return problem('FREQ is missing; start with FREQ=DAILY or FREQ=WEEKLY');
  if (SUB_DAILY.includes(freq)) {
    return err(
      `RRULE "${shown}" repeats more than once a day; FREQ must be DAILY, WEEKLY, MONTHLY ` +
        'or YEARLY, as a learner gets at most one lesson a day',
    );
  }
  if (!isFrequency(freq)) {
    return problem(`FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, got "${freq}"`);
  }

  const read = readValues(freq, values);
  return read.ok ? ok({ ...read.value, text: normalText(values) }) : problem(read.error);
}

/** Splits "KEY=VALUE;KEY=VALUE" into upper-case parts, refusing unknown and repeated keys. */
function readParts(body: string): Result<Map<string, string>, string> {
  const values = new Map<string, string>();
  const parts = body.split(';').map((part) => part.trim());
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();

  for (const [index, part] of parts.entries()) {
    const [, name, text] = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(part) ?? [];
    if (name === undefined || text === undefined) {
      return err(`part ${index + 1} "${part}" is not KEY=VALUE, such as FREQ=WEEKLY`);
    }
    const key = name.toUpperCase();
    const value = text.toUpperCase().replace(/\s+/g, '');
    const refused = REFUSED_PARTS[key];
    if (refused !== undefined) return err(refused);
    if (!KNOWN_PARTS.includes(key)) {
      return err(`"${name}" is not a part a lesson cadence can use; use ${READ_PARTS.join(', ')}`);
    }
    if (values.has(key)) return err(`${key} is given twice; give each part once`);
    values.set(key, value);
  }
  return ok(values);
}

type RuleParts = Omit<RecurrenceRule, 'text'>;

function readValues(freq: RuleFrequency, values: Map<string, string>): Result<RuleParts, string> {
  const list = (key: string) => (values.has(key) ? (values.get(key) ?? '').split(',') : []);
  const single = (key: string) => (values.has(key) ? [values.get(key) ?? ''] : []);
  const interval = wholeNumbers('INTERVAL', single('INTERVAL'), 'a whole number', 1, MAX_INTERVAL);
  if (!interval.ok) return interval;
  const count = wholeNumbers('COUNT', single('COUNT'), 'a whole number', 1, MAX_COUNT);
  if (!count.ok) return count;
  const byMonth = wholeNumbers('BYMONTH', list('BYMONTH'), 'months', 1, 12);
  if (!byMonth.ok) return byMonth;
  const byMonthDay = wholeNumbers('BYMONTHDAY', list('BYMONTHDAY'), 'days', 1, 31, true);
  if (!byMonthDay.ok) return byMonthDay;
  const bySetPos = wholeNumbers('BYSETPOS', list('BYSETPOS'), 'positions', 1, 366, true);
  if (!bySetPos.ok) return bySetPos;
  for (const [key, max] of Object.entries(TIME_PARTS)) {
    const time = wholeNumbers(key, list(key), 'whole numbers', 0, max);
    if (!time.ok) return time;
  }
  const weekStart = readWeekStart(values.get('WKST'));
  if (!weekStart.ok) return weekStart;
  const byDay = readByDay(list('BYDAY'), freq, byMonth.value.length > 0);
  if (!byDay.ok) return byDay;
  const until = readUntil(values.get('UNTIL'));
  if (!until.ok) return until;

  if (freq === 'WEEKLY' && byMonthDay.value.length > 0) {
    return err('BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545); use FREQ=MONTHLY');
  }
  if (bySetPos.value.length > 0 && byDay.value.length + byMonthDay.value.length === 0) {
    return err('BYSETPOS needs BYDAY or BYMONTHDAY to pick from, as in BYDAY=MO,TU;BYSETPOS=1');
  }
  if (count.value.length > 0 && until.value !== undefined) {
    return err('give COUNT or UNTIL, not both (RFC 5545)');
  }
  return ok({
    freq,
    interval: interval.value[0] ?? 1,
    byDay: byDay.value,
    byMonthDay: byMonthDay.value,
    byMonth: byMonth.value,
    bySetPos: bySetPos.value,
    weekStart: weekStart.value,
    count: count.value[0],
    until: until.value,
  });
}

/**
 * Whole numbers from `min` to `max`, or also from -max to -min where RFC 5545 lets them count
 * back from the end of the month or set.
 */
function wholeNumbers(
  key: string,
  items: readonly string[],
  what: string,
  min: number,
  max: number,
  countsBack = false,
): Result<number[], string> {
  const range = countsBack ? `${min} to ${max}, or -${max} to -${min}` : `${min} to ${max}`;
  const numbers: number[] = [];
  for (const item of items) {
    const number = /^[+-]?\d{1,6}$/.test(item) ? Number(item) : Number.NaN;
    const size = Math.abs(number);
    if (!(size >= min && size <= max) || (number < 0 && !countsBack)) {
      return err(`${key} must be ${what} from ${range}, got "${item}"`);
    }
    if (!numbers.includes(number)) numbers.push(number);
  }
  return ok(numbers);
}

function readWeekStart(value: string | undefined): Result<IsoWeekday, string> {
  if (value === undefined) return ok(1);
  const index = WEEKDAY_CODES.indexOf(value as (typeof WEEKDAY_CODES)[number]);
  return index < 0
    ? err(`WKST must be one of the ${WEEKDAY_HELP}, got "${value}"`)
    : ok((index + 1) as IsoWeekday);
}

/**
 * RFC 5545 allows a number before the weekday only with MONTHLY and YEARLY; it counts within
 * the month, or within the year for YEARLY without BYMONTH.
 */
function readByDay(
  items: readonly string[],
  freq: RuleFrequency,
  hasByMonth: boolean,
): Result<RuleWeekday[], string> {
  const maxOrdinal = freq === 'YEARLY' && !hasByMonth ? 53 : 5;
  const scope = maxOrdinal === 53 ? 'a year' : 'a month';
  const days: RuleWeekday[] = [];
  for (const item of items) {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
    const index = WEEKDAY_CODES.indexOf(match?.[2] as (typeof WEEKDAY_CODES)[number]);
    if (match === null || index < 0) {
      return err(
        `BYDAY items must be ${WEEKDAY_HELP}, each with an optional number as in +1MO ` +
          `or -1FR, got "${item}"`,
      );
    }
    const weekday = (index + 1) as IsoWeekday;
    if (match[1] === undefined) {
      days.push({ weekday });
      continue;
    }
    const ordinal = Number(match[1]);
    if (freq === 'DAILY' || freq === 'WEEKLY') {
      return err(
        `BYDAY "${item}" has a number, which only FREQ=MONTHLY or YEARLY allows; ` +
          `give ${match[2]}`,
      );
    }
    if (ordinal === 0 || Math.abs(ordinal) > maxOrdinal) {
      return err(
        `BYDAY "${item}": ${scope} has at most ${maxOrdinal} of each weekday; give +1 to ` +
          `+${maxOrdinal}, or -1 to -${maxOrdinal} counting from the end`,
      );
    }
    days.push({ weekday, ordinal });
  }
  return ok(days);
}

/** UNTIL as a date (20261231) or a UTC time (20261231T235959Z); only its date is used. */
function readUntil(value: string | undefined): Result<string | undefined, string> {
  if (value === undefined) return ok(undefined);
  const match = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(value);
  const day = match === null ? '' : `${match[1]}-${match[2]}-${match[3]}`;
  if (!isCalendarDay(day)) {
    return err(`UNTIL must be a date YYYYMMDD or a time YYYYMMDDTHHMMSSZ, got "${value}"`);
  }
  return ok(day);
}

function isFrequency(text: string): text is RuleFrequency {
  return (RULE_FREQUENCIES as readonly string[]).includes(text);
}

function normalText(values: ReadonlyMap<string, string>): string {
  return [...values].map(([key, value]) => `${key}=${value}`).join(';');
}
