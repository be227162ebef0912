/**
 * Learner replies read from Slack payloads: a direct message typed to the app (`message`
 * event in an `im` channel) or a click on an answer button (`block_actions`, whose value is
 * our payload). The bot's own messages, edits and deletions are not replies.
 *
 * Each reply gets an id that is the same every time Slack sends it: Slack retries an event
 * it thinks we missed, and a learner whose click seemed slow clicks the same button again
 * (pitfall SL-03). The engine handles an id once, so both arrive as harmless duplicates.
 */
import type { ChannelEvent, InboundMessage } from '../channel.ts';
import type { BlockActions, MessageEvent } from './slack-payloads.ts';

export interface ReadReplies {
  events: ChannelEvent[];
  /** Why nothing was read, for the log. */
  ignored?: string;
}

export function repliesOfMessageEvent(event: MessageEvent, botUserId?: string): ReadReplies {
  if (event.type !== 'message') return { events: [], ignored: `event ${event.type}` };
  if (event.channel_type !== 'im') return { events: [], ignored: 'not a direct message' };
  if (event.bot_id || (botUserId && event.user === botUserId)) {
    return { events: [], ignored: 'a bot message (ours or another app)' };
  }
  if (event.subtype) return { events: [], ignored: `message subtype ${event.subtype}` };
  if (!event.user || !event.ts || !event.channel || !event.text?.trim()) {
    return { events: [], ignored: 'a message without user, channel, time or text' };
  }

  const message: InboundMessage = {
    channel: 'slack',
    sender: event.user,
    text: event.text,
    providerMessageId: `message:${event.channel}:${event.ts}`,
    receivedAt: instantOf(event.ts),
  };
  return { events: [{ kind: 'message', message }] };
}

export function repliesOfBlockActions(payload: BlockActions): ReadReplies {
  const where = `${payload.container?.channel_id ?? ''}:${payload.container?.message_ts ?? ''}`;
  const events: ChannelEvent[] = payload.actions
    .filter((action) => action.type === 'button' && action.value)
    .map((action) => ({
      kind: 'message',
      message: {
        channel: 'slack',
        sender: payload.user.id,
        payload: action.value,
        // The same button on the same message: a double click is one reply.
        providerMessageId: `action:${where}:${action.action_id}`,
        receivedAt: instantOf(action.action_ts),
      },
    }));
  return events.length > 0 ? { events } : { events, ignored: 'no button with a value' };
}

/** Slack times are Unix seconds with microseconds after the dot: "1767225600.000100". */
export function instantOf(ts: string): Date {
  return new Date(Math.round(Number(ts) * 1000));
}
