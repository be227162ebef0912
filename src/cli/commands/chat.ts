import { createInterface } from 'node:readline';
import { InvalidArgumentError, type Command } from 'commander';
import { CATALOGS, localeChain } from '../../conversation/catalog.ts';
import { runChatSession } from '../../demo/chat-session.ts';
import { SAMPLE_SOURCE } from '../../demo/run-demo.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { counted } from '../../shared/counted.ts';
import { configFor, loggerFor } from '../runtime-options.ts';

export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('Take a course yourself, as a learner, in this terminal')
    .option(
      '--source <file>',
      'document to learn from (PDF, DOCX, PPTX, HTML, Markdown or text)',
      SAMPLE_SOURCE,
    )
    .option('--name <name>', 'your name', 'You')
    .option(
      '--locale <locale>',
      `language of the engine's own phrases (${Object.keys(CATALOGS).join(', ')})`,
      readLocale,
      'en',
    )
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
 * A locale the engine has phrases for: a catalog's tag, or a regional tag of its language
 * ("es-MX" speaks "es"). Anything else would silently run in English, so it is refused.
 * @example readLocale('es-MX') // 'es-MX'
 */
function readLocale(value: string): string {
  const [tag = ''] = localeChain(value);
  const language = tag.split('-')[0] ?? '';
  if (CATALOGS[tag] || CATALOGS[language]) return value;
  throw new InvalidArgumentError(
    `The engine has no phrases in "${value}"; supported locales: ` +
      `${Object.keys(CATALOGS).join(', ')} (a regional tag such as es-MX uses its language's).`,
  );
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
