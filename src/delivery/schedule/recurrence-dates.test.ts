import rrule from 'rrule';
import { describe, expect, it } from 'vitest';

import { nextLessonInstant, rruleDatesProblem, type LessonSchedule } from './cadence.ts';
import { recurrenceDates } from './recurrence-dates.ts';
import { parseRecurrenceRule, type RecurrenceRule } from './recurrence-rule.ts';

const { RRule } = rrule;

const ruleOf = (text: string): RecurrenceRule => {
  const parsed = parseRecurrenceRule(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

const datesOf = (text: string, anchor: string, through: string, from = anchor): string[] => [
  ...recurrenceDates(ruleOf(text), anchor, { from, through }),
];

/** The rrule package's reading of the same rule, as the reference for common rules. */
const rrulePackageDates = (text: string, anchor: string, through: string): string[] =>
  new RRule({ ...RRule.parseString(text), dtstart: new Date(`${anchor}T00:00:00Z`) })
    .between(new Date(`${anchor}T00:00:00Z`), new Date(`${through}T00:00:00Z`), true)
    .map((date) => date.toISOString().slice(0, 10));

const elapsedMs = (work: () => void): number => {
  const start = performance.now();
  work();
  return performance.now() - start;
};

describe('the dates a recurrence rule gives', () => {
  const rules = [
    'FREQ=DAILY',
    'FREQ=DAILY;INTERVAL=3',
    'FREQ=DAILY;BYDAY=MO,WE,FR',
    'FREQ=DAILY;BYMONTHDAY=1,15,-1',
    'FREQ=WEEKLY',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU',
    'FREQ=WEEKLY;BYDAY=SA;BYMONTH=6,7',
    'FREQ=MONTHLY',
    'FREQ=MONTHLY;BYMONTHDAY=31',
    'FREQ=MONTHLY;BYDAY=-1FR',
    'FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO',
    'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1',
    'FREQ=YEARLY',
    'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
    'FREQ=YEARLY;BYDAY=20MO',
    'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'FREQ=YEARLY;INTERVAL=2;BYMONTH=11;BYDAY=TH;BYSETPOS=4',
    'FREQ=WEEKLY;COUNT=5;BYDAY=MO,FR',
    'FREQ=DAILY;UNTIL=20260320',
  ];
  const anchors = ['2026-03-02', '2026-03-04', '2026-01-31', '2024-02-29', '2027-12-31'];
  const cases = rules.flatMap((rule) => anchors.map((anchor) => [rule, anchor] as const));

  it.each(cases)('gives what the rrule package gives for %s from %s', (rule, anchor) => {
    expect(datesOf(rule, anchor, '2031-12-31')).toEqual(
      rrulePackageDates(rule, anchor, '2031-12-31'),
    );
  });

  it.each(rules)('gives the same dates when asked from later on: %s', (rule) => {
    const all = datesOf(rule, '2026-03-04', '2031-12-31');

    expect(datesOf(rule, '2026-03-04', '2031-12-31', '2029-05-17')).toEqual(
      all.filter((day) => day >= '2029-05-17'),
    );
  });

  it('reads BYDAY=MO,+1FR as every Monday and the first Friday (RFC 5545)', () => {
    expect(datesOf('FREQ=MONTHLY;BYDAY=MO,+1FR', '2026-03-01', '2026-03-31')).toEqual([
      '2026-03-02',
      '2026-03-06',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
    ]);
  });

  it('stops at the last date asked for', () => {
    expect(datesOf('FREQ=DAILY', '2026-03-02', '2026-03-04')).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
    ]);
    expect(datesOf('FREQ=DAILY', '9999-12-30', '9999-12-31')).toEqual(['9999-12-30', '9999-12-31']);
  });
});

describe('bounded search: no rule keeps the process busy', () => {
  it.each([
    // The rrule package walks these day by day to the year 9999: 10 s and more per call.
    'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
    'FREQ=DAILY;INTERVAL=7;BYDAY=TU',
    'FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2',
    'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31',
  ])('gives no date for %s, quickly', (rule) => {
    let dates: string[] = [];
    const took = elapsedMs(() => {
      dates = datesOf(rule, '2026-03-02', '2029-03-02');
    });

    expect(dates).toEqual([]);
    expect(took).toBeLessThan(1_000);
  });

  it('ends a COUNT rule anchored a century ago after a bounded walk', () => {
    const took = elapsedMs(() => {
      datesOf('FREQ=DAILY;COUNT=10000;BYMONTH=2;BYMONTHDAY=30', '1900-01-01', '2029-03-02');
    });

    expect(took).toBeLessThan(2_000);
  });

  it.each([
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'it gives none at all'],
    ['FREQ=DAILY;INTERVAL=7;BYDAY=TU', 'it gives none at all'],
    ['FREQ=YEARLY;INTERVAL=4', 'choose a rule that repeats more often'],
  ])('refuses %s before enrolment: %s', (rule, why) => {
    const problem = rruleDatesProblem(rule, '2026-03-02', new Date('2026-03-01T00:00:00Z'));

    expect(problem).toContain(
      `RRULE "${rule}" gives no two dates within three years from 2026-03-02`,
    );
    expect(problem).toContain(why);
  });

  it('accepts a rule that gives two dates, counted from the start date', () => {
    const now = new Date('2026-03-01T00:00:00Z');

    expect(rruleDatesProblem('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', '2026-03-02', now)).toBeUndefined();
    expect(rruleDatesProblem('freq=monthly;byday=-1fr', undefined, now)).toBeUndefined();
  });
});

describe('stored rules, read by the delivery tick', () => {
  const schedule = (rule: string): LessonSchedule => ({
    timezone: 'Europe/Berlin',
    localTime: '09:00',
    cadence: { kind: 'rrule', rule },
    startsOn: '2026-03-02',
  });
  const next = (rule: string) =>
    nextLessonInstant(schedule(rule), new Date('2026-03-03T00:00:00Z'), 2).toISOString();

  it('follows a lower-case rule (it threw a TypeError inside the rrule package)', () => {
    expect(next('freq=weekly;byday=th')).toBe('2026-03-05T08:00:00.000Z');
  });

  it.each(['FREQ=WEEKLY;INTERVAL=-1', 'FREQ=WEEKLY;INTERVAL=0', 'FREQ=WEEKLY;BYDAY=XX'])(
    'goes on daily rather than hang or throw for %s, saved before the strict check',
    (rule) => {
      expect(next(rule)).toBe('2026-03-03T08:00:00.000Z');
    },
  );

  it('goes on daily, quickly, when a rule never gives a date', () => {
    let instant = '';
    const took = elapsedMs(() => {
      instant = next('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30');
    });

    expect(instant).toBe('2026-03-03T08:00:00.000Z');
    expect(took).toBeLessThan(1_000);
  });
});
