/**
 * Turns a channel-independent message into the SMS bodies to send. Buttons are dropped: the
 * text already says how to answer by typing ("Reply A, B or C"). A body is kept within a
 * number of segments; a longer lesson becomes an excerpt with a link to its web page when one
 * is offered, or else ordered parts "(1/3) ...", each within the limit.
 */
import type { OutboundMessage } from '../channel.ts';
import { gsmFriendlyText } from './gsm-friendly-text.ts';
import { measureSms } from './sms-segments.ts';

export interface SmsRenderOptions {
  /** Most segments one SMS may cost; Twilio's own advice is to stay under ten. */
  maxSegments: number;
  /** Rewrite curly quotes, long dashes and decomposed accents that force UCS-2. */
  smartEncoding: boolean;
  /** The web page of this lesson: a long lesson becomes an excerpt and this link. */
  link?: string;
}

export const DEFAULT_MAX_SEGMENTS = 3;
const ELLIPSIS = '...';

/**
 * @example renderSms({ text: 'Short lesson' }, { maxSegments: 3, smartEncoding: true })
 *   // ['Short lesson']
 */
export function renderSms(message: OutboundMessage, options: SmsRenderOptions): string[] {
  if (!Number.isInteger(options.maxSegments) || options.maxSegments < 1) {
    throw new Error(`maxSegments must be a whole number of at least 1: ${options.maxSegments}`);
  }
  // Limitation: no MMS; an image or video travels as a link on its own line.
  const raw = message.mediaUrl ? `${message.text}\n\n${message.mediaUrl}` : message.text;
  const text = options.smartEncoding ? gsmFriendlyText(raw) : raw.normalize('NFC');
  const fits = (body: string) => measureSms(body).segments <= options.maxSegments;
  if (fits(text)) return [text];

  if (options.link) {
    const excerpt = excerptWithLink(text, options.link, fits);
    if (excerpt !== null) return [excerpt];
  }
  return splitIntoParts(text, fits);
}

/** The longest opening of the text, cut between words, that fits with "...\n<link>" after it. */
function excerptWithLink(
  text: string,
  link: string,
  fits: (body: string) => boolean,
): string | null {
  const words = wordsWithSpacing(text);
  const withLink = (count: number) =>
    `${words.slice(0, count).join('').trimEnd()}${ELLIPSIS}\n${link}`;
  if (!fits(withLink(0))) return null;

  // fits() only turns false as words are added, so the longest fitting count is found by halving.
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(withLink(middle))) low = middle;
    else high = middle - 1;
  }
  return withLink(low);
}

/**
 * Ordered parts, each labelled "(i/n) " and within the limit. The label's width depends on n,
 * so packing is repeated until the number of parts stops changing.
 */
function splitIntoParts(text: string, fits: (body: string) => boolean): string[] {
  let count = 2;
  for (let attempt = 0; attempt < 4; attempt++) {
    const label = `(${count}/${count}) `;
    const parts = packWords(wordsWithSpacing(text), (body) => fits(label + body));
    if (parts.length <= count)
      return parts.map((part, index) => `(${index + 1}/${parts.length}) ${part}`);
    count = parts.length;
  }
  throw new Error('SMS parts did not settle; the segment limit is too small for the labels');
}

function packWords(words: readonly string[], fits: (body: string) => boolean): string[] {
  const parts: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current === '' ? word.trimStart() : current + word;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current !== '') parts.push(current.trimEnd());
    const bare = word.trimStart();
    const pieces = fits(bare) ? [bare] : cutToFit(bare, fits);
    parts.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? '';
  }
  if (current.trim() !== '') parts.push(current.trimEnd());
  return parts;
}

/** A word longer than a part (a long link) is cut by code point, never inside a pair. */
function cutToFit(word: string, fits: (body: string) => boolean): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const character of word) {
    if (current !== '' && !fits(current + character)) {
      pieces.push(current);
      current = '';
    }
    current += character;
  }
  pieces.push(current);
  return pieces;
}

/** Words, each with the spacing (spaces, line breaks) that came before it. */
function wordsWithSpacing(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}
