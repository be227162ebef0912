import type { Kysely } from 'kysely';

import type { Database } from '../db/schema.ts';
import type { Clock } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { isCalendarDay } from './schedule/calendar-day.ts';
import type { QuietHours } from './schedule/index.ts';
import { parseWallTime } from './schedule/wall-time.ts';

/** An organization's send rules, shared by every channel. */
export interface DeliverySettings {
  /** Local hours in which nothing scheduled goes out; null turns them off. */
  quietHours: QuietHours | null;
  /** How long after its slot a lesson may still go; later, it waits for the next slot. */
  sendWindowMinutes: number;
  /** Per-organization rate limit across channels; null for none. */
  maxSendsPerMinute: number | null;
  reminderCount: number;
  reminderIntervalHours: number;
  /** Review messages per learner per local day, on top of the lesson. */
  dailyReviewCap: number;
  /** Lessons per learner per local day, whatever backlog an outage or pause left. */
  maxLessonsPerDay: number;
  /** Channels to try, in order, when the enrolment's channel cannot reach a learner. */
  fallbackChannels: string[];
  /** Learn each learner's send time from how fast they reply. */
  sendTimeOptimization: boolean;
  /** Local dates "YYYY-MM-DD" with no sends. */
  holidays: string[];
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  quietHours: { start: '21:00', end: '07:00' },
  sendWindowMinutes: 240,
  maxSendsPerMinute: null,
  reminderCount: 1,
  reminderIntervalHours: 24,
  dailyReviewCap: 2,
  maxLessonsPerDay: 1,
  fallbackChannels: [],
  sendTimeOptimization: false,
  holidays: [],
};

/** The organization's settings, or the defaults for what it never set. */
export async function loadDeliverySettings(
  db: Kysely<Database>,
  organizationId: string,
): Promise<DeliverySettings> {
  const row = await db
    .selectFrom('deliverySettings')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .executeTakeFirst();
  const holidays = await db
    .selectFrom('organizationHolidays')
    .select('day')
    .where('organizationId', '=', organizationId)
    .orderBy('day')
    .execute();
  if (!row) return { ...DEFAULT_DELIVERY_SETTINGS, holidays: holidays.map((h) => h.day) };

  return {
    quietHours:
      row.quietHoursStart && row.quietHoursEnd
        ? { start: row.quietHoursStart, end: row.quietHoursEnd }
        : null,
    sendWindowMinutes: row.sendWindowMinutes,
    maxSendsPerMinute: row.maxSendsPerMinute,
    reminderCount: row.reminderCount,
    reminderIntervalHours: row.reminderIntervalHours,
    dailyReviewCap: row.dailyReviewCap,
    maxLessonsPerDay: row.maxLessonsPerDay,
    fallbackChannels: row.fallbackChannels,
    sendTimeOptimization: row.sendTimeOptimization,
    holidays: holidays.map((h) => h.day),
  };
}

/**
 * Saves an organization's settings (holidays aside) after checking them.
 * @example saveDeliverySettings(db, orgId, { ...DEFAULT_DELIVERY_SETTINGS, dailyReviewCap: 1 })
 */
export async function saveDeliverySettings(
  db: Kysely<Database>,
  organizationId: string,
  settings: Omit<DeliverySettings, 'holidays'>,
): Promise<Result<void, string[]>> {
  const problems = settingsProblems(settings);
  if (problems.length > 0) return err(problems);

  const values = {
    quietHoursStart: settings.quietHours?.start ?? null,
    quietHoursEnd: settings.quietHours?.end ?? null,
    sendWindowMinutes: settings.sendWindowMinutes,
    maxSendsPerMinute: settings.maxSendsPerMinute,
    reminderCount: settings.reminderCount,
    reminderIntervalHours: settings.reminderIntervalHours,
    dailyReviewCap: settings.dailyReviewCap,
    maxLessonsPerDay: settings.maxLessonsPerDay,
    fallbackChannels: JSON.stringify(settings.fallbackChannels),
    sendTimeOptimization: settings.sendTimeOptimization,
    updatedAt: new Date(),
  };
  await db
    .insertInto('deliverySettings')
    .values({ organizationId, ...values })
    .onConflict((conflict) => conflict.column('organizationId').doUpdateSet(values))
    .execute();
  return ok(undefined);
}

/**
 * Replaces all of an organization's settings and its holiday list at once, or nothing.
 * @example replaceDeliverySettings(db, orgId, { ...DEFAULT_DELIVERY_SETTINGS,
 *   holidays: ['2026-12-25'] })
 */
export async function replaceDeliverySettings(
  db: Kysely<Database>,
  organizationId: string,
  settings: DeliverySettings,
): Promise<Result<void, string[]>> {
  const badDays = settings.holidays.filter((day) => !isCalendarDay(day));
  if (badDays.length > 0) {
    return err([`holidays must be local dates "YYYY-MM-DD", got ${badDays.join(', ')}`]);
  }

  return db.transaction().execute(async (trx) => {
    const saved = await saveDeliverySettings(trx, organizationId, settings);
    if (!saved.ok) return saved;

    const days = [...new Set(settings.holidays)];
    let removed = trx
      .deleteFrom('organizationHolidays')
      .where('organizationId', '=', organizationId);
    if (days.length > 0) removed = removed.where('day', 'not in', days);
    await removed.execute();
    // Limitation: holidays set this way have no name; a day already listed keeps its own.
    await addHolidays(
      trx,
      organizationId,
      days.map((day) => ({ day, name: '' })),
    );
    return ok(undefined);
  });
}

/** Adds organization holidays, read as each learner's local date. */
export async function addHolidays(
  db: Kysely<Database>,
  organizationId: string,
  holidays: readonly { day: string; name: string }[],
): Promise<void> {
  if (holidays.length === 0) return;
  await db
    .insertInto('organizationHolidays')
    .values(holidays.map((holiday) => ({ organizationId, ...holiday })))
    .onConflict((conflict) => conflict.columns(['organizationId', 'day']).doNothing())
    .execute();
}

function settingsProblems(settings: Omit<DeliverySettings, 'holidays'>): string[] {
  const problems: string[] = [];
  const quiet = settings.quietHours;
  if (quiet && (!parseWallTime(quiet.start) || !parseWallTime(quiet.end))) {
    problems.push('quiet hours must be two 24-hour times "HH:MM", such as 21:00 and 07:00');
  }
  const counts: [string, number, number][] = [
    ['sendWindowMinutes', settings.sendWindowMinutes, 1],
    ['reminderIntervalHours', settings.reminderIntervalHours, 1],
    ['maxLessonsPerDay', settings.maxLessonsPerDay, 1],
    ['reminderCount', settings.reminderCount, 0],
    ['dailyReviewCap', settings.dailyReviewCap, 0],
  ];
  for (const [name, value, least] of counts) {
    if (!Number.isInteger(value) || value < least) {
      problems.push(`${name} must be a whole number of at least ${least}, got ${value}`);
    }
  }
  const rate = settings.maxSendsPerMinute;
  // Zero would hold every message for ever; "no limit" is null.
  if (rate !== null && (!Number.isInteger(rate) || rate < 1)) {
    problems.push(`maxSendsPerMinute must be a whole number of at least 1 or null, got ${rate}`);
  }
  return problems;
}

/**
 * Settings read at most once a minute per organization: the dispatcher consults them for
 * every message, and a changed setting may take that long to apply.
 */
export class DeliverySettingsCache {
  private readonly entries = new Map<string, { at: number; settings: DeliverySettings }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly maxAgeMs = 60_000,
  ) {}

  /** Inside a transaction, pass it: the embedded database runs one statement at a time. */
  async get(organizationId: string, db: Kysely<Database> = this.db): Promise<DeliverySettings> {
    const now = this.clock.now().getTime();
    const cached = this.entries.get(organizationId);
    // A clock moved backwards (tests, the demo) also reloads.
    if (cached && now - cached.at < this.maxAgeMs && now >= cached.at) return cached.settings;

    const settings = await loadDeliverySettings(db, organizationId);
    this.entries.set(organizationId, { at: now, settings });
    return settings;
  }

  /** Drops one organization's entry (after it changed its settings), or every entry. */
  forget(organizationId?: string): void {
    if (organizationId === undefined) this.entries.clear();
    else this.entries.delete(organizationId);
  }
}
