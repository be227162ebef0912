import { Command, CommanderError } from 'commander';
import { StorageUnavailableError } from '../app/runtime.ts';
import { registerChatCommand } from './commands/chat.ts';
import { registerCourseCommands } from './commands/course.ts';
import { registerDeliveryCommands } from './commands/delivery.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerOrgCommands } from './commands/org.ts';
import { registerServeCommands } from './commands/serve.ts';
import { registerSmsCommands } from './commands/sms.ts';
import { registerChannelsCommands } from './commands/channels.ts';
import { registerPeopleCommands } from './commands/people.ts';
import { registerScheduleCommands } from './commands/schedule.ts';
import { registerStatusCommand } from './commands/status.ts';
import { CliError, EXIT, EXIT_CODES_HELP } from './exit-codes.ts';

/** Builds the `inflow` command line; every command registers itself from its own file. */
export function buildProgram(): Command {
  const program = new Command('inflow')
    .description('Inflow: micro-learning delivered in the tools people already use.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Environment:
  DATABASE_URL       PostgreSQL server to use; without it, the embedded database is used
  INFLOW_DATA_DIR    folder of the embedded database (default ./.inflow)
  INFLOW_LOG_LEVEL   fatal, error, warn, info (default), debug, trace or silent
  INFLOW_LOG_FORMAT  json or pretty (default: pretty in a terminal, json otherwise)
${EXIT_CODES_HELP}`,
    );

  registerDemoCommand(program);
  registerChatCommand(program);
  registerServeCommands(program);
  registerMigrateCommand(program);
  registerStatusCommand(program);
  registerOrgCommands(program);
  registerScheduleCommands(program);
  registerCourseCommands(program);
  registerSmsCommands(program);
  registerChannelsCommands(program);
  registerPeopleCommands(program);
  registerDeliveryCommands(program);

  overrideExits(program);
  return program;
}

/** Commander would call process.exit itself; main() maps its errors to our exit codes. */
function overrideExits(command: Command): void {
  command.exitOverride();
  for (const child of command.commands) overrideExits(child);
}

/** Runs the command line and returns the process exit code; never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  exitQuietlyWhenStdoutCloses();
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    if (error instanceof CliError) {
      console.error(`inflow: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof StorageUnavailableError) {
      console.error(`inflow: could not open storage: ${error.message}`);
      return EXIT.storage;
    }
    console.error('inflow: unexpected failure:', error instanceof Error ? error.stack : error);
    return EXIT.failure;
  }
}

/**
 * Help asked for (`--help`, `inflow help`) and --version are successes. Help shown because a
 * command was missing (`inflow`, `inflow course`) comes with Commander's exit code 1, which
 * would read as a crash here: it is a usage error.
 */
function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  const quiet = ['commander.helpDisplayed', 'commander.version'];
  return quiet.includes(error.code) ? EXIT.ok : EXIT.usage;
}

let watchingStdout = false;

/**
 * `inflow sms segments - | head -3`: once the reader has what it wants it closes the pipe, and
 * the next write fails with EPIPE on stdout, which Node throws as an uncaught error. The
 * reader is satisfied, so the command ends at once, quietly, with success.
 */
function exitQuietlyWhenStdoutCloses(): void {
  if (watchingStdout) return;
  watchingStdout = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
}
