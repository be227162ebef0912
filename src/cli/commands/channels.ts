import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  channelSetupOptionsFrom,
  createChannelSetup,
  type ChannelSetup,
} from '../../channels/credentials/channel-setup.ts';
import { checkChannelCredentials } from '../../channels/credentials/check-channel-credentials.ts';
import { CredentialsKeyMissingError } from '../../channels/credentials/credentials-key.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import {
  findOrganization,
  listOrganizations,
  type Organization,
} from '../../organizations/organization-repository.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Kysely } from 'kysely';
import { CliError, EXIT } from '../exit-codes.ts';
import { configFor, loggerFor, storageError } from '../runtime-options.ts';

const ENVIRONMENT_HELP = `
Environment:
  INFLOW_CREDENTIALS_KEY  32 random bytes, base64 or hex, that encrypt credentials at rest
                          (openssl rand -base64 32); the same value for every Inflow process
  INFLOW_PUBLIC_URL       the URL providers call (https://inflow.example.com), for webhooks
                          signed over their URL (Twilio) and status callbacks`;

/**
 * `inflow channels` stores each organization's provider credentials and checks them.
 *
 * @example
 * inflow channels set --org acme --channel sms \
 *   --json '{"accountSid":"AC...","authToken":"...","from":"+14155550100"}'
 * echo '{"accountSid": ...}' | inflow channels set --org acme --channel sms --json -
 * inflow channels check --org acme
 */
export function registerChannelsCommands(program: Command): void {
  const channels = program
    .command('channels')
    .description("Store and check organizations' chat provider credentials")
    .addHelpText('after', ENVIRONMENT_HELP);

  channels
    .command('set')
    .description("Store a channel's credentials for an organization, encrypted at rest")
    .requiredOption('--org <org>', 'organization id or slug')
    .requiredOption('--channel <kind>', 'channel kind, e.g. sms')
    .requiredOption('--json <json>', 'the credentials as JSON, or - to read them from stdin')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (options: SetOptions) => {
      const input = readJson(options.json === '-' ? readFileSync(0, 'utf8') : options.json);
      await withChannelSetup(options, async (setup, db, clock) => {
        const organization = await organizationOrFail(db, options.org);
        const saved = await setup.store.save(organization.id, options.channel, input, clock.now());
        if (!saved.ok) throw new CliError(saved.error.message, EXIT.badInput);
        const secrets = saved.value.secretFields.join(', ') || 'none';
        console.log(
          `Saved ${options.channel} credentials of ${organization.name} ` +
            `(revision ${saved.value.revision}); secret fields stored encrypted: ${secrets}.`,
        );
        console.log(`Run \`inflow channels check --org ${organization.slug}\` to test them.`);
      });
    });

  channels
    .command('check')
    .description('Check stored credentials with each provider, without sending a lesson')
    .option('--org <org>', 'only this organization (id or slug); default: all')
    .option('--channel <kind>', 'only this channel kind')
    .option('--json', 'print the results as JSON')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (options: CheckOptions) => {
      await withChannelSetup(options, async (setup, db, clock) => {
        const results = await runChannelChecks(setup, db, clock, options);
        printChecks(results, options.json === true);
        const failed = results.filter((result) => !result.ok).length;
        if (failed > 0) {
          throw new CliError(
            `${failed} of ${results.length} channel check(s) failed`,
            EXIT.badInput,
          );
        }
      });
    });
}

interface SetOptions {
  org: string;
  channel: string;
  json: string;
  dataDir?: string;
}

interface CheckOptions {
  org?: string;
  channel?: string;
  json?: boolean;
  dataDir?: string;
}

export interface ChannelCheckLine {
  organization: string;
  channel: string;
  ok: boolean;
  message: string;
}

/**
 * The checks of `inflow channels check`, for every organization or the one named.
 * @example await runChannelChecks(setup, db, clock, { org: 'acme' })
 *   // [{ organization: 'acme', channel: 'sms', ok: true, message: 'Twilio account ...' }]
 */
export async function runChannelChecks(
  setup: ChannelSetup,
  db: Kysely<Database>,
  clock: Clock,
  options: { org?: string; channel?: string },
): Promise<ChannelCheckLine[]> {
  const organizations = options.org
    ? [await organizationOrFail(db, options.org)]
    : await listOrganizations(db);

  const lines: ChannelCheckLine[] = [];
  for (const organization of organizations) {
    const checks = await checkChannelCredentials(
      setup.store,
      setup.registry,
      organization.id,
      clock.now(),
      options.channel,
    );
    for (const { channel, result } of checks) {
      lines.push({
        organization: organization.slug,
        channel,
        ok: result.ok,
        message: result.ok ? result.value : result.error,
      });
    }
  }
  return lines;
}

function printChecks(lines: readonly ChannelCheckLine[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(lines));
    return;
  }
  if (lines.length === 0) console.log('No channel credentials are stored yet.');
  for (const line of lines) {
    console.log(
      `${line.organization}  ${line.channel}  ${line.ok ? 'ok  ' : 'FAIL'}  ${line.message}`,
    );
  }
}

/** Opens storage alone (no job queue): these commands only read and write credentials. */
async function withChannelSetup(
  options: { dataDir?: string },
  work: (setup: ChannelSetup, db: Kysely<Database>, clock: Clock) => Promise<void>,
): Promise<void> {
  const config = configFor(options);
  const logger: Logger = loggerFor(config);
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    await migrateToLatest(handle.db);
  } catch (error) {
    throw storageError(error, config);
  }

  try {
    const setup = createChannelSetup(
      { db: handle.db, logger, clock: systemClock },
      channelSetupOptionsFrom(config),
    );
    await work(setup, handle.db, systemClock);
  } catch (error) {
    if (error instanceof CredentialsKeyMissingError)
      throw new CliError(error.message, EXIT.badInput);
    throw error;
  } finally {
    await handle.close();
  }
}

async function organizationOrFail(db: Kysely<Database>, idOrSlug: string): Promise<Organization> {
  const organization = await findOrganization(db, idOrSlug);
  if (!organization) {
    throw new CliError(`No organization has the id or slug "${idOrSlug}"`, EXIT.badInput);
  }
  return organization;
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The text may hold a secret, so the message does not quote it.
    throw new CliError('--json is not valid JSON (its content is not shown)', EXIT.badInput);
  }
}
