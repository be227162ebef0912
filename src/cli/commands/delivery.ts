/**
 * `inflow delivery settings`: an organization's send rules, shown or changed. Values are
 * checked by the same schema as `PUT /api/v1/organizations/{org}/delivery/settings`.
 *
 *   inflow delivery settings acme
 *   inflow delivery settings acme --set quietHours=22:00-06:30 --set fallbackChannels=sms,email
 *   inflow delivery settings acme --set holidays=2026-12-24,2026-12-25 --set maxSendsPerMinute=off
 */
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  loadDeliverySettings,
  replaceDeliverySettings,
  type DeliverySettings,
} from '../../delivery/delivery-settings.ts';
import { DeliverySettingsSchema } from '../../delivery/http/settings-routes.ts';
import type { Organization } from '../../organizations/organization-repository.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { CommandOutput } from './cohort.ts';
import { organizationOrThrow, withRuntime } from './people.ts';

type SettingName = keyof DeliverySettings;

const OFF = new Set(['off', 'none', 'null', '']);

/** How each setting is written after `--set name=`. */
const VALUE_READERS: Record<SettingName, (text: string, name: string) => unknown> = {
  quietHours: (text) => (OFF.has(text.toLowerCase()) ? null : quietHours(text)),
  sendWindowMinutes: wholeNumber,
  maxSendsPerMinute: (text, name) => (OFF.has(text) ? null : wholeNumber(text, name)),
  reminderCount: wholeNumber,
  reminderIntervalHours: wholeNumber,
  dailyReviewCap: wholeNumber,
  maxLessonsPerDay: wholeNumber,
  fallbackChannels: list,
  sendTimeOptimization: onOrOff,
  holidays: list,
};

const SETTING_NAMES = Object.keys(VALUE_READERS) as SettingName[];

const SET_HELP = `
Values for --set:
  quietHours=21:00-07:00      local hours with no sends (may span midnight); off for none
  sendWindowMinutes=240       how long after its slot a lesson may still go (1 to 1440)
  maxLessonsPerDay=1          lessons per learner per local day
  dailyReviewCap=2            review messages per learner per local day
  reminderCount=1             reminders for an unanswered question (0 to 10)
  reminderIntervalHours=24    hours between the question and each reminder
  maxSendsPerMinute=600       the organization's rate limit over all channels; off for none
  fallbackChannels=sms,email  channels to try in order when a message cannot go; none
  sendTimeOptimization=on     learn each learner's send time from their replies; off
  holidays=2026-12-24,2026-12-25  local dates with no sends (replaces the list); none

A running worker applies a change within a minute.`;

/** Registers `inflow delivery settings`. */
export function registerDeliveryCommands(program: Command): void {
  const delivery = program.command('delivery').description('Delivery rules of organizations');

  delivery
    .command('settings')
    .description("Show an organization's delivery settings, or change them with --set")
    .argument('<org>', 'organization id or slug')
    .option('--set <name=value>', 'change one setting; repeat for more', collect, [])
    .option('--json', 'print the settings as JSON')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .addHelpText('after', SET_HELP)
    .action(async (org: string, options: DeliverySettingsOptions & { dataDir?: string }) => {
      const output = await withRuntime(options, async (context) =>
        runDeliverySettings(context.db, await organizationOrThrow(context, org), options),
      );
      console.log(output.text);
    });
}

export interface DeliverySettingsOptions {
  /** "name=value" changes; none to only show the settings. */
  set?: string[];
  json?: boolean;
}

/**
 * Shows, or changes then shows, an organization's settings. A malformed `--set` or an
 * unknown setting is a usage error (exit 2); a value the rules refuse is bad input (exit 3),
 * and then nothing is saved.
 * @example await runDeliverySettings(db, acme, { set: ['quietHours=off'] })
 */
export async function runDeliverySettings(
  db: Kysely<Database>,
  organization: Organization,
  options: DeliverySettingsOptions,
): Promise<CommandOutput> {
  const changes = readChanges(options.set ?? []);
  const current = await loadDeliverySettings(db, organization.id);
  if (Object.keys(changes).length > 0) {
    const checked = DeliverySettingsSchema.safeParse({ ...current, ...changes });
    if (!checked.success) {
      const problems = checked.error.issues.map(
        (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
      );
      throw new CliError(`nothing saved:\n${problems.join('\n')}`, EXIT.badInput);
    }
    const saved = await replaceDeliverySettings(db, organization.id, checked.data);
    if (!saved.ok) throw new CliError(`nothing saved: ${saved.error.join('; ')}`, EXIT.badInput);
  }

  const settings = await loadDeliverySettings(db, organization.id);
  if (options.json) return { text: JSON.stringify(settings, null, 2), exitCode: EXIT.ok };
  const title =
    Object.keys(changes).length > 0
      ? `Saved the delivery settings of ${organization.name}:`
      : `Delivery settings of ${organization.name}:`;
  return { text: [title, ...formatSettings(settings)].join('\n'), exitCode: EXIT.ok };
}

function readChanges(pairs: readonly string[]): Partial<Record<SettingName, unknown>> {
  const changes: Partial<Record<SettingName, unknown>> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--set "${pair}": write it as name=value`, EXIT.usage);
    const name = pair.slice(0, at).trim();
    if (!isSettingName(name)) {
      throw new CliError(
        `--set ${name}: no such setting; use one of ${SETTING_NAMES.join(', ')}`,
        EXIT.usage,
      );
    }
    changes[name] = VALUE_READERS[name](pair.slice(at + 1).trim(), name);
  }
  return changes;
}

function formatSettings(settings: DeliverySettings): string[] {
  const shown: Record<SettingName, string> = {
    quietHours: settings.quietHours
      ? `${settings.quietHours.start}-${settings.quietHours.end}`
      : 'off',
    sendWindowMinutes: String(settings.sendWindowMinutes),
    maxLessonsPerDay: String(settings.maxLessonsPerDay),
    dailyReviewCap: String(settings.dailyReviewCap),
    reminderCount: String(settings.reminderCount),
    reminderIntervalHours: String(settings.reminderIntervalHours),
    maxSendsPerMinute:
      settings.maxSendsPerMinute === null ? 'off' : `${settings.maxSendsPerMinute}`,
    fallbackChannels: settings.fallbackChannels.join(',') || 'none',
    sendTimeOptimization: settings.sendTimeOptimization ? 'on' : 'off',
    holidays: settings.holidays.join(',') || 'none',
  };
  return Object.entries(shown).map(([name, value]) => `  ${name.padEnd(22)} ${value}`);
}

function isSettingName(name: string): name is SettingName {
  return (SETTING_NAMES as string[]).includes(name);
}

function quietHours(text: string): { start: string; end: string } {
  const [start, end, ...rest] = text.split('-').map((part) => part.trim());
  if (start === undefined || end === undefined || rest.length > 0) {
    throw new CliError(
      `quietHours "${text}": write it as HH:MM-HH:MM, such as 21:00-07:00, or off`,
      EXIT.badInput,
    );
  }
  return { start, end };
}

function wholeNumber(text: string, name: string): number {
  if (!/^-?\d+$/.test(text)) {
    throw new CliError(`${name} "${text}": give a whole number`, EXIT.badInput);
  }
  return Number(text);
}

function list(text: string): string[] {
  if (OFF.has(text.toLowerCase())) return [];
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function onOrOff(text: string, name: string): boolean {
  const word = text.toLowerCase();
  if (['on', 'true', 'yes'].includes(word)) return true;
  if (['off', 'false', 'no'].includes(word)) return false;
  throw new CliError(`${name} "${text}": give on or off`, EXIT.badInput);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
