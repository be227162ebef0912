/**
 * Requests Slack sends to an app, shaped as its documentation shows them and signed as it
 * signs them, for tests and the fake Slack: Events API bodies in JSON, interactivity
 * bodies form-encoded with the JSON in `payload`.
 */
import { signSlackRequest } from '../slack-signature.ts';

export const TEAM_ID = 'T0000TEST';
export const APP_ID = 'A0000TEST';

export interface SignedRequest {
  headers: Record<string, string>;
  rawBody: string;
}

export function signed(
  rawBody: string,
  timestamp: number,
  signingSecret: string,
  contentType = 'application/json',
): SignedRequest {
  return {
    rawBody,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(rawBody, String(timestamp), signingSecret),
    },
  };
}

export function urlVerificationBody(challenge: string): string {
  return JSON.stringify({ token: 'legacy-fake-token', challenge, type: 'url_verification' });
}

export interface DirectMessage {
  eventId: string;
  user: string;
  channel: string;
  text: string;
  ts: string;
  botId?: string;
  subtype?: string;
}

/** A `message.im` event: someone wrote in the app's direct message channel. */
export function directMessageBody(message: DirectMessage): string {
  return JSON.stringify({
    token: 'legacy-fake-token',
    team_id: TEAM_ID,
    api_app_id: APP_ID,
    event: {
      type: 'message',
      channel: message.channel,
      user: message.user,
      text: message.text,
      ts: message.ts,
      event_ts: message.ts,
      channel_type: 'im',
      ...(message.botId ? { bot_id: message.botId } : { client_msg_id: `${message.eventId}-c` }),
      ...(message.subtype ? { subtype: message.subtype } : {}),
    },
    type: 'event_callback',
    event_id: message.eventId,
    event_time: Math.floor(Number(message.ts)),
    authorizations: [{ team_id: TEAM_ID, user_id: 'U0000BOT', is_bot: true }],
  });
}

export interface ButtonClick {
  user: string;
  channel: string;
  messageTs: string;
  actionId: string;
  blockId: string;
  label: string;
  value: string;
  actionTs: string;
}

/** A `block_actions` interaction, form-encoded as Slack posts it. */
export function blockActionsBody(click: ButtonClick): string {
  const payload = {
    type: 'block_actions',
    user: { id: click.user, username: 'learner', name: 'learner', team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: 'legacy-fake-token',
    container: {
      type: 'message',
      message_ts: click.messageTs,
      channel_id: click.channel,
      is_ephemeral: false,
    },
    trigger_id: '1111.2222.fake',
    team: { id: TEAM_ID, domain: 'acme' },
    channel: { id: click.channel, name: 'directmessage' },
    response_url: `https://hooks.slack.com/actions/${TEAM_ID}/1/fake`,
    actions: [
      {
        action_id: click.actionId,
        block_id: click.blockId,
        text: { type: 'plain_text', text: click.label, emoji: true },
        value: click.value,
        type: 'button',
        action_ts: click.actionTs,
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
