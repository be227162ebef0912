/**
 * When a learner's first lesson of an enrolment goes out: the next send slot on their own
 * clock, and never before their first working day, so a new hire provisioned a week ahead
 * gets day 1 of onboarding on day 1.
 */
import { DateTime } from 'luxon';
import { nextSendInstant } from '../../delivery/schedule/index.ts';
import type { EnrolmentsTable } from '../../db/schema.ts';

export interface SendSchedule {
  sendTime: string;
  days: EnrolmentsTable['days'];
}

/**
 * @example firstSendInstant({ timezone: 'America/Chicago', hireDate: '2026-03-09' },
 *   { sendTime: '09:00', days: 'weekdays' }, new Date('2026-03-02T18:00:00Z'))
 *   // 2026-03-09T14:00:00Z, 09:00 CDT on the hire date
 */
export function firstSendInstant(
  learner: { timezone: string; hireDate: string | null },
  schedule: SendSchedule,
  now: Date,
): Date {
  const rule = { timezone: learner.timezone, localTime: schedule.sendTime, days: schedule.days };

  let after = now;
  if (learner.hireDate !== null) {
    const firstDay = DateTime.fromISO(learner.hireDate, { zone: learner.timezone }).startOf('day');
    // One millisecond before local midnight, because the next instant must be strictly after.
    if (firstDay.isValid && firstDay.toMillis() > now.getTime()) {
      after = new Date(firstDay.toMillis() - 1);
    }
  }
  return nextSendInstant(rule, after);
}
