/**
 * Channel credentials this server cannot read, as HTTP answers. A webhook is public, so the
 * message names the organization's channel and what an administrator must change, never a
 * secret, a key fingerprint or an internal id: the full reason goes to the server log.
 */
import { ChannelNotConfiguredError } from '../channels/credentials/credential-channel-registry.ts';
import { CredentialsKeyMissingError } from '../channels/credentials/credentials-key.ts';
import { ApiError } from './api-error.ts';

const REASONS: Record<ChannelNotConfiguredError['reason'], string> = {
  key_missing:
    'INFLOW_CREDENTIALS_KEY is not set on this server. An administrator must set it to the ' +
    'key the credentials were saved with',
  other_key:
    'they were saved with a different INFLOW_CREDENTIALS_KEY than this server has. An ' +
    'administrator must set the same key on every Inflow process, or save them again',
  no_longer_valid:
    'they no longer pass validation. An administrator must save them again',
  unreadable:
    'INFLOW_CREDENTIALS_KEY is missing or differs from the key they were saved with. An ' +
    'administrator must set the right key, or save them again',
};

/**
 * A 503 for credentials that exist but cannot be used here, undefined for any other error.
 * @example credentialsApiError(new ChannelNotConfiguredError(orgId, 'sms', keyMissing))
 *   // 503 credentials_unreadable "This server cannot read the sms channel credentials ..."
 */
export function credentialsApiError(error: unknown): ApiError | undefined {
  if (error instanceof ChannelNotConfiguredError) {
    return new ApiError(
      'credentials_unreadable',
      `This server cannot read the ${error.channel} channel credentials of this ` +
        `organization: ${REASONS[error.reason]}.`,
    );
  }
  if (error instanceof CredentialsKeyMissingError) {
    return new ApiError('credentials_unreadable', error.message);
  }
  return undefined;
}
