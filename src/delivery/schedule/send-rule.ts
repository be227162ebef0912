import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import { isCalendarDay } from './calendar-day.ts';
import type { IsoWeekday } from './calendar-day.ts';
import { timezoneProblem } from './timezone.ts';
import { parseWallTime } from './wall-time.ts';

/** Which local days receive a send: every day, Monday to Friday, or chosen ISO weekdays. */
export type SendDays = 'daily' | 'weekdays' | readonly IsoWeekday[];

/** When a learner receives lessons, always read on the learner's own clock. */
export interface SendRule {
  /** IANA zone, e.g. "Europe/London"; legacy links such as "US/Eastern" are accepted. */
  readonly timezone: string;
  /** 24-hour local wall time "HH:MM", e.g. "09:00". */
  readonly localTime: string;
  readonly days: SendDays;
  /** Local calendar dates "YYYY-MM-DD" on which nothing is sent. */
  readonly holidays?: readonly string[];
}

const WEEKDAY_HINT = 'whole numbers from 1 (Monday) to 7 (Sunday)';

/**
 * Checks untrusted input (an import row, an API body) and returns a SendRule, or every problem
 * found, each saying what to fix.
 *
 * @example validateSendRule({ timezone: 'Asia/Kolkata', localTime: '09:00', days: 'weekdays' })
 */
export function validateSendRule(input: unknown): Result<SendRule, string[]> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err(['a send rule must be an object with timezone, localTime and days']);
  }

  const fields = input as Record<string, unknown>;
  const problems = [
    timezoneFieldProblem(fields.timezone),
    localTimeFieldProblem(fields.localTime),
    ...daysFieldProblems(fields.days),
    ...holidaysFieldProblems(fields.holidays),
  ].filter((problem): problem is string => problem !== undefined);

  if (problems.length > 0) {
    return err(problems);
  }

  const rule: SendRule = {
    timezone: fields.timezone as string,
    localTime: fields.localTime as string,
    days: fields.days as SendDays,
  };
  return ok(
    fields.holidays === undefined ? rule : { ...rule, holidays: fields.holidays as string[] },
  );
}

function timezoneFieldProblem(timezone: unknown): string | undefined {
  if (typeof timezone !== 'string' || timezone.trim() === '') {
    return 'timezone is missing; give an IANA zone name such as "Europe/London"';
  }

  return timezoneProblem(timezone);
}

function localTimeFieldProblem(localTime: unknown): string | undefined {
  if (typeof localTime === 'string' && parseWallTime(localTime) !== undefined) {
    return undefined;
  }

  const shown = typeof localTime === 'string' ? `"${localTime}"` : String(localTime);
  return `localTime ${shown} must be a 24-hour time "HH:MM", such as "09:00" or "17:30"`;
}

function daysFieldProblems(days: unknown): string[] {
  if (days === 'daily' || days === 'weekdays') {
    return [];
  }

  if (!Array.isArray(days)) {
    return [`days must be "daily", "weekdays" or a list of ISO weekdays, ${WEEKDAY_HINT}`];
  }

  if (days.length === 0) {
    return [
      'days is an empty list, so nothing would ever be sent; ' +
        `list at least one weekday (${WEEKDAY_HINT}) or use "daily"`,
    ];
  }

  return days.flatMap((day: unknown, index) =>
    Number.isInteger(day) && (day as number) >= 1 && (day as number) <= 7
      ? []
      : [`days[${index}] is ${JSON.stringify(day)}; weekdays are ${WEEKDAY_HINT}`],
  );
}

function holidaysFieldProblems(holidays: unknown): string[] {
  if (holidays === undefined) {
    return [];
  }

  if (!Array.isArray(holidays)) {
    return ['holidays must be a list of local dates "YYYY-MM-DD", or left out'];
  }

  return holidays.flatMap((holiday: unknown, index) =>
    typeof holiday === 'string' && isCalendarDay(holiday)
      ? []
      : [`holidays[${index}] ${JSON.stringify(holiday)} is not a real date "YYYY-MM-DD"`],
  );
}
