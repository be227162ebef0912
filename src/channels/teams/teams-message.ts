/**
 * Lessons and questions as Teams activities, and learners' answers read back from them.
 *
 * A question becomes an Adaptive Card whose answer buttons are Action.Submit actions with
 * OBJECT data carrying our payload: Teams drops string data, so the submit would arrive empty
 * (pitfall TM-02). The tapped button's data comes back as the message activity's `value`,
 * with no text at all, so answers are read from `value` before `text`.
 */
import { CardFactory, type Activity } from 'botbuilder';
import type { OutboundMessage } from '../../conversation/outbound-message.ts';
import { mediaKindOf } from '../web/media.ts';

/** The field of Action.Submit data that holds our answer payload. */
export const PAYLOAD_FIELD = 'inflowPayload';

/** Version 1.4 renders the same on Teams desktop, web and mobile. */
const CARD_VERSION = '1.4';

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: Record<string, unknown>[];
  actions?: SubmitAction[];
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: { [PAYLOAD_FIELD]: string };
}

/** The activity to post: plain text, or a card when there are buttons or an image. */
export function activityFor(message: OutboundMessage): Partial<Activity> {
  const buttons = message.buttons ?? [];
  const image = message.mediaUrl && mediaKindOf(message.mediaUrl) === 'image';
  if (buttons.length === 0 && !image) {
    const media =
      message.mediaUrl && mediaKindOf(message.mediaUrl) ? `\n\n${message.mediaUrl}` : '';
    return { type: 'message', text: `${message.text}${media}`, textFormat: 'plain' };
  }
  return {
    type: 'message',
    summary: firstLine(message.text),
    attachments: [CardFactory.adaptiveCard(cardFor(message))],
  };
}

export function cardFor(message: OutboundMessage): AdaptiveCard {
  // One TextBlock per paragraph: Teams ignores single line breaks inside a block's markdown.
  const body: Record<string, unknown>[] = message.text
    .split(/\r?\n\s*\r?\n/)
    .filter((paragraph) => paragraph.trim() !== '')
    .flatMap((paragraph, index) =>
      paragraph.split(/\r?\n/).map((line, lineIndex) => ({
        type: 'TextBlock',
        text: line,
        wrap: true,
        ...(index > 0 && lineIndex === 0 ? { spacing: 'Medium' } : { spacing: 'None' }),
      })),
    );
  if (message.mediaUrl && mediaKindOf(message.mediaUrl) === 'image') {
    body.push({ type: 'Image', url: message.mediaUrl, size: 'Stretch', altText: 'Lesson image' });
  }

  const actions = (message.buttons ?? []).map((button): SubmitAction => ({
    type: 'Action.Submit',
    title: button.label,
    data: { [PAYLOAD_FIELD]: button.payload },
  }));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/**
 * What a learner's message activity says: the payload of a tapped card button, or their text
 * with @mentions of the bot removed. A submit that arrives without our payload (a string-data
 * card, or an empty value) is an empty reply, so the engine asks them to answer again rather
 * than treating it as words it did not understand.
 */
export function answerFrom(activity: Activity): { text?: string; payload?: string } {
  const payload = payloadOf(activity.value);
  if (payload) return { payload };

  const text = stripMentions(activity.text ?? '');
  if (text !== '') return { text };
  return { text: '' };
}

function payloadOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const payload = (value as Record<string, unknown>)[PAYLOAD_FIELD];
  return typeof payload === 'string' && payload !== '' ? payload : undefined;
}

/** "<at>Inflow</at> B" in a chat where the bot is mentioned reads "B". */
function stripMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>\s*/g, '').trim();
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 120);
}
