import { afterEach, describe, expect, it } from 'vitest';

import { localDate, nextSendInstant, sendInstants } from './send-times.ts';
import type { SendDays, SendRule } from './send-rule.ts';

// Every instant is built with new Date('...Z') and compared as a UTC string, so nothing here
// depends on the zone of the machine running the tests.
const utc = (instant: Date): string => instant.toISOString().replace(':00.000Z', 'Z');

const rule = (timezone: string, localTime = '09:00', days: SendDays = 'daily'): SendRule => ({
  timezone,
  localTime,
  days,
});

const sendsAfter = (sendRule: SendRule, from: string, count: number): string[] =>
  sendInstants(sendRule, new Date(from), count).map(utc);

/** The wall clock in `timezone`, read through Intl as an oracle independent of our code. */
const wallClock = (instant: Date, timezone: string): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);

describe('daily 09:00 across the 2026 daylight-saving changes', () => {
  it.each([
    [
      'America/New_York',
      'spring',
      '2026-03-06T15:00Z',
      ['2026-03-07T14:00Z', '2026-03-08T13:00Z', '2026-03-09T13:00Z'],
    ],
    [
      'America/New_York',
      'autumn',
      '2026-10-30T15:00Z',
      ['2026-10-31T13:00Z', '2026-11-01T14:00Z', '2026-11-02T14:00Z'],
    ],
    [
      'Europe/London',
      'spring',
      '2026-03-27T12:00Z',
      ['2026-03-28T09:00Z', '2026-03-29T08:00Z', '2026-03-30T08:00Z'],
    ],
    [
      'Europe/London',
      'autumn',
      '2026-10-23T12:00Z',
      ['2026-10-24T08:00Z', '2026-10-25T09:00Z', '2026-10-26T09:00Z'],
    ],
    [
      'Australia/Sydney',
      'April',
      '2026-04-03T00:00Z',
      ['2026-04-03T22:00Z', '2026-04-04T23:00Z', '2026-04-05T23:00Z'],
    ],
    [
      'Australia/Sydney',
      'October',
      '2026-10-02T12:00Z',
      ['2026-10-02T23:00Z', '2026-10-03T22:00Z', '2026-10-04T22:00Z'],
    ],
  ])(
    '%s (%s change) keeps 09:00 local as the UTC offset moves',
    (zone, _change, from, expected) => {
      const sends = sendInstants(rule(zone), new Date(from), 3);

      expect(sends.map(utc)).toEqual(expected);
      expect(sends.map((send) => wallClock(send, zone))).toEqual(['09:00', '09:00', '09:00']);
    },
  );
});

describe('wall times that daylight saving removes or repeats (RFC 5545)', () => {
  it('sends 02:30 New York time on spring-forward day at 03:30 EDT, shifted by the gap', () => {
    expect(
      utc(nextSendInstant(rule('America/New_York', '02:30'), new Date('2026-03-08T00:00Z'))),
    ).toBe('2026-03-08T07:30Z');
  });

  it.each([
    ['02:00', '2026-03-08T07:00Z'],
    ['02:59', '2026-03-08T07:59Z'],
    ['03:00', '2026-03-08T07:00Z'],
  ])('moves %s at the edges of the New York gap to %s', (localTime, expected) => {
    const send = nextSendInstant(
      rule('America/New_York', localTime),
      new Date('2026-03-08T04:00Z'),
    );

    expect(utc(send)).toBe(expected);
  });

  it('sends 01:30 New York time on fall-back day once, at the first (EDT) occurrence', () => {
    expect(sendsAfter(rule('America/New_York', '01:30'), '2026-10-30T12:00Z', 3)).toEqual([
      '2026-10-31T05:30Z',
      '2026-11-01T05:30Z',
      '2026-11-02T06:30Z',
    ]);
  });

  it('does not send again when 01:30 comes round the second time on fall-back day', () => {
    const betweenOccurrences = new Date('2026-11-01T05:45Z');

    expect(utc(nextSendInstant(rule('America/New_York', '01:30'), betweenOccurrences))).toBe(
      '2026-11-02T06:30Z',
    );
  });

  it('sends every New York day around spring-forward, none twice', () => {
    expect(sendsAfter(rule('America/New_York', '02:30'), '2026-03-06T12:00Z', 3)).toEqual([
      '2026-03-07T07:30Z',
      '2026-03-08T07:30Z',
      '2026-03-09T06:30Z',
    ]);
  });

  it.each([
    [
      'spring',
      '2026-03-27T12:00Z',
      ['2026-03-28T01:30Z', '2026-03-29T01:30Z', '2026-03-30T00:30Z'],
    ],
    [
      'autumn',
      '2026-10-23T12:00Z',
      ['2026-10-24T00:30Z', '2026-10-25T00:30Z', '2026-10-26T01:30Z'],
    ],
  ])('sends 02:30 Berlin time once a day around the %s change', (_change, from, expected) => {
    expect(sendsAfter(rule('Europe/Berlin', '02:30'), from, 3)).toEqual(expected);
  });

  it('regression: handles São Paulo changes at midnight (2018 gap, 2019 overlap)', () => {
    const saoPaulo = (localTime: string) => rule('America/Sao_Paulo', localTime);

    expect(utc(nextSendInstant(saoPaulo('00:30'), new Date('2018-11-03T12:00Z')))).toBe(
      '2018-11-04T03:30Z',
    );
    expect(sendsAfter(saoPaulo('23:30'), '2019-02-16T12:00Z', 2)).toEqual([
      '2019-02-17T01:30Z',
      '2019-02-18T02:30Z',
    ]);
    expect(utc(nextSendInstant(saoPaulo('23:30'), new Date('2019-02-17T02:00Z')))).toBe(
      '2019-02-18T02:30Z',
    );
  });

  it('regression: sends nothing on 2011-12-30 in Pacific/Apia, a day the zone skipped', () => {
    expect(sendsAfter(rule('Pacific/Apia'), '2011-12-28T12:00Z', 4)).toEqual([
      '2011-12-28T19:00Z',
      '2011-12-29T19:00Z',
      '2011-12-30T19:00Z',
      '2011-12-31T19:00Z',
    ]);
    expect(
      sendInstants(rule('Pacific/Apia'), new Date('2011-12-28T12:00Z'), 4).map((send) =>
        localDate(send, 'Pacific/Apia'),
      ),
    ).toEqual(['2011-12-28', '2011-12-29', '2011-12-31', '2012-01-01']);
  });
});

describe('zones with part-hour offsets and near the date line', () => {
  it.each([
    ['Asia/Kathmandu', '2026-06-14T12:00Z', ['2026-06-15T03:15Z', '2026-06-16T03:15Z']],
    ['Asia/Kolkata', '2026-06-14T12:00Z', ['2026-06-15T03:30Z', '2026-06-16T03:30Z']],
    ['Australia/Adelaide', '2026-04-03T12:00Z', ['2026-04-03T22:30Z', '2026-04-04T23:30Z']],
    ['Australia/Adelaide', '2026-10-02T12:00Z', ['2026-10-02T23:30Z', '2026-10-03T22:30Z']],
    ['Pacific/Chatham', '2026-04-03T12:00Z', ['2026-04-03T19:15Z', '2026-04-04T20:15Z']],
    ['Pacific/Chatham', '2026-09-25T12:00Z', ['2026-09-25T20:15Z', '2026-09-26T19:15Z']],
    ['Pacific/Auckland', '2026-04-03T12:00Z', ['2026-04-03T20:00Z', '2026-04-04T21:00Z']],
    ['Pacific/Auckland', '2026-09-25T12:00Z', ['2026-09-25T21:00Z', '2026-09-26T20:00Z']],
    ['Pacific/Kiritimati', '2026-06-14T12:00Z', ['2026-06-14T19:00Z', '2026-06-15T19:00Z']],
    ['Pacific/Pago_Pago', '2026-06-14T12:00Z', ['2026-06-14T20:00Z', '2026-06-15T20:00Z']],
  ])('sends 09:00 in %s after %s at %j', (zone, from, expected) => {
    expect(sendsAfter(rule(zone), from, 2)).toEqual(expected);
  });

  it.each([
    ['Pacific/Kiritimati', '2026-06-15T10:30Z', '2026-06-16'],
    ['Pacific/Pago_Pago', '2026-06-15T10:30Z', '2026-06-14'],
    ['Europe/London', '2026-06-15T23:30Z', '2026-06-16'],
    ['Asia/Kathmandu', '2026-06-14T18:15Z', '2026-06-15'],
    ['Asia/Kathmandu', '2026-06-14T18:14:59.999Z', '2026-06-14'],
    ['America/New_York', '2026-11-01T04:59:59.999Z', '2026-11-01'],
  ])('reads the local date in %s at %s as %s', (zone, instant, expected) => {
    expect(localDate(new Date(instant), zone)).toBe(expected);
  });
});

describe('legacy zone aliases', () => {
  it.each([
    ['Asia/Calcutta', 'Asia/Kolkata', '2026-06-14T12:00Z', '2026-06-15T03:30Z'],
    ['US/Eastern', 'America/New_York', '2026-03-06T15:00Z', '2026-03-07T14:00Z'],
  ])('%s sends at the same instants as %s', (alias, canonical, from, firstSend) => {
    const viaAlias = sendsAfter(rule(alias), from, 5);

    expect(viaAlias[0]).toBe(firstSend);
    expect(viaAlias).toEqual(sendsAfter(rule(canonical), from, 5));
  });
});

describe('which local days get a send', () => {
  it('skips the weekend by the learner clock: Friday 23:30 UTC is Saturday in Tokyo', () => {
    const fridayEveningUtc = new Date('2026-06-12T23:30Z');

    expect(utc(nextSendInstant(rule('Asia/Tokyo'), fridayEveningUtc))).toBe('2026-06-13T00:00Z');
    expect(utc(nextSendInstant(rule('Asia/Tokyo', '09:00', 'weekdays'), fridayEveningUtc))).toBe(
      '2026-06-15T00:00Z',
    );
  });

  it('sends on a UTC Sunday when it is already Monday on Kiritimati', () => {
    const weekdays = rule('Pacific/Kiritimati', '09:00', 'weekdays');

    expect(sendsAfter(weekdays, '2026-06-12T20:00Z', 2)).toEqual([
      '2026-06-14T19:00Z',
      '2026-06-15T19:00Z',
    ]);
  });

  it('sends Friday, then Monday, on weekdays in New York', () => {
    expect(
      sendsAfter(rule('America/New_York', '09:00', 'weekdays'), '2026-06-11T14:00Z', 3),
    ).toEqual(['2026-06-12T13:00Z', '2026-06-15T13:00Z', '2026-06-16T13:00Z']);
  });

  it('sends only on the chosen ISO weekdays (Monday = 1, Wednesday = 3)', () => {
    expect(sendsAfter(rule('Europe/London', '09:00', [1, 3]), '2026-06-15T08:00Z', 3)).toEqual([
      '2026-06-17T08:00Z',
      '2026-06-22T08:00Z',
      '2026-06-24T08:00Z',
    ]);
  });

  it('sends on Sunday (7) when it is chosen', () => {
    expect(sendsAfter(rule('Europe/London', '09:00', [7]), '2026-06-15T08:00Z', 2)).toEqual([
      '2026-06-21T08:00Z',
      '2026-06-28T08:00Z',
    ]);
  });

  it('skips holidays, read as local dates', () => {
    const christmas: SendRule = {
      ...rule('Europe/London', '09:00', 'weekdays'),
      holidays: ['2026-12-25', '2026-12-28'],
    };
    const kiritimati: SendRule = { ...rule('Pacific/Kiritimati'), holidays: ['2026-06-15'] };

    expect(sendsAfter(christmas, '2026-12-24T12:00Z', 2)).toEqual([
      '2026-12-29T09:00Z',
      '2026-12-30T09:00Z',
    ]);
    expect(sendsAfter(kiritimati, '2026-06-14T12:00Z', 1)).toEqual(['2026-06-15T19:00Z']);
  });
});

describe('the instant the search starts from', () => {
  const newYork = rule('America/New_York');

  it.each([
    ['just before the send time', '2026-06-15T12:59:59.999Z', '2026-06-15T13:00Z'],
    ['exactly at the send time', '2026-06-15T13:00:00.000Z', '2026-06-16T13:00Z'],
    ['just after the send time', '2026-06-15T13:00:00.001Z', '2026-06-16T13:00Z'],
  ])('from %s, the next send is %s', (_when, from, expected) => {
    expect(utc(nextSendInstant(newYork, new Date(from)))).toBe(expected);
  });

  it('agrees with nextSendInstant for the first of sendInstants, and gives none for 0', () => {
    const from = new Date('2026-06-15T13:00Z');

    expect(sendInstants(newYork, from, 1)).toEqual([nextSendInstant(newYork, from)]);
    expect(sendInstants(newYork, from, 0)).toEqual([]);
  });
});

describe('independence from the host time zone', () => {
  const hostZoneAtStart = process.env.TZ;

  afterEach(() => {
    if (hostZoneAtStart === undefined) {
      delete process.env.TZ;
    } else {
      process.env.TZ = hostZoneAtStart;
    }
  });

  it.each(['Pacific/Chatham', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Kiritimati'])(
    'gives the same New York sends when the host runs in %s',
    (hostZone) => {
      process.env.TZ = hostZone;

      expect(new Date('2026-01-01T00:00Z').getTimezoneOffset()).not.toBe(0);
      expect(sendsAfter(rule('America/New_York', '02:30'), '2026-03-06T12:00Z', 3)).toEqual([
        '2026-03-07T07:30Z',
        '2026-03-08T07:30Z',
        '2026-03-09T06:30Z',
      ]);
      expect(localDate(new Date('2026-06-15T10:30Z'), 'Pacific/Pago_Pago')).toBe('2026-06-14');
    },
  );
});

describe('rules that skipped validation', () => {
  it.each([
    ['an unknown zone', { ...rule('Mars/Olympus_Mons') }, /IANA/],
    ['a raw offset', { ...rule('+05:30') }, /raw UTC offset/],
    ['a bad local time', { ...rule('Europe/London', '9am') }, /HH:MM/],
    ['no send days', { ...rule('Europe/London', '09:00', []) }, /allows no send day/],
  ])('throws for %s', (_problem, brokenRule, message) => {
    expect(() => nextSendInstant(brokenRule, new Date('2026-06-15T00:00Z'))).toThrow(message);
  });
});
