import { IANAZone } from 'luxon';

/**
 * Learners' zones are IANA names. Legacy links the database still carries ("US/Eastern",
 * "Asia/Calcutta") are accepted as they are. Raw offsets ("+05:30", "UTC+5") are refused on
 * purpose: a place's offset changes with daylight saving and with law, and a frozen offset
 * would silently send an hour off for half the year. IANA's own fixed zones ("UTC",
 * "Etc/GMT-5") stay available for whoever really means a fixed offset.
 */
const RAW_OFFSET_PATTERN = /^(?:utc|gmt)?\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?$/i;

/**
 * Checking a zone builds an Intl formatter, which costs more than the rest of a send-time
 * computation; a process meets few distinct zones, so each answer is kept.
 */
const zoneProblems = new Map<string, string | undefined>();
const zones = new Map<string, IANAZone>();

/** Why `name` cannot be a learner's zone, or undefined when it can. */
export function timezoneProblem(name: string): string | undefined {
  if (zoneProblems.has(name)) return zoneProblems.get(name);
  const problem = findTimezoneProblem(name);
  if (zoneProblems.size < 10_000) zoneProblems.set(name, problem);
  return problem;
}

function findTimezoneProblem(name: string): string | undefined {
  if (RAW_OFFSET_PATTERN.test(name.trim())) {
    return (
      `timezone "${name}" is a raw UTC offset; give the learner's IANA zone instead ` +
      `(such as "Asia/Kolkata" or "America/New_York") so daylight-saving changes are followed`
    );
  }

  if (!IANAZone.isValidZone(name)) {
    return (
      `timezone "${name}" is not in the IANA time zone database; ` +
      `use a name such as "Europe/London" or "America/New_York"`
    );
  }

  return undefined;
}

/** The luxon zone for a name already checked by `timezoneProblem`; throws otherwise. */
export function learnerZone(name: string): IANAZone {
  const problem = timezoneProblem(name);
  if (problem !== undefined) {
    throw new Error(`${problem} (validate the send rule with validateSendRule first)`);
  }

  let zone = zones.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    zones.set(name, zone);
  }
  return zone;
}

const MINUTE_MS = 60_000;
const offsets = new Map<string, number>();

/**
 * The zone's UTC offset in minutes at `epochMs`. Offsets only change on whole minutes, so the
 * answer is kept per zone and minute: luxon asks Intl each time, and a wave of sends asks the
 * same few zones about the same few minutes thousands of times.
 */
export function offsetMinutes(zone: IANAZone, epochMs: number): number {
  const key = `${zone.name}@${Math.floor(epochMs / MINUTE_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = zone.offset(epochMs);
    if (offsets.size >= 200_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * Old IANA names that HR exports still carry, and the names the zone database now links them
 * to. ICU (and so Intl) reports some of them the old way round, so it cannot be asked.
 * Limitation: the most common renamed zones only, not the whole "backward" file.
 */
const RENAMED_ZONES: Readonly<Record<string, string>> = {
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Truk': 'Pacific/Chuuk',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'US/Eastern': 'America/New_York',
  'US/Central': 'America/Chicago',
  'US/Mountain': 'America/Denver',
  'US/Pacific': 'America/Los_Angeles',
};

/**
 * The current IANA name of a zone, so storage holds one name per place (pitfall SCH-03).
 * @example canonicalZone('Asia/Katmandu') // 'Asia/Kathmandu'
 */
export function canonicalZone(name: string): string {
  return RENAMED_ZONES[name] ?? name;
}
