import type { Command } from 'commander';

import { deliveryStatus, type DeliveryStatusReport } from '../../delivery/operations.ts';
import { withRuntime } from '../runtime-options.ts';
import { organizationOrThrow } from './org.ts';

interface StatusCliOptions {
  org?: string;
  json?: boolean;
  dataDir?: string;
}

/**
 * `inflow status` shows whether delivery keeps up: queue depth, sends of the last hour by
 * channel and outcome, dead letters with their reasons, and the next sends due.
 *
 * @example
 * inflow status
 * inflow status --org larkspur-logistics --json
 */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('Show queue depth, sends of the last hour, dead letters and next sends due')
    .option('--org <id-or-slug>', 'only this organization')
    .option('--json', 'print the report as JSON')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (options: StatusCliOptions) => {
      await withRuntime(options, async (context) => {
        const organization =
          options.org === undefined ? undefined : await organizationOrThrow(context, options.org);
        const report = await deliveryStatus(context, organization?.id);
        console.log(options.json ? JSON.stringify(report, null, 2) : formatStatus(report));
      });
    });
}

export function formatStatus(report: DeliveryStatusReport): string {
  const lines = [
    `Delivery status at ${report.at}`,
    `  queue: ${report.queue.ready} ready, ${report.queue.waiting} waiting, ` +
      `${report.queue.sending} sending`,
    `  jobs: ${
      Object.entries(report.queue.jobs)
        .map(([name, n]) => `${name} ${n}`)
        .join(', ') || 'none'
    }`,
    '  last hour:',
    ...(report.lastHour.length === 0
      ? ['    nothing sent']
      : report.lastHour.map(
          (row) => `    ${row.channel.padEnd(10)} ${row.outcome.padEnd(12)} ${row.count}`,
        )),
    `  dead letters: ${report.deadLetters.total}`,
    ...report.deadLetters.latest.map(
      (dead) =>
        `    ${dead.at} ${dead.channel} ${dead.kind} ${dead.errorCode ?? ''}: ${dead.reason ?? ''}`,
    ),
    '  next sends due:',
    ...(report.nextDue.length === 0
      ? ['    none']
      : report.nextDue.map((due) => `    ${due.at} learner ${due.learnerId}`)),
  ];
  return lines.join('\n');
}
