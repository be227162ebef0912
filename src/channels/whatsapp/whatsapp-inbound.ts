/**
 * What a learner's WhatsApp message means to Inflow. A tapped answer arrives in one of three
 * shapes (pitfall WA-04): `interactive.button_reply` and `interactive.list_reply` (an id we
 * chose, and a title) or, on a template, type `button` with the payload we chose. Answers are
 * read from the id or payload only, never from the title, which WhatsApp shows as sent and
 * may be cut short.
 */
import { readCommand } from '../../conversation/reply-commands.ts';
import type { DeliveryStatusUpdate, InboundMessage } from '../channel.ts';
import type { WhatsAppMessage, WhatsAppStatus } from './whatsapp-webhook-payload.ts';

/** The payload of the quick-reply buttons Inflow puts on its re-engagement templates. */
export const RESUME_PAYLOAD = 'inflow:resume';

export type InboundContent =
  | { kind: 'text'; text: string }
  | { kind: 'answer'; payload: string; shape: 'button_reply' | 'list_reply' | 'button' }
  | { kind: 'resume' }
  /** Media, reactions, locations, flows (nfm_reply)...: nothing an answer can be read from. */
  | { kind: 'ignored'; type: string };

export function contentOf(message: WhatsAppMessage): InboundContent {
  if (message.type === 'text' && message.text) return { kind: 'text', text: message.text.body };

  if (message.type === 'interactive' && message.interactive) {
    const { button_reply: button, list_reply: list } = message.interactive;
    if (message.interactive.type === 'button_reply' && button?.id) {
      return payloadContent(button.id, 'button_reply');
    }
    if (message.interactive.type === 'list_reply' && list?.id) {
      return payloadContent(list.id, 'list_reply');
    }
    return { kind: 'ignored', type: `interactive.${message.interactive.type}` };
  }

  if (message.type === 'button' && message.button) {
    // A quick-reply button of a template carries our payload; its text is only its label.
    const payload = message.button.payload ?? message.button.text;
    if (payload) return payloadContent(payload, 'button');
  }
  return { kind: 'ignored', type: message.type };
}

function payloadContent(
  payload: string,
  shape: 'button_reply' | 'list_reply' | 'button',
): InboundContent {
  return payload === RESUME_PAYLOAD ? { kind: 'resume' } : { kind: 'answer', payload, shape };
}

export interface InboundHandling {
  /** Hand the message to the conversation engine. */
  forward: boolean;
  /** Send the messages held while the window was closed, now that it is open. */
  release: boolean;
}

/**
 * What a learner's message does while messages may be held for them. With nothing held,
 * every usable message goes to the engine. With messages held, the learner has seen only
 * the re-engagement template, so a plain reply ("ok", "hi", the template's button) answers
 * the template: it releases the held lesson and is not graded against a question the
 * learner has not seen. STOP, START and HELP still reach the engine and release nothing, so
 * nobody who says stop gets a lesson first. A tapped answer from an earlier question is
 * still graded.
 */
export function handlingOf(content: InboundContent, hasHeldMessages: boolean): InboundHandling {
  const usable = content.kind === 'text' || content.kind === 'answer';
  if (!hasHeldMessages) return { forward: usable, release: false };

  switch (content.kind) {
    case 'answer':
      return { forward: true, release: true };
    case 'resume':
    case 'ignored':
      return { forward: false, release: true };
    case 'text': {
      const command = readCommand(content.text);
      if (command === null || command === 'next') return { forward: false, release: true };
      return { forward: true, release: false };
    }
  }
}

/** The reply the conversation engine gets, or nothing for content it cannot use. */
export function inboundMessageOf(
  message: WhatsAppMessage,
  content: InboundContent,
): InboundMessage | undefined {
  const base = {
    channel: 'whatsapp' as const,
    sender: phoneOf(message.from),
    providerMessageId: message.id,
    receivedAt: instantOf(message.timestamp),
  };
  if (content.kind === 'text') return { ...base, text: content.text };
  if (content.kind === 'answer') return { ...base, payload: content.payload };
  return undefined;
}

const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

/** A status callback as deliveries record it; statuses Inflow does not track are skipped. */
export function statusUpdateOf(
  status: WhatsAppStatus,
  providerMessageId: string,
): DeliveryStatusUpdate | undefined {
  if (!STATUSES.has(status.status)) return undefined;
  const [error] = status.errors ?? [];
  const reason = [error?.title ?? error?.message, error?.error_data?.details]
    .filter(Boolean)
    .join(': ');

  return {
    channel: 'whatsapp',
    providerMessageId,
    status: status.status as DeliveryStatusUpdate['status'],
    at: instantOf(status.timestamp),
    ...(error ? { errorCode: String(error.code) } : {}),
    ...(reason ? { errorReason: reason } : {}),
  };
}

/**
 * WhatsApp ids are the number's digits; learners are stored in E.164 with the plus.
 * Limitation: where WhatsApp's id differs from the dialled number (some Brazilian and
 * Mexican numbers), the learner's replies are not matched to them.
 */
export function phoneOf(waId: string): string {
  return `+${waId}`;
}

/** The WhatsApp id of an E.164 number, or undefined when it is not one. */
export function waIdOf(phone: string): string | undefined {
  const digits = phone.trim().replace(/^\+/, '');
  return /^\d{6,15}$/.test(digits) ? digits : undefined;
}

/** Meta's timestamps are Unix seconds, as strings. */
export function instantOf(timestamp: string): Date {
  return new Date(Number(timestamp) * 1000);
}
