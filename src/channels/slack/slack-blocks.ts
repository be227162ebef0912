/**
 * A channel-independent message as a Slack message: the text in `mrkdwn` sections, an image
 * block for a lesson picture, and the answers as Block Kit buttons whose `value` is our
 * payload. The top-level `text` is what notifications show. Limits are Block Kit's: section
 * text 3000 characters, button text 75, button value 2000, 25 elements per actions block.
 */
import type { OutboundMessage } from '../../conversation/outbound-message.ts';
import { paragraphsOf, splitIntoMessages } from '../../conversation/split-message.ts';

export const SLACK_LIMITS = {
  sectionText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  notificationText: 3000,
} as const;

export interface SectionBlock {
  type: 'section';
  text: { type: 'mrkdwn'; text: string };
}

export interface ImageBlock {
  type: 'image';
  image_url: string;
  alt_text: string;
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string; emoji: true };
  value: string;
}

export interface ActionsBlock {
  type: 'actions';
  block_id: string;
  elements: ButtonElement[];
}

export type SlackBlock = SectionBlock | ImageBlock | ActionsBlock;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const IMAGE_URL = /\.(png|jpe?g|gif|webp)(\?.*)?$/i;

/**
 * @example buildSlackMessage({ text: 'True?', buttons: [{ label: 'True', payload: 'ans:1:q:a' }] })
 *   // { text: 'True?', blocks: [section, { type: 'actions', elements: [button] }] }
 */
export function buildSlackMessage(message: OutboundMessage): SlackMessage {
  const text = escapeMrkdwn(message.text);
  const sections =
    text.length <= SLACK_LIMITS.sectionText
      ? [text]
      : splitIntoMessages(paragraphsOf(text), SLACK_LIMITS.sectionText);
  const blocks: SlackBlock[] = sections.map((part) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: part },
  }));

  if (message.mediaUrl && IMAGE_URL.test(message.mediaUrl)) {
    blocks.push({ type: 'image', image_url: message.mediaUrl, alt_text: 'Lesson picture' });
  } else if (message.mediaUrl) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `<${message.mediaUrl}>` } });
  }

  const buttons = (message.buttons ?? []).filter(
    (button) => button.payload.length <= SLACK_LIMITS.buttonValue,
  );
  for (let start = 0; start < buttons.length; start += SLACK_LIMITS.actionsElements) {
    const group = buttons.slice(start, start + SLACK_LIMITS.actionsElements);
    blocks.push({
      type: 'actions',
      block_id: `answers-${start / SLACK_LIMITS.actionsElements}`,
      elements: group.map((button, index) => ({
        type: 'button',
        action_id: `answer-${start + index}`,
        text: { type: 'plain_text', text: cut(button.label, SLACK_LIMITS.buttonText), emoji: true },
        value: button.payload,
      })),
    });
  }

  // Limitation: Slack takes 50 blocks at most; a lesson over ~140,000 characters is refused.
  // Limitation: buttons stay clickable after an answer (no chat.update); a click on another
  // answer afterwards gets the engine's "already answered" notice.
  return { text: cut(text, SLACK_LIMITS.notificationText), blocks };
}

/** Slack reads &, < and > as markup; text from a course is shown as written. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let result = '';
  for (const character of text) {
    if (result.length + character.length > max - 1) break;
    result += character;
  }
  return `${result}…`;
}
