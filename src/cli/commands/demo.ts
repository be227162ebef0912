import type { Command } from 'commander';
import { runDemo, SAMPLE_ROSTER, SAMPLE_SOURCE } from '../../demo/run-demo.ts';
import { formatDemoReport } from '../../demo/format-report.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { configFor, loggerFor } from '../runtime-options.ts';
import { createProgressLine } from '../progress-line.ts';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Turn a document into a micro-course, deliver it to 50 simulated employees ' +
        'over simulated days, and print the report',
    )
    .option(
      '--source <file>',
      'document to teach: PDF, DOCX, PPTX, HTML, Markdown or text',
      SAMPLE_SOURCE,
    )
    .option('--roster <file>', 'roster CSV of employees', SAMPLE_ROSTER)
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .option('--seed <text>', 'seed of the simulated learners; same seed, same run', 'inflow-demo')
    .option('--start <instant>', 'simulated start, ISO 8601', '2026-03-02T00:00:00Z')
    .option('--send-time <HH:MM>', "local send time in each learner's timezone", '09:00')
    .option('--weekdays', 'send lessons on weekdays only')
    .option('--json', 'print the report as JSON')
    .action(async (options: DemoCliOptions) => {
      const config = configFor(options);
      const logger = loggerFor({ ...config, logLevel: process.env.INFLOW_LOG_LEVEL ?? 'warn' });
      const start = new Date(options.start);
      if (Number.isNaN(start.getTime())) {
        throw new CliError(`--start: "${options.start}" is not an ISO 8601 instant`, EXIT.usage);
      }
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(options.sendTime)) {
        throw new CliError(`--send-time: "${options.sendTime}" is not HH:MM`, EXIT.usage);
      }

      const began = Date.now();
      const progress = createProgressLine(process.stderr);
      const result = await runDemo({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        sourcePath: options.source,
        rosterPath: options.roster,
        start,
        seed: options.seed,
        days: options.weekdays ? 'weekdays' : 'daily',
        sendTime: options.sendTime,
        logger,
        onStage: (stage) => progress.stage(stage),
        onProgress: (step) =>
          progress.update(
            `simulated ${step.at.toISOString().slice(0, 16).replace('T', ' ')} UTC: ` +
              `${step.lessonsSent} lessons sent, ${step.repliesHandled} replies`,
          ),
      }).catch((error: unknown) => {
        progress.done();
        throw error;
      });
      progress.done();

      if (!result.ok) throw new CliError(result.error, EXIT.badInput);
      const seconds = (Date.now() - began) / 1000;
      if (options.json)
        console.log(JSON.stringify({ ...result.value, wallSeconds: seconds }, null, 2));
      else console.log(formatDemoReport(result.value, seconds));
    });
}

interface DemoCliOptions {
  source: string;
  roster: string;
  dataDir?: string;
  seed: string;
  start: string;
  sendTime: string;
  weekdays?: boolean;
  json?: boolean;
}
