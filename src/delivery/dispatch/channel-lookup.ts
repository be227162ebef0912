import type { Channel, SendFailure } from '../../channels/channel.ts';
import type { ChannelRegistry } from '../../channels/channel-registry.ts';
import { ChannelNotConfiguredError } from '../../channels/credentials/credential-channel-registry.ts';
import { err, ok, type Result } from '../../shared/result.ts';

/**
 * The organization's adapter for a channel kind, or why there is none. A channel that is not
 * configured (no credentials, or credentials this process cannot open) is a refusal for good:
 * trying again later changes nothing until an admin acts, so it is a failure, never a retry.
 * Any other error (the database is down, a bug) is thrown on, for the dispatcher's retry path.
 *
 * @example await findChannel(context.channels, org.id, 'sms')
 *   // { ok: false, error: { code: 'not_configured', reason: 'no sms channel is ...' } }
 */
export async function findChannel(
  channels: ChannelRegistry,
  organizationId: string,
  kind: string,
): Promise<Result<Channel, SendFailure>> {
  try {
    const channel = await channels.forOrganization(organizationId, kind);
    if (channel) return ok(channel);
    return err(
      notConfigured(`no ${kind} channel is configured for organization ${organizationId}`),
    );
  } catch (error) {
    if (error instanceof ChannelNotConfiguredError) return err(notConfigured(error.message));
    throw error;
  }
}

function notConfigured(reason: string): SendFailure {
  return { code: 'not_configured', reason, retryable: false };
}
