import { InvalidArgumentError, type Command } from 'commander';
import { readLlmProvider } from '../../authoring/llm/llm-settings.ts';
import type { EngineContext } from '../../app/context.ts';
import { createJobHandlers } from '../../app/job-handlers.ts';
import { startRuntime, type Runtime } from '../../app/runtime.ts';
import {
  channelSetupOptionsFrom,
  createChannelSetup,
} from '../../channels/credentials/channel-setup.ts';
import { API_PREFIX, createApp } from '../../server/app.ts';
import { listen, type RunningServer } from '../../server/http-server.ts';
import { systemClock } from '../../shared/clock.ts';
import type { Config } from '../../shared/config.ts';
import type { Logger } from '../../shared/logger.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { configFor, loggerFor, storageError } from '../runtime-options.ts';

/**
 * `inflow serve` runs the HTTP API and, unless told otherwise, the job worker in the same
 * process; `inflow worker` runs the worker alone, so API and delivery can scale apart.
 *
 * @example
 * inflow serve --port 8080
 * DATABASE_URL=postgres://... inflow serve --no-worker   # and `inflow worker` elsewhere
 */
export function registerServeCommands(program: Command): void {
  program.command('serve')
    .description('Serve the HTTP API, webhooks and health probes; runs the job worker too ' +
      'unless --no-worker')
    .option('--port <number>', 'port to listen on (or PORT; default 3000)', readPort)
    .option('--host <address>', 'address to listen on (or HOST; default 127.0.0.1)')
    .option('--no-worker', 'only serve requests; run `inflow worker` for deliveries')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (options: ServeCliOptions) => {
      const config = configFor(options);
      const logger = loggerFor(config);
      const port = options.port ?? config.port;
      const host = options.host ?? config.host;

      const llm = readLlmProvider(process.env);
      if (!llm.ok) throw new CliError(llm.error, EXIT.badInput);

      const runtime = await openChannelRuntime(config, logger);
      let server: RunningServer;
      try {
        if (options.worker) await startWorker(runtime.context);
        const app = createApp(runtime.context, {
          ...channelSetupOptionsFrom(config),
          llm: llm.value,
          linkSigningKey: config.linkSigningKey,
        });
        server = await listen(app, { port, host });
      } catch (error) {
        await runtime.close();
        throw new CliError(`cannot serve on ${host}:${port}: ${(error as Error).message}`,
          EXIT.badInput);
      }

      console.log(`Inflow is serving ${server.url}`);
      console.log(`  API        ${server.url}${API_PREFIX}`);
      console.log(`  OpenAPI    ${server.url}${API_PREFIX}/openapi.json`);
      console.log(`  worker     ${options.worker ? 'running in this process' : 'off'}`);
      console.log('Press Ctrl-C to stop.');

      const signal = await shutdownSignal();
      console.log(`Received ${signal}; finishing requests in flight...`);
      await stopAll(logger, runtime, server);
      console.log('Stopped.');
    });

  program.command('worker')
    .description('Run only the job worker: lesson sends and a delivery tick every minute')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (options: { dataDir?: string }) => {
      const config = configFor(options);
      const logger = loggerFor(config);
      const runtime = await openChannelRuntime(config, logger);
      try {
        await startWorker(runtime.context);
      } catch (error) {
        await runtime.close();
        throw error;
      }

      console.log('Inflow worker running; press Ctrl-C to stop.');
      const signal = await shutdownSignal();
      console.log(`Received ${signal}; finishing jobs in flight...`);
      await stopAll(logger, runtime);
      console.log('Stopped.');
    });
}

/**
 * Storage and job queue, with each organization's provider channels (SMS through Twilio, ...)
 * built from its stored credentials, decrypted with INFLOW_CREDENTIALS_KEY.
 */
async function openChannelRuntime(config: Config, logger: Logger): Promise<Runtime> {
  if (!config.credentialsKey) {
    logger.warn('INFLOW_CREDENTIALS_KEY is not set: provider channels cannot be used');
  }
  try {
    return await startRuntime({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      logger,
      clock: systemClock,
      channels: [],
      registryFor: (storage) =>
        createChannelSetup(storage, channelSetupOptionsFrom(config)).registry,
    });
  } catch (error) {
    throw storageError(error, config);
  }
}

interface ServeCliOptions {
  port?: number;
  host?: string;
  worker: boolean;
  dataDir?: string;
}

/**
 * Handlers for every job, plus the once-a-minute tick that finds due lessons. Several
 * workers on one PostgreSQL share the schedule and the queue, so each tick runs once.
 */
async function startWorker(context: EngineContext): Promise<void> {
  await context.jobs.work(createJobHandlers(context));
  await context.jobs.scheduleRecurringJobs();
}

/** Resolves on the first SIGINT or SIGTERM; a second one ends the process at once. */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const force = () => {
        console.error('Stopping now, without waiting.');
        process.exit(EXIT.failure);
      };
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** New requests stop first, then the jobs (which may still be sending), then the database. */
async function stopAll(logger: Logger, runtime: Runtime, server?: RunningServer): Promise<void> {
  try {
    if (server) await server.close();
  } catch (error) {
    logger.error({ err: error }, 'HTTP server did not close cleanly');
  }
  await runtime.close();
}

function readPort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  }
  return port;
}
