import { defineChannelFactory } from '../channel-factory.ts';
import { err, ok } from '../../shared/result.ts';
import { createTwilioClient } from './twilio-client.ts';
import {
  TWILIO_SECRET_FIELDS,
  twilioCredentialsSchema,
  type TwilioCredentials,
} from './twilio-credentials.ts';
import { sendFailureFrom } from './twilio-send-errors.ts';
import { TwilioSmsChannel } from './twilio-sms-channel.ts';

/**
 * SMS through an organization's own Twilio account. The check fetches the Account resource:
 * it proves the SID and token work and that the account is active, and sends nothing.
 */
export const twilioSmsFactory = defineChannelFactory<TwilioCredentials>({
  kind: 'sms',
  credentialsSchema: twilioCredentialsSchema,
  secretFields: TWILIO_SECRET_FIELDS,
  create: (credentials, dependencies) => new TwilioSmsChannel(credentials, dependencies),
  check: async (credentials, dependencies) => {
    const client = createTwilioClient(credentials, dependencies.apiBaseUrls?.twilio);
    try {
      const account = await client.api.v2010.accounts(credentials.accountSid).fetch();
      if (account.status !== 'active') {
        return err(`Twilio account "${account.friendlyName}" is ${account.status}, not active`);
      }
      return ok(`Twilio account "${account.friendlyName}" is active (${account.type})`);
    } catch (error) {
      return err(sendFailureFrom(error).reason);
    }
  },
});
