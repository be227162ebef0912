/**
 * The schedule fields of a new enrolment (`cadence`, `startsOn`), checked as the engine
 * would use them, so a 400 names the field and says what to fix.
 */
import { z } from '@hono/zod-openapi';
import { isCalendarDay } from '../../delivery/schedule/calendar-day.ts';
import {
  checkLessonRule,
  rruleDatesProblem,
  validateCadence,
} from '../../delivery/schedule/index.ts';

export const SEND_DAYS = ['daily', 'weekdays'] as const;

/** Where validateCadence's complaint belongs, so the 400 names the field. */
const CADENCE_FIELDS = { days: 'days', rrule: 'rule', onboarding: 'dayNumbers' } as const;

export const CadenceSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('days'),
      days: z.union([z.enum(SEND_DAYS), z.array(z.number().int().min(1).max(7)).min(1).max(7)]),
    }),
    z.object({ kind: z.literal('rrule'), rule: z.string().min(1).max(500) }),
    z.object({
      kind: z.literal('onboarding'),
      dayNumbers: z.array(z.number().int().min(1).max(3660)).min(1).max(366),
    }),
  ])
  .superRefine(
    (cadence, check) => {
      const checked = validateCadence(cadence);
      if (!checked.ok) {
        check.addIssue({
          code: 'custom',
          message: checked.error,
          path: [CADENCE_FIELDS[cadence.kind]],
        });
      }
    },
    { when: (payload) => payload.issues.length === 0 },
  )
  // A rule is stored as the engine reads it: "freq=weekly;byday=mo" as "FREQ=WEEKLY;BYDAY=MO".
  .overwrite((cadence) => {
    if (cadence.kind !== 'rrule') return cadence;
    const rule = checkLessonRule(cadence.rule);
    return rule.ok ? { ...cadence, rule: rule.value } : cadence;
  })
  .openapi('Cadence', {
    description:
      'Chosen ISO weekdays (1 = Monday), an RRULE body counted from the start ' +
      'date, or onboarding day numbers (lesson n on day dayNumbers[n-1], day 1 the start date)',
    example: { kind: 'days', days: [2, 4] },
  });

export const StartsOnSchema = z
  .union([
    z.literal('hire_date'),
    z.string().refine(isCalendarDay, 'a local date "YYYY-MM-DD" that exists, or "hire_date"'),
  ])
  .openapi({
    description:
      'Day 1 of the course, on each learner\'s clock; "hire_date" for ' +
      "each learner's own (today for those with none). No lesson goes before it.",
  });

/**
 * Why an RRULE that reads well still cannot place the next two lessons (a date that never
 * comes, such as 30 February, or years between dates), or undefined when it can.
 */
// Limitation: checked from today or the given start date; with "hire_date" each learner's
// rule is anchored on their own hire date, which is not checked here.
export function rruleWithoutDates(
  cadence: z.infer<typeof CadenceSchema> | undefined,
  startsOn: string | undefined,
  now: Date,
): string | undefined {
  if (cadence?.kind !== 'rrule') return undefined;
  const anchor = startsOn === 'hire_date' ? undefined : startsOn;
  return rruleDatesProblem(cadence.rule, anchor, now);
}
