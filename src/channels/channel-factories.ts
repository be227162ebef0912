import type { ChannelFactory } from './channel-factory.ts';
import { twilioSmsFactory } from './twilio/twilio-factory.ts';
import { slackFactory } from './slack/slack-factory.ts';
import { whatsappFactory } from './whatsapp/whatsapp-factory.ts';
import { teamsChannelFactory } from './teams/teams-factory.ts';
import { emailChannelFactory } from './email/email-factory.ts';
import { webChannelFactory } from './web/web-factory.ts';

/**
 * Every provider adapter Inflow can build from an organization's credentials. A provider
 * module adds its factory here.
 */
export const CHANNEL_FACTORIES: readonly ChannelFactory<unknown>[] = [
  twilioSmsFactory,
  whatsappFactory,
  slackFactory,
  teamsChannelFactory,
  emailChannelFactory,
  webChannelFactory,
];
