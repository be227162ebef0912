/**
 * Countries and time zones as HR exports write them: "United Kingdom", "UK" or "GB"; old
 * zone names such as Asia/Katmandu. Zones are stored under their current IANA name only.
 */
import { getCountries, isSupportedCountry, type CountryCode } from 'libphonenumber-js';

/**
 * IANA "backward" links for zones that were renamed. ICU, and so Intl, still reports several
 * of the old names, and HR systems keep whatever was current when a record was made.
 */
const RENAMED_ZONES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Dacca': 'Asia/Dhaka',
  'Asia/Thimbu': 'Asia/Thimphu',
  'Asia/Ujung_Pandang': 'Asia/Makassar',
  'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
  'Asia/Macao': 'Asia/Macau',
  'Asia/Chungking': 'Asia/Chongqing',
  'Europe/Kiev': 'Europe/Kyiv',
  'Europe/Uzhgorod': 'Europe/Kyiv',
  'Europe/Zaporozhye': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'US/Eastern': 'America/New_York',
  'US/Central': 'America/Chicago',
  'US/Mountain': 'America/Denver',
  'US/Pacific': 'America/Los_Angeles',
  'US/Alaska': 'America/Anchorage',
  'US/Hawaii': 'Pacific/Honolulu',
  'US/Arizona': 'America/Phoenix',
  'Canada/Eastern': 'America/Toronto',
  'Canada/Pacific': 'America/Vancouver',
  'Australia/ACT': 'Australia/Sydney',
  'Australia/NSW': 'Australia/Sydney',
};

/** The current IANA name of a zone, e.g. "Asia/Katmandu" becomes "Asia/Kathmandu". */
export function canonicalZone(zone: string): string {
  const renamed = Object.entries(RENAMED_ZONES).find(
    ([old]) => old.toLowerCase() === zone.toLowerCase(),
  );
  return renamed === undefined ? zone : renamed[1];
}

/** The zones ICU lists for a country; Node 20 has the getter, later versions the method. */
function zonesOf(country: CountryCode): string[] {
  const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & {
    timeZones?: string[];
    getTimeZones?: () => string[];
  };
  return (locale.getTimeZones?.() ?? locale.timeZones ?? []).map(canonicalZone);
}

let countriesByZone: Map<string, CountryCode[]> | undefined;

/** The country a zone belongs to, when exactly one does (Europe/Amsterdam is NL). */
export function countryOfZone(zone: string): CountryCode | undefined {
  countriesByZone ??= buildZoneIndex();
  const countries = countriesByZone.get(canonicalZone(zone)) ?? [];
  return countries.length === 1 ? countries[0] : undefined;
}

/** The zone of a country that has only one (GB is Europe/London; US has many). */
export function onlyZoneOf(country: CountryCode): string | undefined {
  const zones = zonesOf(country);
  return zones.length === 1 ? zones[0] : undefined;
}

function buildZoneIndex(): Map<string, CountryCode[]> {
  const index = new Map<string, CountryCode[]>();
  for (const country of getCountries()) {
    for (const zone of zonesOf(country)) index.set(zone, [...(index.get(zone) ?? []), country]);
  }
  return index;
}

/** Names and codes HR exports use that are not ISO 3166 alpha-2 codes. */
const COUNTRY_ALIASES: Readonly<Record<string, CountryCode>> = {
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  usa: 'US',
  'united states of america': 'US',
  'the netherlands': 'NL',
  holland: 'NL',
};

let countriesByName: Map<string, CountryCode> | undefined;

/**
 * A country from its ISO code or its English name: "GB", "UK", "United Kingdom".
 *
 * @example readCountryName('Canada') // 'CA'
 */
export function readCountryName(value: string): CountryCode | undefined {
  const text = value.trim();
  if (isSupportedCountry(text.toUpperCase())) return text.toUpperCase() as CountryCode;

  const key = text.toLowerCase().replace(/\s+/g, ' ');
  if (COUNTRY_ALIASES[key] !== undefined) return COUNTRY_ALIASES[key];

  countriesByName ??= buildNameIndex();
  return countriesByName.get(key);
}

function buildNameIndex(): Map<string, CountryCode> {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const index = new Map<string, CountryCode>();
  for (const country of getCountries()) {
    const name = names.of(country);
    if (name !== undefined) index.set(name.toLowerCase(), country);
  }
  return index;
}
