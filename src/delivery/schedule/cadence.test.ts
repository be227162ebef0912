import { afterEach, describe, expect, it } from 'vitest';

import {
  nextLessonInstant,
  validateCadence,
  type Cadence,
  type LessonSchedule,
} from './cadence.ts';
import { previewSends } from './preview.ts';
import { endOfQuietHours, isInQuietHours, isInsideWindow } from './send-window.ts';
import { canonicalZone } from './timezone.ts';

const schedule = (
  timezone: string,
  cadence: Cadence,
  extra: Partial<LessonSchedule> = {},
): LessonSchedule => ({ timezone, localTime: '09:00', cadence, ...extra });

const daily: Cadence = { kind: 'days', days: 'daily' };

/** The next `count` sends, each after the previous one, as UTC strings. */
const sends = (lessons: LessonSchedule, from: string, count: number): string[] => {
  const instants: string[] = [];
  let after = new Date(from);
  for (let lesson = 1; lesson <= count; lesson += 1) {
    after = nextLessonInstant(lessons, after, lesson);
    instants.push(after.toISOString());
  }
  return instants;
};

describe('pitfall SCH-01: daily 09:00 New York over both 2025 changes, any host zone', () => {
  const hostZone = process.env.TZ;
  afterEach(() => {
    if (hostZone === undefined) delete process.env.TZ;
    else process.env.TZ = hostZone;
  });

  it.each(['UTC', 'Europe/London'])('gives the same instants with TZ=%s', (zone) => {
    process.env.TZ = zone;
    const newYork = schedule('America/New_York', daily);

    expect(sends(newYork, '2025-03-07T00:00:00Z', 5)).toEqual([
      '2025-03-07T14:00:00.000Z',
      '2025-03-08T14:00:00.000Z',
      '2025-03-09T13:00:00.000Z',
      '2025-03-10T13:00:00.000Z',
      '2025-03-11T13:00:00.000Z',
    ]);
    expect(sends(newYork, '2025-10-31T00:00:00Z', 4)).toEqual([
      '2025-10-31T13:00:00.000Z',
      '2025-11-01T13:00:00.000Z',
      '2025-11-02T14:00:00.000Z',
      '2025-11-03T14:00:00.000Z',
    ]);
  });

  it('gives the same instants through an RRULE as through "daily"', () => {
    const viaRrule = schedule('America/New_York', { kind: 'rrule', rule: 'FREQ=DAILY' });

    expect(sends(viaRrule, '2025-03-07T00:00:00Z', 5)).toEqual(
      sends(schedule('America/New_York', daily), '2025-03-07T00:00:00Z', 5),
    );
  });
});

describe('pitfall SCH-03: part-hour offsets and legacy zone names', () => {
  it('sends 09:00 in Kathmandu at 03:15 UTC, shown with the +05:45 offset', () => {
    expect(
      previewSends({
        timezone: 'Asia/Kathmandu',
        localTime: '09:00',
        cadence: daily,
        from: new Date('2025-06-01T12:00:00Z'),
        count: 1,
      }),
    ).toEqual([{ utc: '2025-06-02T03:15:00Z', local: '2025-06-02T09:00:00+05:45' }]);
  });

  it('accepts Asia/Katmandu from an import, stores it as Asia/Kathmandu, same instant', () => {
    expect(canonicalZone('Asia/Katmandu')).toBe('Asia/Kathmandu');
    expect(sends(schedule('Asia/Katmandu', daily), '2025-06-01T12:00:00Z', 1)).toEqual([
      '2025-06-02T03:15:00.000Z',
    ]);
  });

  it.each([
    ['2025-06-01T12:00:00Z', '2025-06-01T20:15:00.000Z', '+12:45'],
    ['2025-12-01T12:00:00Z', '2025-12-01T19:15:00.000Z', '+13:45'],
  ])('sends 09:00 on the Chatham Islands after %s at %s (%s)', (from, expected, offset) => {
    const [send] = previewSends({
      timezone: 'Pacific/Chatham',
      localTime: '09:00',
      cadence: daily,
      from: new Date(from),
      count: 1,
    });

    expect(`${send?.utc.replace('Z', '.000Z')}`).toBe(expected);
    expect(send?.local.endsWith(offset)).toBe(true);
  });
});

describe('cadences', () => {
  it('sends on the chosen weekdays only (Tuesday and Thursday) in Sydney', () => {
    const tueThu = schedule('Australia/Sydney', { kind: 'days', days: [2, 4] });

    expect(sends(tueThu, '2026-06-14T00:00:00Z', 3)).toEqual([
      '2026-06-15T23:00:00.000Z',
      '2026-06-17T23:00:00.000Z',
      '2026-06-22T23:00:00.000Z',
    ]);
  });

  it('follows an RRULE every other week on Monday and Thursday from the start date', () => {
    const fortnightly = schedule(
      'Europe/Berlin',
      { kind: 'rrule', rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH' },
      { startsOn: '2026-03-02' },
    );

    expect(sends(fortnightly, '2026-03-01T00:00:00Z', 5)).toEqual([
      '2026-03-02T08:00:00.000Z',
      '2026-03-05T08:00:00.000Z',
      '2026-03-16T08:00:00.000Z',
      '2026-03-19T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('goes on daily when an RRULE runs out, rather than stopping the course', () => {
    const twice = schedule(
      'Europe/Berlin',
      { kind: 'rrule', rule: 'FREQ=WEEKLY;COUNT=2;BYDAY=MO' },
      { startsOn: '2026-03-02' },
    );

    expect(sends(twice, '2026-03-01T00:00:00Z', 4)).toEqual([
      '2026-03-02T08:00:00.000Z',
      '2026-03-09T08:00:00.000Z',
      '2026-03-10T08:00:00.000Z',
      '2026-03-11T08:00:00.000Z',
    ]);
  });

  it('moves a weekly RRULE 02:30 send on spring-forward Sunday to 03:30 (RFC 5545)', () => {
    const sundays = schedule(
      'America/New_York',
      { kind: 'rrule', rule: 'FREQ=WEEKLY;BYDAY=SU' },
      { localTime: '02:30', startsOn: '2026-03-01' },
    );

    expect(sends(sundays, '2026-03-01T00:00:00Z', 3)).toEqual([
      '2026-03-01T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-15T06:30:00.000Z',
    ]);
  });

  it('sends onboarding lessons on days 1, 7 and 30 after the hire date, then daily', () => {
    const onboarding = schedule(
      'America/Chicago',
      { kind: 'onboarding', dayNumbers: [1, 7, 30] },
      { startsOn: '2026-03-02' },
    );

    expect(sends(onboarding, '2026-02-20T00:00:00Z', 4)).toEqual([
      '2026-03-02T15:00:00.000Z',
      '2026-03-08T14:00:00.000Z',
      '2026-03-31T14:00:00.000Z',
      '2026-04-01T14:00:00.000Z',
    ]);
  });

  it('moves an onboarding day that is a holiday to the next day', () => {
    const onboarding = schedule(
      'Europe/London',
      { kind: 'onboarding', dayNumbers: [1, 7] },
      { startsOn: '2026-12-19', holidays: ['2026-12-25'] },
    );

    expect(nextLessonInstant(onboarding, new Date('2026-12-20T00:00:00Z'), 2).toISOString()).toBe(
      '2026-12-26T09:00:00.000Z',
    );
  });

  it('sends nothing before the start date, then at the first slot on it', () => {
    const later = schedule('Asia/Tokyo', daily, { startsOn: '2026-07-01' });

    expect(sends(later, '2026-06-15T00:00:00Z', 2)).toEqual([
      '2026-07-01T00:00:00.000Z',
      '2026-07-02T00:00:00.000Z',
    ]);
  });

  it('skips organization holidays read as the learner local dates', () => {
    const weekdays = schedule(
      'America/New_York',
      { kind: 'days', days: 'weekdays' },
      { holidays: ['2026-07-03'] },
    );

    expect(sends(weekdays, '2026-07-02T14:00:00Z', 2)).toEqual([
      '2026-07-06T13:00:00.000Z',
      '2026-07-07T13:00:00.000Z',
    ]);
  });

  it('refuses RRULEs that carry their own start, repeat hourly, or do not parse', () => {
    expect(validateCadence({ kind: 'rrule', rule: 'FREQ=HOURLY' }).ok).toBe(false);
    expect(validateCadence({ kind: 'rrule', rule: 'DTSTART:20260101T000000Z' }).ok).toBe(false);
    expect(validateCadence({ kind: 'rrule', rule: 'FREQ=SOMETIMES' }).ok).toBe(false);
    expect(validateCadence({ kind: 'onboarding', dayNumbers: [7, 1] }).ok).toBe(false);
    expect(validateCadence({ kind: 'rrule', rule: 'FREQ=WEEKLY;BYDAY=MO' })).toEqual({
      ok: true,
      value: { kind: 'rrule', rule: 'FREQ=WEEKLY;BYDAY=MO' },
    });
  });
});

describe('quiet hours and send windows, on the learner clock', () => {
  const night = { start: '21:00', end: '07:00' };

  it.each([
    ['2026-06-15T07:00:00Z', 'America/New_York', true],
    ['2026-06-15T11:00:00Z', 'America/New_York', false],
    ['2026-06-15T01:14:00Z', 'Asia/Kathmandu', true],
    ['2026-06-15T01:15:00Z', 'Asia/Kathmandu', false],
    ['2026-06-14T15:15:00Z', 'Asia/Kathmandu', true],
  ])('at %s in %s, quiet is %s', (instant, zone, quiet) => {
    expect(isInQuietHours(new Date(instant), zone, night)).toBe(quiet);
  });

  it('holds a 03:00 send until 07:00 the same local morning, never sooner', () => {
    expect(
      endOfQuietHours(new Date('2026-06-15T07:00:00Z'), 'America/New_York', night).toISOString(),
    ).toBe('2026-06-15T11:00:00.000Z');
    expect(
      endOfQuietHours(new Date('2026-06-15T02:00:00Z'), 'America/New_York', night).toISOString(),
    ).toBe('2026-06-15T11:00:00.000Z');
  });

  it('leaves an instant outside quiet hours as it is', () => {
    const noon = new Date('2026-06-15T16:00:00Z');
    expect(endOfQuietHours(noon, 'America/New_York', night)).toBe(noon);
  });

  it('keeps a window open from the slot to its last minute, inclusive', () => {
    const slot = new Date('2026-06-15T13:00:00Z');
    expect(isInsideWindow(new Date('2026-06-15T17:00:00Z'), slot, 240)).toBe(true);
    expect(isInsideWindow(new Date('2026-06-15T17:00:00.001Z'), slot, 240)).toBe(false);
    expect(isInsideWindow(new Date('2026-06-15T12:59:59Z'), slot, 240)).toBe(false);
  });
});
