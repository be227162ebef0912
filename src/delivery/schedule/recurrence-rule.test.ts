import { describe, expect, it } from 'vitest';

import { checkLessonRule, validateCadence } from './cadence.ts';
import { parseRecurrenceRule } from './recurrence-rule.ts';

const problemOf = (rule: string): string => {
  const parsed = parseRecurrenceRule(rule);
  return parsed.ok ? `accepted as ${parsed.value.text}` : parsed.error;
};

describe('reading an RRULE strictly, before any date is expanded', () => {
  it.each([
    // The rules that hung the process at 100% CPU.
    ['FREQ=WEEKLY;INTERVAL=-1', 'INTERVAL must be a whole number from 1 to 366, got "-1"'],
    ['FREQ=WEEKLY;INTERVAL=0', 'INTERVAL must be a whole number from 1 to 366, got "0"'],
    ['FREQ=WEEKLY;INTERVAL=abc', 'INTERVAL must be a whole number from 1 to 366, got "ABC"'],
    ['FREQ=DAILY;INTERVAL=367', 'INTERVAL must be a whole number from 1 to 366, got "367"'],
    ['FREQ=DAILY;INTERVAL=1,2', 'INTERVAL must be a whole number from 1 to 366, got "1,2"'],
    // The rules that crashed inside the library with a TypeError.
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY items must be weekday codes MO, TU, WE, TH, FR, SA or SU'],
    ['freq=weekly;byday=xx', 'got "XX"'],
    ['FREQ=WEEKLY;BYDAY=MO,', 'BYDAY items must be weekday codes'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=abc', 'BYSETPOS must be positions from 1 to 366'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0', 'got "0"'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367', 'got "367"'],
    // Each part in its range.
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY must be days from 1 to 31, or -31 to -1'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'BYMONTHDAY must be days from 1 to 31, or -31 to -1'],
    ['FREQ=YEARLY;BYMONTH=13', 'BYMONTH must be months from 1 to 12, got "13"'],
    ['FREQ=YEARLY;BYMONTH=-1', 'BYMONTH must be months from 1 to 12, got "-1"'],
    ['FREQ=WEEKLY;WKST=XX', 'WKST must be one of the weekday codes'],
    ['FREQ=DAILY;UNTIL=20260230', 'UNTIL must be a date YYYYMMDD'],
    ['FREQ=DAILY;COUNT=-3', 'COUNT must be a whole number from 1 to 10000, got "-3"'],
    ['FREQ=DAILY;BYHOUR=24', 'BYHOUR must be whole numbers from 0 to 23, got "24"'],
    // Numbers before a weekday, as RFC 5545 allows them.
    ['FREQ=WEEKLY;BYDAY=+1MO', 'BYDAY "+1MO" has a number, which only FREQ=MONTHLY or YEARLY'],
    ['FREQ=MONTHLY;BYDAY=+6MO', 'a month has at most 5 of each weekday'],
    ['FREQ=MONTHLY;BYDAY=0MO', 'a month has at most 5 of each weekday'],
    ['FREQ=YEARLY;BYDAY=54MO', 'a year has at most 53 of each weekday'],
    // Whole rule shape.
    ['', 'RRULE is empty; give at least FREQ'],
    ['BYDAY=MO', 'FREQ is missing'],
    ['FREQ=SOMETIMES', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, got "SOMETIMES"'],
    ['FREQ=HOURLY', 'RRULE "FREQ=HOURLY" repeats more than once a day'],
    ['FREQ=MINUTELY', 'repeats more than once a day'],
    ['FREQ=WEEKLY;FREQ=DAILY', 'FREQ is given twice; give each part once'],
    ['FREQ=WEEKLY;byday=MO;BYDAY=TU', 'BYDAY is given twice'],
    ['FREQ=WEEKLY;;BYDAY=MO', 'part 2 "" is not KEY=VALUE'],
    ['FREQ=WEEKLY;BYDAY', 'part 2 "BYDAY" is not KEY=VALUE'],
    ['FREQ=DAILY;BYFOO=1', '"BYFOO" is not a part a lesson cadence can use'],
    ['FREQ=YEARLY;BYWEEKNO=20', 'BYWEEKNO is not supported'],
    ['FREQ=YEARLY;BYYEARDAY=100', 'BYYEARDAY is not supported'],
    ['DTSTART:20260301\nFREQ=DAILY', 'give only the RRULE body'],
    ['FREQ=DAILY;TZID=Europe/Paris', 'give only the RRULE body'],
    ['FREQ=WEEKLY;BYMONTHDAY=1', 'BYMONTHDAY cannot be used with FREQ=WEEKLY'],
    ['FREQ=MONTHLY;BYSETPOS=1', 'BYSETPOS needs BYDAY or BYMONTHDAY'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20261231', 'give COUNT or UNTIL, not both'],
    [`FREQ=DAILY;${'BYMONTH=1;'.repeat(60)}`, 'at most 500 are read'],
  ])('refuses %j: %s', (rule, problem) => {
    expect(problemOf(rule)).toContain(problem);
  });

  it('says which rule it refused, as typed', () => {
    expect(problemOf(' FREQ=WEEKLY;INTERVAL=-1 ')).toBe(
      'RRULE "FREQ=WEEKLY;INTERVAL=-1": INTERVAL must be a whole number from 1 to 366, got "-1"',
    );
  });

  it.each([
    // The forms the docs and the other tests use.
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH'],
    ['FREQ=DAILY', 'FREQ=DAILY'],
    ['FREQ=WEEKLY;BYDAY=SU', 'FREQ=WEEKLY;BYDAY=SU'],
    ['FREQ=WEEKLY;COUNT=2;BYDAY=MO', 'FREQ=WEEKLY;COUNT=2;BYDAY=MO'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'],
    // Any letter case, an RRULE: prefix, spaces and a closing semicolon.
    ['freq=weekly;byday=mo', 'FREQ=WEEKLY;BYDAY=MO'],
    ['RRULE:FREQ=MONTHLY;BYDAY=-1FR', 'FREQ=MONTHLY;BYDAY=-1FR'],
    ['rrule:Freq=Monthly; ByDay = +2tu, -1mo ;', 'FREQ=MONTHLY;BYDAY=+2TU,-1MO'],
    [
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    ],
    ['FREQ=YEARLY;BYDAY=20MO', 'FREQ=YEARLY;BYDAY=20MO'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1;INTERVAL=366', 'FREQ=MONTHLY;BYMONTHDAY=-1;INTERVAL=366'],
    ['FREQ=WEEKLY;BYDAY=TU;WKST=SU;BYMONTH=6,7', 'FREQ=WEEKLY;BYDAY=TU;WKST=SU;BYMONTH=6,7'],
    ['FREQ=DAILY;UNTIL=20261231T235959Z', 'FREQ=DAILY;UNTIL=20261231T235959Z'],
    ['FREQ=DAILY;BYHOUR=9;BYMINUTE=30', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=30'],
  ])('reads %j as %s', (rule, text) => {
    expect(problemOf(rule)).toBe(`accepted as ${text}`);
  });

  it('reads the parts that pick dates, with their defaults', () => {
    expect(parseRecurrenceRule('FREQ=MONTHLY;BYDAY=+2TU,-1MO;BYSETPOS=1')).toEqual({
      ok: true,
      value: {
        text: 'FREQ=MONTHLY;BYDAY=+2TU,-1MO;BYSETPOS=1',
        freq: 'MONTHLY',
        interval: 1,
        byDay: [
          { weekday: 2, ordinal: 2 },
          { weekday: 1, ordinal: -1 },
        ],
        byMonthDay: [],
        byMonth: [],
        bySetPos: [1],
        weekStart: 1,
        count: undefined,
        until: undefined,
      },
    });
  });
});

describe('an RRULE as a lesson cadence, from the API or the CLI', () => {
  it('stores a lower-case rule as the engine reads it', () => {
    expect(validateCadence({ kind: 'rrule', rule: 'rrule:freq=weekly;byday=mo,th' })).toEqual({
      ok: true,
      value: { kind: 'rrule', rule: 'FREQ=WEEKLY;BYDAY=MO,TH' },
    });
  });

  it.each(['FREQ=DAILY;COUNT=2', 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231'])(
    'refuses %s: the length of the course decides when lessons stop',
    (rule) => {
      expect(checkLessonRule(rule)).toEqual({
        ok: false,
        error:
          `RRULE "${rule}": give no COUNT or UNTIL; ` +
          'the length of the course decides when lessons stop',
      });
    },
  );

  it('refuses a rule that does not read, with the grammar problem', () => {
    expect(validateCadence({ kind: 'rrule', rule: 'FREQ=WEEKLY;INTERVAL=-1' })).toEqual({
      ok: false,
      error:
        'RRULE "FREQ=WEEKLY;INTERVAL=-1": INTERVAL must be a whole number from 1 to 366, got "-1"',
    });
  });
});
