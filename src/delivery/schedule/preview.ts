import { DateTime } from 'luxon';

import { nextLessonInstant, type Cadence } from './cadence.ts';
import { learnerZone } from './timezone.ts';

export interface PreviewRequest {
  timezone: string;
  localTime: string;
  cadence: Cadence;
  from: Date;
  count: number;
  startsOn?: string;
  holidays?: readonly string[];
}

/** One upcoming send: the UTC instant and the same instant on the learner's clock. */
export interface PreviewedSend {
  utc: string;
  local: string;
}

/**
 * The next `count` send instants after `from`, for "when will this person get their next
 * lesson?" without reading code.
 *
 * @example previewSends({ timezone: 'Asia/Kathmandu', localTime: '09:00',
 *   cadence: { kind: 'days', days: 'daily' }, from: new Date('2025-06-01T12:00Z'), count: 1 })
 *   // [{ utc: '2025-06-02T03:15:00Z', local: '2025-06-02T09:00:00+05:45' }]
 */
export function previewSends(request: PreviewRequest): PreviewedSend[] {
  const zone = learnerZone(request.timezone);
  const sends: PreviewedSend[] = [];
  let after = request.from;

  for (let lesson = 1; lesson <= request.count; lesson += 1) {
    const instant = nextLessonInstant(
      {
        timezone: request.timezone,
        localTime: request.localTime,
        cadence: request.cadence,
        startsOn: request.startsOn,
        holidays: request.holidays,
      },
      after,
      lesson,
    );
    sends.push({
      utc:
        DateTime.fromJSDate(instant, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) ?? '',
      local:
        DateTime.fromJSDate(instant, { zone }).toISO({
          suppressMilliseconds: true,
          includeOffset: true,
        }) ?? '',
    });
    after = instant;
  }
  return sends;
}
