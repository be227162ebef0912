import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatSmsCostReport, smsCostReport } from '../../channels/twilio/sms-cost-report.ts';

/**
 * `inflow sms segments` tells an author what a text costs by SMS before it is scheduled.
 *
 * @example
 * inflow sms segments "Hi Ana, today’s lesson"        # UCS-2, forced by ’ U+2019
 * inflow sms segments --json "€5 off"                  # {"encoding":"GSM-7","segments":1,...}
 * cat lesson.txt | inflow sms segments -
 */
export function registerSmsCommands(program: Command): void {
  const sms = program.command('sms').description('Tools for lessons sent by SMS');

  sms
    .command('segments')
    .description(
      'Print the encoding (GSM-7 or UCS-2), segments and characters of a text, ' +
        'and which characters forced UCS-2',
    )
    .argument('<text>', 'the text, or - to read it from standard input')
    .option('--json', 'print {"encoding", "segments", "characters", ...} as JSON')
    .action((text: string, options: { json?: boolean }) => {
      const body = text === '-' ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : text;
      const report = smsCostReport(body);
      if (options.json) console.log(JSON.stringify(report));
      else for (const line of formatSmsCostReport(report)) console.log(line);
    });
}
