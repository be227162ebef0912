/**
 * How an organization's Slack adapter is built from its saved credentials, and how they are
 * checked without messaging anyone: auth.test proves the token, and the scopes Slack reports
 * for it must include what sending and linking learners need.
 */
import { z } from 'zod';
import { err, ok } from '../../shared/result.ts';
import { defineChannelFactory } from '../channel-factory.ts';
import { SlackChannel } from './slack-channel.ts';
import { sendFailureOfSlackError } from './slack-errors.ts';

/** chat:write and im:write to send direct messages; users:read.email to link learners. */
export const REQUIRED_SLACK_SCOPES = ['chat:write', 'im:write', 'users:read', 'users:read.email'];

export const SlackCredentialsSchema = z.object({
  botToken: z.string().regex(/^xoxb-[\w-]+$/, 'a bot token starting with xoxb-'),
  signingSecret: z.string().regex(/^[0-9a-f]{16,}$/i, "the app's signing secret (hex)"),
  botUserId: z
    .string()
    .regex(/^[UW][A-Z0-9]+$/)
    .optional(),
});

export type SlackCredentials = z.infer<typeof SlackCredentialsSchema>;

export const slackFactory = defineChannelFactory<SlackCredentials>({
  kind: 'slack',
  credentialsSchema: SlackCredentialsSchema,
  secretFields: ['botToken', 'signingSecret'],
  create: (credentials, dependencies) => new SlackChannel(credentials, dependencies),
  check: async (credentials, dependencies) => {
    const channel = new SlackChannel(credentials, dependencies);
    try {
      const identity = await channel.client.auth.test();
      const granted = identity.response_metadata?.scopes ?? [];
      const missing = REQUIRED_SLACK_SCOPES.filter((scope) => !granted.includes(scope));
      if (granted.length > 0 && missing.length > 0) {
        return err(
          `The Slack bot token lacks the scopes ${missing.join(', ')}; add them ` +
            'under OAuth & Permissions and reinstall the app',
        );
      }
      return ok(
        `Slack workspace "${identity.team ?? '?'}" as @${identity.user ?? '?'} ` +
          `(${identity.user_id ?? '?'})`,
      );
    } catch (error) {
      return err(sendFailureOfSlackError(error).reason);
    }
  },
});
