/**
 * Each organization's provider credentials. Settings that are not secret (an account id, a
 * sender number) are stored readable; the fields a provider's factory names as secret are
 * sealed together with AES-256-GCM. Nothing here logs, and summaries never carry a secret.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { ChannelFactory } from '../channel-factory.ts';
import { openSecrets, sealSecrets } from './credentials-cipher.ts';
import { CredentialsKeyMissingError, type CredentialsKey } from './credentials-key.ts';

export interface ChannelCredentialsSummary {
  channel: string;
  /** The non-secret settings, as stored. */
  settings: Record<string, unknown>;
  /** Names of the secret fields that are set; their values are never shown. */
  secretFields: string[];
  revision: number;
  updatedAt: Date;
  lastCheck: { at: Date; ok: boolean; message: string } | null;
}

export type CredentialsProblem =
  | { kind: 'unknown_channel'; message: string }
  | { kind: 'invalid'; message: string; issues: { path: string; message: string }[] };

/**
 * Stored credentials this process cannot use: sealed with another INFLOW_CREDENTIALS_KEY, or
 * no longer valid for their provider. The message says what to do and quotes no secret.
 */
export class StoredCredentialsUnusableError extends Error {
  constructor(
    readonly reason: 'other_key' | 'no_longer_valid',
    message: string,
  ) {
    super(message);
    this.name = 'StoredCredentialsUnusableError';
  }
}

export interface StoredCredentials {
  credentials: unknown;
  revision: number;
}

export interface ChannelCredentialStoreOptions {
  db: Kysely<Database>;
  /** Absent when INFLOW_CREDENTIALS_KEY is not set: reading or writing secrets then throws. */
  key?: CredentialsKey;
  factories: readonly ChannelFactory<unknown>[];
}

export class ChannelCredentialStore {
  constructor(private readonly options: ChannelCredentialStoreOptions) {}

  factoryFor(channel: string): ChannelFactory<unknown> | undefined {
    return this.options.factories.find((factory) => factory.kind === channel);
  }

  kinds(): string[] {
    return this.options.factories.map((factory) => factory.kind);
  }

  /**
   * Validates credentials with the provider's schema and stores them, replacing any before.
   * @example await store.save(orgId, 'sms', { accountSid: 'AC...', authToken: '...', ... })
   */
  async save(
    organizationId: string,
    channel: string,
    input: unknown,
    now: Date,
  ): Promise<Result<ChannelCredentialsSummary, CredentialsProblem>> {
    const factory = this.factoryFor(channel);
    if (!factory) return err(unknownChannel(channel, this.kinds()));
    const parsed = factory.credentialsSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || '(credentials)',
        message: issue.message,
      }));
      const where = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      return err({ kind: 'invalid', message: `Invalid ${channel} credentials: ${where}`, issues });
    }

    const key = this.requireKey('save channel credentials');
    const { settings, secrets } = splitSecrets(parsed.data, factory.secretFields);
    const ciphertext = sealSecrets(
      key,
      sealContext(organizationId, channel),
      JSON.stringify(secrets),
    );
    await this.options.db
      .insertInto('channelCredentials')
      .values({
        organizationId,
        channel,
        settings: JSON.stringify(settings),
        secretsCiphertext: ciphertext,
        keyId: key.id,
        createdAt: now,
        updatedAt: now,
      })
      .onConflict((conflict) =>
        conflict.columns(['organizationId', 'channel']).doUpdateSet({
          settings: JSON.stringify(settings),
          secretsCiphertext: ciphertext,
          keyId: key.id,
          revision: sql<number>`channel_credentials.revision + 1`,
          updatedAt: now,
          lastCheckedAt: null,
          lastCheckOk: null,
          lastCheckMessage: null,
        }),
      )
      .execute();
    return ok((await this.summary(organizationId, channel)) as ChannelCredentialsSummary);
  }

  /** The credentials, decrypted and parsed by the provider's schema; undefined when unset. */
  async load(organizationId: string, channel: string): Promise<StoredCredentials | undefined> {
    const factory = this.factoryFor(channel);
    const row = await this.options.db
      .selectFrom('channelCredentials')
      .select(['settings', 'secretsCiphertext', 'keyId', 'revision'])
      .where('organizationId', '=', organizationId)
      .where('channel', '=', channel)
      .executeTakeFirst();
    if (!row || !factory) return undefined;

    const key = this.requireKey(`use the ${channel} credentials of organization ${organizationId}`);
    const opened = openSecrets(key, sealContext(organizationId, channel), row.secretsCiphertext);
    if (!opened.ok) {
      throw new StoredCredentialsUnusableError(
        'other_key',
        `The ${channel} credentials of organization ${organizationId} cannot be decrypted: ` +
          `${opened.error}. They were sealed with key ${row.keyId}; this process has key ` +
          `${key.id}. Set the same INFLOW_CREDENTIALS_KEY everywhere, or save them again.`,
      );
    }
    const merged = { ...row.settings, ...(JSON.parse(opened.value) as Record<string, unknown>) };
    const parsed = factory.credentialsSchema.safeParse(merged);
    if (!parsed.success) {
      throw new StoredCredentialsUnusableError(
        'no_longer_valid',
        `The stored ${channel} credentials of organization ${organizationId} no longer pass ` +
          'validation; save them again with `inflow channels set`.',
      );
    }
    return { credentials: parsed.data, revision: row.revision };
  }

  /** The revision of an organization's credentials, cheap enough to ask before every use. */
  async revision(organizationId: string, channel: string): Promise<number | undefined> {
    const row = await this.options.db
      .selectFrom('channelCredentials')
      .select('revision')
      .where('organizationId', '=', organizationId)
      .where('channel', '=', channel)
      .executeTakeFirst();
    return row?.revision;
  }

  async summary(organizationId: string, channel: string) {
    return (await this.list(organizationId)).find((summary) => summary.channel === channel);
  }

  async list(organizationId: string): Promise<ChannelCredentialsSummary[]> {
    const rows = await this.options.db
      .selectFrom('channelCredentials')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .orderBy('channel')
      .execute();
    return rows.map((row) => ({
      channel: row.channel,
      settings: row.settings,
      secretFields: [...(this.factoryFor(row.channel)?.secretFields ?? [])],
      revision: row.revision,
      updatedAt: row.updatedAt,
      lastCheck:
        row.lastCheckedAt && row.lastCheckOk !== null
          ? { at: row.lastCheckedAt, ok: row.lastCheckOk, message: row.lastCheckMessage ?? '' }
          : null,
    }));
  }

  async remove(organizationId: string, channel: string): Promise<boolean> {
    const deleted = await this.options.db
      .deleteFrom('channelCredentials')
      .where('organizationId', '=', organizationId)
      .where('channel', '=', channel)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  }

  async recordCheck(
    organizationId: string,
    channel: string,
    outcome: Result<string, string>,
    at: Date,
  ): Promise<void> {
    await this.options.db
      .updateTable('channelCredentials')
      .set({
        lastCheckedAt: at,
        lastCheckOk: outcome.ok,
        lastCheckMessage: outcome.ok ? outcome.value : outcome.error,
      })
      .where('organizationId', '=', organizationId)
      .where('channel', '=', channel)
      .execute();
  }

  private requireKey(action: string): CredentialsKey {
    if (!this.options.key) throw new CredentialsKeyMissingError(action);
    return this.options.key;
  }
}

function splitSecrets(credentials: unknown, secretFields: readonly string[]) {
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(credentials as Record<string, unknown>)) {
    (secretFields.includes(name) ? secrets : settings)[name] = value;
  }
  return { settings, secrets };
}

/** Binds a ciphertext to its row: organization and channel are authenticated with it. */
function sealContext(organizationId: string, channel: string): string {
  return `${organizationId}:${channel}`;
}

function unknownChannel(channel: string, kinds: readonly string[]): CredentialsProblem {
  const known = kinds.join(', ') || 'none';
  return {
    kind: 'unknown_channel',
    message: `No provider adapter for channel "${channel}" (channels with credentials: ${known})`,
  };
}
