import type { Command } from 'commander';

import { flagProblem, parsePreviewOptions } from '../../delivery/schedule/preview-options.ts';
import { previewSends } from '../../delivery/schedule/index.ts';
import { CliError, EXIT } from '../exit-codes.ts';

interface PreviewCliOptions {
  tz: string;
  at: string;
  days?: string;
  from?: string;
  count?: string;
  json?: boolean;
}

/**
 * `inflow schedule preview` answers "when will this person get their next lesson?" without
 * reading code: the next send instants in UTC and on the learner's clock.
 *
 * @example
 * inflow schedule preview --tz America/New_York --at 02:30 --from 2026-03-07T00:00:00Z --count 3
 * inflow schedule preview --tz Asia/Kathmandu --at 09:00 --days weekdays --json
 */
export function registerScheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('Look at delivery schedules');
  schedule
    .command('preview')
    .description('Print the next send instants of a schedule, in UTC and local time')
    .requiredOption('--tz <zone>', 'IANA time zone of the learner, e.g. Europe/London')
    .requiredOption('--at <HH:MM>', 'local send time, 24-hour')
    .option('--days <days>', 'daily (default), weekdays, 1,3,5 or mon,wed, or an RRULE body')
    .option('--from <instant>', 'start after this ISO-8601 instant (default: now)')
    .option('--count <n>', 'how many sends to print (default 5)')
    .option('--json', 'print a JSON array of {"utc", "local"}')
    .action((options: PreviewCliOptions) => {
      const request = parsePreviewOptions({ ...options, now: new Date() });
      if (!request.ok) throw new CliError(request.error.map(flagProblem).join('\n'), EXIT.usage);

      const sends = previewSends(request.value);
      if (options.json) {
        console.log(JSON.stringify(sends));
        return;
      }
      console.log(`Next sends at ${options.at} in ${request.value.timezone}:`);
      for (const send of sends) console.log(`  ${send.utc.padEnd(22)} ${send.local}`);
    });
}
