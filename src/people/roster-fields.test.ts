import { describe, expect, it } from 'vitest';
import {
  readChannel,
  readEmail,
  readHireDate,
  readLocale,
  readPhone,
  readTimezone,
} from './roster-fields.ts';

describe('readHireDate', () => {
  it.each([
    ['2025-03-18', '2025-03-18'],
    ['2025-3-8', '2025-03-08'],
    ['03/18/2025', '2025-03-18'],
    ['18/03/2025', '2025-03-18'],
    ['05/05/2025', '2025-05-05'],
  ])('reads %s as %s', (text, iso) => {
    expect(readHireDate(text)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['04/05/2025', '2025-04-05 or 2025-05-04'],
    ['2025-02-30', 'not a date in the calendar'],
    ['18/13/2025', 'has no month'],
    ['March 18, 2025', 'write it as YYYY-MM-DD'],
    ['18.03.2025', 'write it as YYYY-MM-DD'],
  ])('refuses %s, explaining %s', (text, reason) => {
    const result = readHireDate(text);

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(reason);
  });
});

describe('readTimezone', () => {
  it.each([
    ['america/chicago', 'America/Chicago'],
    ['America/Los Angeles', 'America/Los_Angeles'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Asia/Kathmandu', 'Asia/Kathmandu'],
    ['utc', 'UTC'],
  ])('accepts %s as %s', (text, zone) => {
    expect(readTimezone(text)).toEqual({ ok: true, value: zone });
  });

  it.each(['Mars/Olympus', 'EST', 'GMT+5', 'Pacific Time'])('refuses %s', (text) => {
    expect(readTimezone(text).ok).toBe(false);
  });
});

describe('readLocale', () => {
  it.each([
    ['en', 'en'],
    ['es_MX', 'es-MX'],
    ['ES-mx', 'es-MX'],
  ])('reads %s as %s', (text, locale) => {
    expect(readLocale(text)).toEqual({ ok: true, value: locale });
  });

  it.each(['English', 'e', 'en--US'])('refuses %s', (text) => {
    expect(readLocale(text).ok).toBe(false);
  });
});

describe('readEmail', () => {
  it('lowercases and trims the address', () => {
    expect(readEmail('  Ana.Lopez@Example.COM ')).toEqual({
      ok: true,
      value: 'ana.lopez@example.com',
    });
  });

  it.each(['ana', 'ana@example', 'ana lopez@example.com', 'ana@@example.com', 'ana@example..com'])(
    'refuses %s',
    (text) => {
      expect(readEmail(text).ok).toBe(false);
    },
  );
});

describe('readPhone', () => {
  it('asks for a country code when the number is national and no country is known', () => {
    const result = readPhone('07700 900123', undefined);

    expect(result.ok ? '' : result.error).toContain('has no country code');
  });

  it('reads an international number whatever the country', () => {
    expect(readPhone('+44 7700 900123', 'US')).toEqual({ ok: true, value: '+447700900123' });
  });

  it.each([
    ['+1 (415) 555-0100', '+14155550100'],
    ['tel:+1-415-555-0100', '+14155550100'],
    ['+1.415.555.0100', '+14155550100'],
    ['\uFF0B\uFF11 415 555 0100', '+14155550100'],
  ])('reads %s as %s', (text, phone) => {
    expect(readPhone(text, 'US')).toEqual({ ok: true, value: phone });
  });

  // Regression: libphonenumber read these as +14155550100 and dropped the rest unseen.
  it.each([
    ['+14155550100abc', "contains 'abc'"],
    ['+1 415 555 0100 (mobile)', "contains 'mobile'"],
    ['Mobile: +1 415 555 0100', "contains 'Mobile:'"],
    ['+1 415 555 0100*', "contains '*'"],
  ])('refuses %s, which has text that is not a phone number', (text, reason) => {
    const result = readPhone(text, 'US');

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(reason);
  });

  it.each([
    ['+1 (415) 555-0100 ext 12', '12'],
    ['+1 415 555 0100 ext. 7', '7'],
    ['+1 415 555 0100 x12', '12'],
    ['+1 415 555 0100 #12', '12'],
    ['tel:+1-415-555-0100;ext=12', '12'],
  ])('refuses %s, since SMS cannot reach extension %s', (text, extension) => {
    const result = readPhone(text, 'US');

    expect(result.ok ? '' : result.error).toBe(
      `'${text}' has an extension (${extension}); SMS and WhatsApp cannot reach an ` +
        "extension, so give the person's own mobile number without it",
    );
  });
});

describe('readChannel', () => {
  it('matches a channel ignoring case', () => {
    expect(readChannel(' WhatsApp ')).toEqual({ ok: true, value: 'whatsapp' });
  });
});
