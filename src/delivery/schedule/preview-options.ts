import { err, ok, type Result } from '../../shared/result.ts';
import { rruleProblem, type Cadence } from './cadence.ts';
import type { PreviewRequest } from './preview.ts';
import { canonicalZone, timezoneProblem } from './timezone.ts';
import { parseWallTime } from './wall-time.ts';

export interface RawPreviewOptions {
  tz: string;
  at: string;
  days?: string;
  from?: string;
  count?: string | number;
  now: Date;
}

const MAX_COUNT = 366;

/**
 * Reads the options of a schedule preview as typed by a person (CLI flags, a query string),
 * returning every problem with what to type instead.
 * `days`: "daily" (default), "weekdays", ISO weekdays "1,3,5" or names "mon,wed", or an RRULE
 * body "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO".
 */
export function parsePreviewOptions(raw: RawPreviewOptions): Result<PreviewRequest, string[]> {
  const problems: string[] = [];
  const zoneProblem = timezoneProblem(raw.tz);
  if (zoneProblem) problems.push(zoneProblem);
  if (!parseWallTime(raw.at)) problems.push(`--at "${raw.at}" must be a 24-hour time HH:MM`);

  const cadence = cadenceOf(raw.days ?? 'daily');
  if (!cadence.ok) problems.push(cadence.error);

  const from = raw.from === undefined ? raw.now : new Date(raw.from);
  if (
    raw.from !== undefined &&
    (Number.isNaN(from.getTime()) || !/(Z|[+-]\d\d:?\d\d)$/.test(raw.from))
  ) {
    problems.push(
      `--from "${raw.from}" must be an ISO-8601 instant with an offset, ` +
        'such as 2026-03-08T00:00:00Z',
    );
  }
  const count = raw.count === undefined ? 5 : Number(raw.count);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    problems.push(`--count must be a whole number from 1 to ${MAX_COUNT}`);
  }

  if (problems.length > 0 || !cadence.ok) return err(problems);
  return ok({
    timezone: canonicalZone(raw.tz),
    localTime: raw.at,
    cadence: cadence.value,
    from,
    count,
  });
}

const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function cadenceOf(days: string): Result<Cadence, string> {
  const text = days.trim().toLowerCase();
  if (text === 'daily' || text === 'weekdays') return ok({ kind: 'days', days: text });
  if (/^(rrule:)?freq=/i.test(days.trim())) {
    const problem = rruleProblem(days.trim());
    return problem ? err(problem) : ok({ kind: 'rrule', rule: days.trim() });
  }

  const weekdays = text.split(',').map((part) => {
    const name = WEEKDAY_NAMES.indexOf(part.trim().slice(0, 3));
    return /^[1-7]$/.test(part.trim()) ? Number(part.trim()) : name + 1;
  });
  if (weekdays.length === 0 || weekdays.some((day) => day < 1 || day > 7)) {
    return err(
      `--days "${days}" must be daily, weekdays, ISO weekdays like 1,3,5, names like mon,wed, ` +
        'or an RRULE body like FREQ=WEEKLY;BYDAY=MO,TH',
    );
  }
  return ok({ kind: 'days', days: [...new Set(weekdays)].sort() as (1 | 2 | 3 | 4 | 5 | 6 | 7)[] });
}
