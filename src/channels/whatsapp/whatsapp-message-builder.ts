/**
 * Turns a channel-independent message into Cloud API message bodies. Answers become reply
 * buttons when there are at most three short, distinct labels, an interactive list when there
 * are at most ten, and stay typed text otherwise (the text always says how to answer by
 * typing). Limits are Meta's: reply button titles 20 characters and ids 256; list rows
 * 24-character titles, 72-character descriptions, 200-character ids; bodies 1024 characters
 * with buttons and 4096 with a list or as plain text.
 */
import type { OutboundMessage } from '../../conversation/outbound-message.ts';
import { paragraphsOf, splitIntoMessages } from '../../conversation/split-message.ts';

export const WHATSAPP_LIMITS = {
  textBody: 4096,
  buttonBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listBody: 4096,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  listButton: 20,
} as const;

interface Envelope {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** The learner's number, digits only. */
  to: string;
}

export interface TextBody {
  type: 'text';
  text: { body: string; preview_url: boolean };
}

export interface ButtonsBody {
  type: 'interactive';
  interactive: {
    type: 'button';
    body: { text: string };
    action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] };
  };
}

export interface ListBody {
  type: 'interactive';
  interactive: {
    type: 'list';
    body: { text: string };
    action: {
      button: string;
      sections: { rows: { id: string; title: string; description?: string }[] }[];
    };
  };
}

export interface TemplateBody {
  type: 'template';
  template: {
    name: string;
    language: { code: string };
    components: TemplateComponent[];
  };
}

export type TemplateComponent =
  | { type: 'body'; parameters: { type: 'text'; text: string }[] }
  | {
      type: 'button';
      sub_type: 'quick_reply';
      index: string;
      parameters: { type: 'payload'; payload: string }[];
    };

export type GraphMessage = Envelope & (TextBody | ButtonsBody | ListBody | TemplateBody);

export type AnswerFormat = 'buttons' | 'list' | 'text';

export interface BuildOptions {
  /** Text of the button that opens a list, in the learner's language. */
  listButtonLabel: string;
}

/**
 * The bodies to send, in order: the text parts, with the answers on the last one.
 * @example buildGraphMessages('31612345678', { text: 'Hi' }, options)
 *   // [{ messaging_product: 'whatsapp', ..., type: 'text', text: { body: 'Hi', ... } }]
 */
export function buildGraphMessages(
  to: string,
  message: OutboundMessage,
  options: BuildOptions,
): GraphMessage[] {
  const envelope: Envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  const format = answerFormatFor(message);
  // Limitation: media goes as a link WhatsApp previews, not as an uploaded image or video.
  const fullText = message.mediaUrl ? `${message.text}\n\n${message.mediaUrl}` : message.text;
  const limit =
    format === 'buttons'
      ? WHATSAPP_LIMITS.buttonBody
      : format === 'list'
        ? WHATSAPP_LIMITS.listBody
        : WHATSAPP_LIMITS.textBody;
  const parts =
    fullText.length <= limit ? [fullText] : splitIntoMessages(paragraphsOf(fullText), limit);

  const last = parts.length - 1;
  return parts.map((part, index) => {
    if (index < last || format === 'text') return { ...envelope, ...textBody(part, message) };
    return format === 'buttons'
      ? { ...envelope, ...buttonsBody(part, message) }
      : { ...envelope, ...listBody(part, message, options) };
  });
}

/** How the answers of a message are offered on WhatsApp. */
export function answerFormatFor(message: OutboundMessage): AnswerFormat {
  const buttons = message.buttons ?? [];
  if (buttons.length === 0) return 'text';

  const distinct = (values: string[]) => new Set(values).size === values.length;
  const payloads = buttons.map((button) => button.payload);
  const labels = buttons.map((button) => button.label.trim());
  if (
    buttons.length <= WHATSAPP_LIMITS.buttons &&
    labels.every((label) => label.length > 0 && label.length <= WHATSAPP_LIMITS.buttonTitle) &&
    payloads.every((payload) => payload.length <= WHATSAPP_LIMITS.buttonId) &&
    distinct(labels) &&
    distinct(payloads)
  ) {
    return 'buttons';
  }
  if (
    buttons.length <= WHATSAPP_LIMITS.listRows &&
    payloads.every((payload) => payload.length <= WHATSAPP_LIMITS.rowId) &&
    distinct(payloads)
  ) {
    return 'list';
  }
  return 'text';
}

function textBody(text: string, message: OutboundMessage): TextBody {
  return { type: 'text', text: { body: text, preview_url: message.mediaUrl !== undefined } };
}

function buttonsBody(text: string, message: OutboundMessage): ButtonsBody {
  const buttons = (message.buttons ?? []).map((button) => ({
    type: 'reply' as const,
    reply: { id: button.payload, title: button.label.trim() },
  }));
  return {
    type: 'interactive',
    interactive: { type: 'button', body: { text }, action: { buttons } },
  };
}

function listBody(text: string, message: OutboundMessage, options: BuildOptions): ListBody {
  const rows = (message.buttons ?? []).map((button) => {
    const label = button.label.trim();
    const title = cut(label, WHATSAPP_LIMITS.rowTitle);
    // A label cut short is shown whole underneath, as far as the description allows.
    return title === label
      ? { id: button.payload, title }
      : { id: button.payload, title, description: cut(label, WHATSAPP_LIMITS.rowDescription) };
  });
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text },
      action: {
        button: cut(options.listButtonLabel, WHATSAPP_LIMITS.listButton),
        sections: [{ rows }],
      },
    },
  };
}

/** Shortens by code point, with an ellipsis, so an emoji is never cut in half. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let result = '';
  for (const character of text) {
    if (result.length + character.length > max - 1) break;
    result += character;
  }
  return `${result.trimEnd()}…`;
}
