export { localDate, nextSendInstant, sendInstants } from './send-times.ts';
export { validateSendRule } from './send-rule.ts';
export type { SendDays, SendRule } from './send-rule.ts';
export type { IsoWeekday } from './calendar-day.ts';
export { canonicalZone, timezoneProblem } from './timezone.ts';
export {
  checkLessonRule,
  nextLessonInstant,
  rruleDatesProblem,
  validateCadence,
} from './cadence.ts';
export type { Cadence, LessonSchedule } from './cadence.ts';
export { endOfQuietHours, isInQuietHours, isInsideWindow } from './send-window.ts';
export type { QuietHours } from './send-window.ts';
export { previewSends } from './preview.ts';
export type { PreviewedSend, PreviewRequest } from './preview.ts';
