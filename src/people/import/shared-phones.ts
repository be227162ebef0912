/**
 * The import's side of "one phone number, one person" (see identity/phone-holder.ts): a row
 * is refused when the number it gives would, after the import, also belong to another person
 * who can be messaged, whether that person is another row of the file or someone already in
 * Inflow. Leavers hold no number for this rule, nor do rows that will not be created.
 *
 * Who keeps a contested number: a person the row cannot change (in Inflow and not in the
 * file, or in the file without a phone column), else the row whose learner already has it,
 * else the earliest row. Every other row that gives it is refused, naming the keeper.
 */
import type { LearnerRow } from '../../db/schema.ts';
import { sharedPhoneReason } from '../identity/phone-holder.ts';
import type { RosterError } from '../roster-errors.ts';
import type { PersonRow } from './person-row.ts';

/** A row that passed the identity checks, with the learner it updates, if any. */
export interface MatchedRow {
  row: PersonRow;
  existing: LearnerRow | undefined;
}

interface Holder {
  /** Absent for someone in Inflow that no row of the file changes. */
  entry?: MatchedRow;
  email: string;
  /** Whether the row gives this number itself, and so can be refused for it. */
  refusable: boolean;
  alreadyHeld: boolean;
}

/**
 * The phone errors of the matched rows, one per refused row. A refused row changes nobody, so
 * its learner keeps their stored number; that can take a number from a row checked before,
 * hence the checks repeat until no new row is refused.
 */
export function sharedPhoneErrors(
  matched: readonly MatchedRow[],
  learners: readonly LearnerRow[],
  options: { deactivateMissing: boolean },
): Map<PersonRow, RosterError> {
  const refused = new Map<PersonRow, RosterError>();
  const inFile = new Set(matched.flatMap((entry) => entry.existing?.id ?? []));

  for (;;) {
    const holders = new Map<string, Holder[]>();
    const hold = (phone: string, holder: Holder) =>
      holders.set(phone, [...(holders.get(phone) ?? []), holder]);

    const changed = new Set<string>();
    for (const entry of matched) {
      if (refused.has(entry.row)) continue;
      if (entry.existing !== undefined) changed.add(entry.existing.id);
      const phone = phoneAfter(entry);
      if (phone !== null) {
        hold(phone, {
          entry,
          email: entry.row.fields.email,
          refusable: entry.row.fields.phone !== undefined,
          alreadyHeld: entry.existing?.phone === phone,
        });
      }
    }
    for (const learner of learners) {
      if (changed.has(learner.id) || learner.phone === null) continue;
      const leaves = options.deactivateMissing && !inFile.has(learner.id);
      if (learner.status === 'offboarded' || leaves) continue;
      hold(learner.phone, { email: learner.email, refusable: false, alreadyHeld: true });
    }

    const before = refused.size;
    for (const [phone, group] of holders) {
      if (group.length < 2) continue;
      const keeper =
        group.find((holder) => !holder.refusable) ??
        group.find((holder) => holder.alreadyHeld) ??
        (group[0] as Holder);
      for (const holder of group) {
        if (holder === keeper || !holder.refusable || holder.entry === undefined) continue;
        refused.set(holder.entry.row, sharedPhoneError(holder.entry.row, phone, keeper));
      }
    }
    if (refused.size === before) return refused;
  }
}

/** The number the row's person will have after the import, if they can be messaged then. */
function phoneAfter({ row, existing }: MatchedRow): string | null {
  // planCreate creates only active people with a time zone.
  const willExist =
    existing !== undefined || (row.status === 'active' && row.fields.timezone !== undefined);
  if (!willExist || row.status === 'offboarded') return null;
  return row.fields.phone === undefined ? (existing?.phone ?? null) : row.fields.phone;
}

function sharedPhoneError(row: PersonRow, phone: string, keeper: Holder): RosterError {
  const whose =
    keeper.entry === undefined
      ? `${keeper.email}, already in Inflow`
      : `line ${keeper.entry.row.line} (${keeper.email})`;
  const written = row.phoneCell?.text ?? phone;
  return {
    kind: 'duplicate-phone',
    line: row.line,
    column: row.phoneCell?.column ?? 'phone',
    value: written,
    reason: sharedPhoneReason(written, phone, whose),
  };
}
