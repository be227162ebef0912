import { IANAZone } from 'luxon';

/**
 * Learners' zones are IANA names. Legacy links the database still carries ("US/Eastern",
 * "Asia/Calcutta") are accepted as they are. Raw offsets ("+05:30", "UTC+5") are refused on
 * purpose: a place's offset changes with daylight saving and with law, and a frozen offset
 * would silently send an hour off for half the year. IANA's own fixed zones ("UTC",
 * "Etc/GMT-5") stay available for whoever really means a fixed offset.
 */
const RAW_OFFSET_PATTERN = /^(?:utc|gmt)?\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?$/i;

/** Why `name` cannot be a learner's zone, or undefined when it can. */
export function timezoneProblem(name: string): string | undefined {
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

  return IANAZone.create(name);
}
