import { err, ok, type Result } from '../../shared/result.ts';
import {
  StoredCredentialsUnusableError,
  type ChannelCredentialStore,
  type StoredCredentials,
} from './channel-credential-store.ts';
import type { CredentialChannelRegistry } from './credential-channel-registry.ts';

export interface CredentialsCheck {
  channel: string;
  result: Result<string, string>;
}

/**
 * Asks each provider whether an organization's credentials work, without sending a lesson
 * (Twilio: fetch the account), and records the answer beside the credentials.
 * @example await checkChannelCredentials(store, registry, org.id, new Date())
 *   // [{ channel: 'sms', result: { ok: true, value: 'Twilio account "Acme" is active' } }]
 */
export async function checkChannelCredentials(
  store: ChannelCredentialStore,
  registry: CredentialChannelRegistry,
  organizationId: string,
  now: Date,
  onlyChannel?: string,
): Promise<CredentialsCheck[]> {
  const configured = (await store.list(organizationId))
    .map((summary) => summary.channel)
    .filter((channel) => onlyChannel === undefined || channel === onlyChannel);

  const checks: CredentialsCheck[] = [];
  for (const channel of configured) {
    const result = await checkOne(store, registry, organizationId, channel);
    await store.recordCheck(organizationId, channel, result, now);
    checks.push({ channel, result });
  }
  return checks;
}

async function checkOne(
  store: ChannelCredentialStore,
  registry: CredentialChannelRegistry,
  organizationId: string,
  channel: string,
): Promise<Result<string, string>> {
  const factory = store.factoryFor(channel);
  const stored = await loadForCheck(store, organizationId, channel);
  if (!stored.ok) return stored;
  if (!factory || !stored.value) return err(`no ${channel} credentials are stored`);
  try {
    return await factory.check(
      stored.value.credentials,
      registry.dependenciesFor(organizationId),
    );
  } catch (error) {
    return err(`the check could not run: ${(error as Error).message}`);
  }
}

/**
 * Credentials another key sealed, or that no longer validate, fail this one check with the
 * store's message; the checks of other organizations and channels still run. A missing key
 * (CredentialsKeyMissingError) fails every check alike, so it still throws and the caller
 * says once to set it.
 */
async function loadForCheck(
  store: ChannelCredentialStore,
  organizationId: string,
  channel: string,
): Promise<Result<StoredCredentials | undefined, string>> {
  try {
    return ok(await store.load(organizationId, channel));
  } catch (error) {
    if (error instanceof StoredCredentialsUnusableError) return err(error.message);
    throw error;
  }
}
