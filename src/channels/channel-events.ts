import type { EngineContext } from '../app/context.ts';
import { handleInbound, type InboundOutcome } from '../conversation/reply-service.ts';
import { applyStatusUpdate, type StatusOutcome } from '../delivery/status-updates.ts';
import type { ChannelEvent } from './channel.ts';

/**
 * Applies what one webhook carried, in the order the provider sent it: replies go through
 * the conversation engine, status callbacks onto their deliveries. One event failing is
 * logged with its ids and does not stop the rest.
 */
export async function processChannelEvents(
  context: EngineContext,
  organizationId: string,
  events: readonly ChannelEvent[],
): Promise<(InboundOutcome | StatusOutcome | 'error')[]> {
  const outcomes: (InboundOutcome | StatusOutcome | 'error')[] = [];
  for (const event of events) {
    try {
      outcomes.push(
        event.kind === 'message'
          ? await handleInbound(context, event.message, organizationId)
          : await applyStatusUpdate(context, organizationId, event.update),
      );
    } catch (error) {
      const id =
        event.kind === 'message' ? event.message.providerMessageId : event.update.providerMessageId;
      context.logger.error({ err: error, organizationId, providerMessageId: id }, 'event failed');
      outcomes.push('error');
    }
  }
  return outcomes;
}
