/**
 * What can be wrong with a roster file, worded for the administrator who must fix the file.
 * An import is all or nothing, so every problem is collected and shown at once.
 */

export const ROSTER_ERROR_KINDS = [
  'empty-file',
  'missing-column',
  'duplicate-column',
  'malformed-row',
  'missing-value',
  'invalid-email',
  'duplicate-email',
  'duplicate-employee-id',
  'unknown-timezone',
  'invalid-phone',
  'unknown-country',
  'invalid-hire-date',
  'invalid-locale',
  'unknown-channel',
  // HR imports (import/): a status or leaving date that cannot be read, and a row whose
  // employee id and email point at two different people already in Inflow.
  'invalid-status',
  'invalid-termination-date',
  'identity-conflict',
  // A phone number another person would also have after the import (one number, one person).
  'duplicate-phone',
] as const;
export type RosterErrorKind = (typeof ROSTER_ERROR_KINDS)[number];

export interface RosterError {
  kind: RosterErrorKind;
  /** 1-based line in the file where the offending record starts. */
  line: number;
  /** The column's header as written in the file, or null when the whole row is at fault. */
  column: string | null;
  /** The offending text, or null when something is missing rather than wrong. */
  value: string | null;
  reason: string;
}

/**
 * One readable line per error, in the order given.
 *
 * @example
 * formatRosterErrors(errors).join('\n');
 * // line 7, column timezone: 'Mars/Olympus' is not a known IANA timezone; ...
 */
export function formatRosterErrors(errors: readonly RosterError[]): string[] {
  return errors.map((error) => {
    const where = error.column === null ? '' : `, column ${error.column}`;
    return `line ${error.line}${where}: ${error.reason}`;
  });
}
