import { z } from 'zod';
import { CHANNEL_KINDS } from '../people/learner.ts';
import type { ChannelEvent } from './channel.ts';

const channelKind = z.enum([...CHANNEL_KINDS, 'terminal']);

/** A channel event as a job carries it through the queue: dates as ISO strings. */
export const serializedEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    message: z.object({
      channel: channelKind,
      sender: z.string(),
      text: z.string().optional(),
      payload: z.string().optional(),
      providerMessageId: z.string(),
      receivedAt: z.string().datetime(),
    }),
  }),
  z.object({
    kind: z.literal('status'),
    update: z.object({
      channel: channelKind,
      providerMessageId: z.string(),
      status: z.enum(['sent', 'delivered', 'read', 'failed']),
      at: z.string().datetime(),
      errorCode: z.string().optional(),
      errorReason: z.string().optional(),
      optedOut: z.boolean().optional(),
    }),
  }),
]);

export type SerializedEvent = z.infer<typeof serializedEventSchema>;

export function serializeEvents(events: readonly ChannelEvent[]): SerializedEvent[] {
  return events.map((event) =>
    event.kind === 'message'
      ? {
          kind: 'message',
          message: { ...event.message, receivedAt: event.message.receivedAt.toISOString() },
        }
      : { kind: 'status', update: { ...event.update, at: event.update.at.toISOString() } },
  );
}

export function deserializeEvents(events: readonly SerializedEvent[]): ChannelEvent[] {
  return events.map((event) =>
    event.kind === 'message'
      ? {
          kind: 'message',
          message: { ...event.message, receivedAt: new Date(event.message.receivedAt) },
        }
      : { kind: 'status', update: { ...event.update, at: new Date(event.update.at) } },
  );
}
