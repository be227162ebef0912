import { DateTime } from 'luxon';

import { readTimezone } from '../../people/roster-fields.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { checkLessonRule, rruleDatesProblem, type Cadence } from './cadence.ts';
import type { PreviewRequest } from './preview.ts';
import { localDate } from './send-times.ts';
import { parseWallTime } from './wall-time.ts';

export interface RawPreviewOptions {
  tz: string;
  at: string;
  days?: string;
  from?: string;
  count?: string | number;
  now: Date;
}

/** The options of a preview, named as both the CLI flags (`--from`) and the query (`from`). */
export type PreviewOption = 'tz' | 'at' | 'days' | 'from' | 'count';

/** One option that cannot be used; the edge names it as a flag or a query parameter. */
export interface PreviewProblem {
  option: PreviewOption;
  message: string;
}

const MAX_COUNT = 366;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** Far enough for any question about a schedule; the calendar arithmetic stops at 9999. */
const EARLIEST_FROM = Date.UTC(1970, 0, 1);
const LATEST_FROM = Date.UTC(3000, 0, 1);

/**
 * Reads the options of a schedule preview as typed by a person (CLI flags, a query string)
 * with the checks an enrolment gets: the learner timezone rules, the strict RRULE check and
 * the "gives two dates within three years" check, so a preview never shows what enrolling
 * would refuse. Returns every problem, each with what to type instead.
 * `days`: "daily" (default), "weekdays", ISO weekdays "1,3,5" or names "mon,wed", or an RRULE
 * body "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO".
 */
export function parsePreviewOptions(
  raw: RawPreviewOptions,
): Result<PreviewRequest, PreviewProblem[]> {
  const problems: PreviewProblem[] = [];
  const zone = readTimezone(raw.tz);
  if (!zone.ok) problems.push({ option: 'tz', message: zone.error });
  if (!parseWallTime(raw.at)) {
    problems.push({
      option: 'at',
      message: `"${raw.at}" must be a 24-hour time HH:MM, such as 09:00`,
    });
  }
  const cadence = cadenceOf(raw.days ?? 'daily');
  if (!cadence.ok) problems.push({ option: 'days', message: cadence.error });
  const from = raw.from === undefined ? ok(raw.now) : instantOf(raw.from);
  if (!from.ok) problems.push({ option: 'from', message: from.error });
  const count = countOf(raw.count);
  if (!count.ok) problems.push({ option: 'count', message: count.error });

  if (!zone.ok || !cadence.ok || !from.ok || !count.ok || problems.length > 0) {
    return err(problems);
  }

  // As at enrolment, a rule must give two dates within three years of its first day.
  if (cadence.value.kind === 'rrule') {
    const firstDay = localDate(from.value, zone.value);
    const sparse = rruleDatesProblem(cadence.value.rule, firstDay, from.value);
    if (sparse) return err([{ option: 'days', message: sparse }]);
  }
  return ok({
    timezone: zone.value,
    localTime: raw.at,
    cadence: cadence.value,
    from: from.value,
    count: count.value,
  });
}

/** A problem as the CLI prints it: `--from: "x" must be ...`. */
export function flagProblem(problem: PreviewProblem): string {
  return `--${problem.option}: ${problem.message}`;
}

const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function cadenceOf(days: string): Result<Cadence, string> {
  const text = days.trim().toLowerCase();
  if (text === 'daily' || text === 'weekdays') return ok({ kind: 'days', days: text });
  // Any "KEY=VALUE" is meant as an RRULE, whatever part comes first.
  if (text.includes('=')) {
    const rule = checkLessonRule(days);
    return rule.ok ? ok({ kind: 'rrule', rule: rule.value }) : rule;
  }

  const weekdays = text.split(',').map((part) => {
    const name = WEEKDAY_NAMES.indexOf(part.trim().slice(0, 3));
    return /^[1-7]$/.test(part.trim()) ? Number(part.trim()) : name + 1;
  });
  if (weekdays.length === 0 || weekdays.some((day) => day < 1 || day > 7)) {
    return err(
      `"${days}" must be daily, weekdays, ISO weekdays like 1,3,5, names like mon,wed, ` +
        'or an RRULE body like FREQ=WEEKLY;BYDAY=MO,TH',
    );
  }
  return ok({ kind: 'days', days: [...new Set(weekdays)].sort() as (1 | 2 | 3 | 4 | 5 | 6 | 7)[] });
}

/** An ISO-8601 instant that says its offset; a bare local time would depend on the host. */
function instantOf(text: string): Result<Date, string> {
  const instant = DateTime.fromISO(text, { setZone: true });
  if (!ISO_INSTANT.test(text) || !instant.isValid) {
    return err(
      `"${text}" must be an ISO-8601 instant with an offset, such as 2026-03-08T00:00:00Z`,
    );
  }
  const epochMs = instant.toMillis();
  if (epochMs < EARLIEST_FROM || epochMs >= LATEST_FROM) {
    return err(`"${text}" must fall between 1970 and 2999`);
  }
  return ok(new Date(epochMs));
}

function countOf(raw: string | number | undefined): Result<number, string> {
  if (raw === undefined) return ok(5);
  const text = String(raw).trim();
  const count = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  return count >= 1 && count <= MAX_COUNT
    ? ok(count)
    : err(`"${raw}" must be a whole number from 1 to ${MAX_COUNT}`);
}
