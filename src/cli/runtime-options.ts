import type { Channel } from '../channels/channel.ts';
import { startRuntime, type Runtime } from '../app/runtime.ts';
import { loadConfig, type Config } from '../shared/config.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import type { EngineContext } from '../app/context.ts';
import { createLogger, type Logger } from '../shared/logger.ts';
import { CliError, EXIT } from './exit-codes.ts';

/** Configuration from the environment, with `--data-dir` taking precedence when given. */
export function configFor(options: { dataDir?: string }): Config {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.badInput);
  }
  return options.dataDir ? { ...config, dataDir: options.dataDir } : config;
}

export function loggerFor(config: Config): Logger {
  return createLogger({ level: config.logLevel, pretty: config.prettyLogs });
}

/** Opens storage for a command, turning a failure into exit code 4 with the reason. */
export async function openRuntime(
  config: Config,
  logger: Logger,
  clock: Clock,
  channels: Channel[] = [],
): Promise<Runtime> {
  try {
    return await startRuntime({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      logger,
      clock,
      channels,
    });
  } catch (error) {
    throw storageError(error, config);
  }
}

export function storageError(error: unknown, config: Config): CliError {
  const where = config.databaseUrl ? 'the PostgreSQL server in DATABASE_URL' : config.dataDir;
  return new CliError(
    `could not open storage at ${where}: ${(error as Error).message}`,
    EXIT.storage,
  );
}

/** Opens storage for one command and closes it whatever happens. */
export async function withRuntime<T>(
  options: { dataDir?: string },
  work: (context: EngineContext) => Promise<T>,
): Promise<T> {
  const config = configFor(options);
  const runtime = await openRuntime(
    config,
    loggerFor({ ...config, logLevel: 'warn' }),
    systemClock,
  );
  try {
    return await work(runtime.context);
  } finally {
    await runtime.close();
  }
}
