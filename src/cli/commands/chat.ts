import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { runChatSession } from '../../demo/chat-session.ts';
import { SAMPLE_SOURCE } from '../../demo/run-demo.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { counted } from '../../shared/counted.ts';
import { configFor, loggerFor } from '../runtime-options.ts';

export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('Take a course yourself, as a learner, in this terminal')
    .option('--source <file>', 'Markdown or text document to learn from', SAMPLE_SOURCE)
    .option('--name <name>', 'your name', 'You')
    .option('--locale <locale>', "language of the engine's own phrases (en, es)", 'en')
    .action(async (options: { source: string; name: string; locale: string }) => {
      const config = configFor({});
      // Only errors: a warning line in the middle of the conversation reads as a message.
      const logger = loggerFor({ ...config, logLevel: process.env.INFLOW_LOG_LEVEL ?? 'error' });
      const lines = createInterface({ input: process.stdin, terminal: false });

      const result = await runChatSession({
        sourcePath: options.source,
        name: options.name,
        locale: options.locale,
        timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
        input: prompted(lines),
        print: (text) => console.log(text),
        logger,
      });
      lines.close();
      if (!result.ok) throw new CliError(result.error, EXIT.badInput);

      const { lessonsCompleted, lessonCount, answers, correct } = result.value;
      console.log(
        `\nYou completed ${lessonsCompleted} of ${counted(lessonCount, 'lesson')} ` +
          `and got ${correct} of ${counted(answers, 'answer')} right. Bye!`,
      );
    });
}

/**
 * The iterator is taken at once: readline drops lines that arrive before anyone iterates,
 * and piped input arrives while the session is still opening its database.
 */
function prompted(lines: AsyncIterable<string>): AsyncIterable<string> {
  const iterator = lines[Symbol.asyncIterator]();
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        process.stdout.write('> ');
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    },
  };
}
