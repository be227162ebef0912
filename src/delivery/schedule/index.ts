export { localDate, nextSendInstant, sendInstants } from './send-times.ts';
export { validateSendRule } from './send-rule.ts';
export type { SendDays, SendRule } from './send-rule.ts';
export type { IsoWeekday } from './calendar-day.ts';
