/**
 * Reads one roster value at a time into the form Inflow stores. Each reader takes a trimmed,
 * non-empty cell and returns the stored value, or the reason a person can act on.
 */
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import { DateTime, IANAZone } from 'luxon';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { CHANNEL_KINDS } from './learner.ts';
import { canonicalZone } from './places.ts';
import type { ChannelKind } from './learner.ts';

// Limitation: a pragmatic shape check (name, @, dotted domain), not the full RFC 5322 grammar.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export function readEmail(value: string): Result<string, string> {
  const email = value.trim().toLowerCase();
  if (!EMAIL_SHAPE.test(email)) {
    return err(
      `'${value}' is not a valid email address; it needs a name, '@' and a domain, ` +
        'as in ana.lopez@example.com',
    );
  }
  return ok(email);
}

export function readCountry(value: string): Result<CountryCode, string> {
  const code = value.trim().toUpperCase();
  if (!isSupportedCountry(code)) {
    return err(`'${value}' is not a two-letter ISO country code; use codes such as US, GB or IN`);
  }
  return ok(code);
}

/**
 * Normalises to E.164 ("+447700900123"). A number written without "+" is read in the given
 * country's national format; an RFC 3966 "tel:" URI is read as its number.
 *
 * libphonenumber reads the first number it finds and ignores the rest, so text it would drop
 * ("+14155550100abc", "... (mobile)") or an extension ("ext 12", "x12", "#12") is refused here
 * rather than silently lost: a message sent to the main number never reaches the extension.
 */
export function readPhone(value: string, country: CountryCode | undefined): Result<string, string> {
  const phone = parsePhoneNumberFromString(
    value,
    country === undefined ? {} : { defaultCountry: country },
  );

  // NFKC turns full-width digits and signs, as East Asian keyboards type them, into ASCII.
  const written = value.normalize('NFKC').trim().replace(/^tel:/i, '');
  const extension = phone?.ext ?? EXTENSION.exec(written)?.[1];
  if (extension !== undefined) {
    return err(
      `'${value}' has an extension (${extension}); SMS and WhatsApp cannot reach an ` +
        "extension, so give the person's own mobile number without it",
    );
  }
  const stray = NOT_PHONE_TEXT.exec(written)?.[0];
  if (stray !== undefined) {
    return err(
      `'${value}' contains '${stray.trim()}', which is not part of a phone number; ` +
        'write only digits, spaces and + - ( ) . as in +1 415 555 0100',
    );
  }

  if (phone === undefined && country === undefined && !written.startsWith('+')) {
    return err(
      `'${value}' has no country code and no country is known for this row; ` +
        "start it with '+' and the country code (+44 7700 900123) or fill the country column",
    );
  }
  // isValid() would also check the operator ranges, but it rejects the ranges regulators
  // reserve for fiction and tests (Ofcom's 07700 900xxx); a length check catches typos.
  if (phone === undefined || !phone.isPossible()) {
    const where = country === undefined ? '' : ` as a number in ${country}`;
    return err(
      `'${value}' cannot be read${where}; check the digits, or write it in international ` +
        'form such as +1 415 555 0100',
    );
  }
  return ok(phone.number);
}

/** "ext 12", "ext. 12", "extension 12", "x12", "#12", RFC 3966's ";ext=12", at the end. */
const EXTENSION = /(?:;\s*ext=|\b(?:ext|extn|extension)\.?:?\s*|x\s*|#\s*)(\d+)\s*$/i;
/** Anything but digits (of any script), spaces and the separators people write in numbers. */
const NOT_PHONE_TEXT = /[^\p{Nd}\s+\-\u2010-\u2015()./]+/u;

/** Accepts IANA names only; "EST" or "GMT+5" would silently ignore daylight saving. */
export function readTimezone(value: string): Result<string, string> {
  const zone = value.trim().replace(/ /g, '_');

  if (!IANAZone.isValidZone(zone)) {
    return err(
      `'${value}' is not a known IANA timezone; write it as Region/City, ` +
        'e.g. America/Chicago or Europe/London',
    );
  }
  if (!zone.includes('/') && zone.toUpperCase() !== 'UTC') {
    return err(
      `'${value}' is an abbreviation, not a place, so daylight saving would be missed; ` +
        'write it as Region/City, e.g. America/New_York',
    );
  }

  // Intl fixes the letter case ("america/chicago"), but it also swaps current names for
  // legacy ones (Asia/Kolkata -> Asia/Calcutta), so its answer is kept only for case fixes.
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  // A renamed zone is stored under its current name (Asia/Katmandu is Asia/Kathmandu).
  return ok(canonicalZone(resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone));
}

/** BCP 47 tag in canonical case; "es_MX" from Java-style exports becomes "es-MX". */
export function readLocale(value: string): Result<string, string> {
  try {
    const [locale] = Intl.getCanonicalLocales(value.trim().replace(/_/g, '-'));
    // BCP 47 allows 5-8 letter language subtags, so "English" would pass as a tag.
    if (locale !== undefined && /^[a-z]{2,3}(?:-|$)/.test(locale)) return ok(locale);
  } catch {
    // RangeError: not a well-formed tag; answered below.
  }
  return err(`'${value}' is not a language tag; use a code such as en, es or es-MX`);
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const SLASHED_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * Accepts YYYY-MM-DD, and DD/MM/YYYY or MM/DD/YYYY when the order cannot be mistaken: one of
 * the first two numbers is above 12, or both are equal. Returns an ISO date.
 */
export function readHireDate(value: string): Result<string, string> {
  const text = value.trim();
  const parts = readDateParts(text);
  if (typeof parts === 'string') return err(parts);

  const date = DateTime.fromObject(parts);
  if (!date.isValid) return err(`'${value}' is not a date in the calendar; check day and month`);
  return ok(date.toISODate() ?? text);
}

function readDateParts(text: string): { year: number; month: number; day: number } | string {
  const iso = ISO_DATE.exec(text);
  if (iso !== null) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };

  const slashed = SLASHED_DATE.exec(text);
  if (slashed === null) {
    return `'${text}' is not a date we can read; write it as YYYY-MM-DD, e.g. 2025-03-18`;
  }

  const first = Number(slashed[1]);
  const second = Number(slashed[2]);
  const year = Number(slashed[3]);
  if (first > 12 && second <= 12) return { year, month: second, day: first };
  if (second > 12 && first <= 12) return { year, month: first, day: second };
  if (first === second) return { year, month: first, day: second };
  if (first > 12) return `'${text}' has no month; write it as YYYY-MM-DD, e.g. 2025-03-18`;

  return (
    `'${text}' could be day/month or month/day; write it as YYYY-MM-DD ` +
    `(${year}-${pad(first)}-${pad(second)} or ${year}-${pad(second)}-${pad(first)})`
  );
}

const pad = (part: number): string => String(part).padStart(2, '0');

export function readChannel(value: string): Result<ChannelKind, string> {
  const channel = CHANNEL_KINDS.find((kind) => kind === value.trim().toLowerCase());
  if (channel === undefined) {
    return err(
      `'${value}' is not a channel Inflow delivers to; use one of ${CHANNEL_KINDS.join(', ')}`,
    );
  }
  return ok(channel);
}
