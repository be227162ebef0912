import { describe, expect, it } from 'vitest';

import { validateSendRule } from './send-rule.ts';

const validRule = { timezone: 'Europe/London', localTime: '09:00', days: 'daily' };

const problemsOf = (input: unknown): string[] => {
  const result = validateSendRule(input);
  return result.ok ? [] : result.error;
};

describe('validateSendRule accepts', () => {
  it.each([
    ['a canonical zone, daily', validRule],
    ['weekdays', { ...validRule, days: 'weekdays' }],
    ['chosen ISO weekdays', { ...validRule, days: [1, 3, 7] }],
    ['holidays as local dates', { ...validRule, holidays: ['2026-12-25', '2024-02-29'] }],
    ['the legacy alias Asia/Calcutta', { ...validRule, timezone: 'Asia/Calcutta' }],
    ['the legacy alias US/Eastern', { ...validRule, timezone: 'US/Eastern' }],
    ['an IANA fixed zone, Etc/GMT-5', { ...validRule, timezone: 'Etc/GMT-5' }],
    ['UTC', { ...validRule, timezone: 'UTC' }],
    ['the last minute of the day', { ...validRule, localTime: '23:59' }],
  ])('%s', (_case, input) => {
    expect(validateSendRule(input)).toEqual({ ok: true, value: input });
  });

  it('leaves holidays out of the rule when none were given', () => {
    const result = validateSendRule({ ...validRule, extra: 'ignored' });

    expect(result).toEqual({ ok: true, value: validRule });
  });
});

describe('validateSendRule rejects, saying what to fix', () => {
  it.each([
    [
      'an unknown zone',
      { ...validRule, timezone: 'Mars/Olympus_Mons' },
      'timezone "Mars/Olympus_Mons" is not in the IANA time zone database',
    ],
    ['a raw offset', { ...validRule, timezone: '+05:30' }, 'timezone "+05:30" is a raw UTC offset'],
    [
      'a UTC-prefixed offset',
      { ...validRule, timezone: 'UTC+5' },
      'timezone "UTC+5" is a raw UTC offset',
    ],
    [
      'the host zone by name',
      { ...validRule, timezone: 'local' },
      'timezone "local" is not in the IANA',
    ],
    ['a missing zone', { localTime: '09:00', days: 'daily' }, 'timezone is missing'],
    [
      'an hour without its leading zero',
      { ...validRule, localTime: '9:00' },
      'localTime "9:00" must be a 24-hour time "HH:MM"',
    ],
    ['hour 24', { ...validRule, localTime: '24:00' }, 'localTime "24:00" must be'],
    ['minute 60', { ...validRule, localTime: '09:60' }, 'localTime "09:60" must be'],
    ['a 12-hour time', { ...validRule, localTime: '9am' }, 'localTime "9am" must be'],
    ['a number as the time', { ...validRule, localTime: 900 }, 'localTime 900 must be'],
    [
      'an empty weekday list',
      { ...validRule, days: [] },
      'days is an empty list, so nothing would ever be sent',
    ],
    [
      'weekday 0',
      { ...validRule, days: [1, 0] },
      'days[1] is 0; weekdays are whole numbers from 1 (Monday) to 7 (Sunday)',
    ],
    ['weekday 8', { ...validRule, days: [8] }, 'days[0] is 8;'],
    ['a weekday name', { ...validRule, days: ['monday'] }, 'days[0] is "monday";'],
    [
      'an unknown days word',
      { ...validRule, days: 'weekends' },
      'days must be "daily", "weekdays" or a list',
    ],
    [
      'an impossible holiday',
      { ...validRule, holidays: ['2026-02-30'] },
      'holidays[0] "2026-02-30" is not a real date',
    ],
    [
      'a holiday in another format',
      { ...validRule, holidays: ['25/12/2026'] },
      'holidays[0] "25/12/2026"',
    ],
    ['holidays as a string', { ...validRule, holidays: '2026-12-25' }, 'holidays must be a list'],
  ])('%s', (_case, input, expectedStart) => {
    const problems = problemsOf(input);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expectedStart);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ timezone: 'Nowhere', localTime: '25:00', days: [] });

    expect(problems).toHaveLength(3);
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual([
      'timezone',
      'localTime',
      'days',
    ]);
  });

  it.each([null, 'daily', [validRule]])('rejects %j, which is not a rule object', (input) => {
    expect(problemsOf(input)).toEqual([
      'a send rule must be an object with timezone, localTime and days',
    ]);
  });
});
