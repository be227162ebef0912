/**
 * The SMS version of a lesson: its header, then as many of its key sentences as fit the
 * author's budget of SMS segments. Segments are counted as carriers bill them (3GPP TS 23.038):
 * 160 GSM-7 characters in one message or 153 per part, an extension character (€ [ ] { } ...)
 * taking two; any other character switches the whole text to UCS-2 at 70, or 67 per part.
 * Typographic quotes and dashes are written plainly first, so one curly apostrophe does not
 * double the cost.
 */
import { translate } from '../conversation/catalog.ts';
import { splitSentences } from './sentences.ts';

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡' +
  'ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

const PLAIN_FORMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[‘’‚‛′]/gu, "'"],
  [/[“”„‟″«»]/gu, '"'],
  [/[‐‑‒–—―]/gu, '-'],
  [/…/gu, '...'],
  [/[•▪◦‣]/gu, '-'],
  [/[\u00A0\u2000-\u200A\u202F]/gu, ' '],
];

export interface SmsCount {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

export function plainForSms(text: string): string {
  return PLAIN_FORMS.reduce((result, [pattern, plain]) => result.replace(pattern, plain), text);
}

export function countSmsSegments(text: string): SmsCount {
  const characters = [...text];
  if (characters.every((character) => BASIC.has(character) || EXTENSION.has(character))) {
    const septets = characters.reduce((sum, c) => sum + (EXTENSION.has(c) ? 2 : 1), 0);
    if (septets <= 160) return { encoding: 'GSM-7', segments: septets === 0 ? 0 : 1 };
    return {
      encoding: 'GSM-7',
      segments: packSegments(characters, 153, (c) => (EXTENSION.has(c) ? 2 : 1)),
    };
  }
  const units = text.length;
  if (units <= 70) return { encoding: 'UCS-2', segments: 1 };
  return { encoding: 'UCS-2', segments: packSegments(characters, 67, (c) => c.length) };
}

/** An escape pair or a surrogate pair is never split across two parts. */
function packSegments(
  characters: readonly string[],
  capacity: number,
  size: (character: string) => number,
): number {
  let segments = 1;
  let used = 0;
  for (const character of characters) {
    const needed = size(character);
    if (used + needed > capacity) {
      segments += 1;
      used = 0;
    }
    used += needed;
  }
  return segments;
}

export interface SmsLesson {
  position: number;
  title: string;
  body: string;
  summary?: string;
}

/**
 * @example smsVariant(lesson, { lessonCount: 5, segments: 2, locale: 'en' })
 *   // 'Lesson 2 of 5: Spills\n\nReport a spill within 30 minutes. ...'
 */
export function smsVariant(
  lesson: SmsLesson,
  options: { lessonCount: number; segments: number; locale: string },
): string {
  const header = plainForSms(
    translate(options.locale, 'lesson.header', {
      position: lesson.position,
      total: options.lessonCount,
      title: lesson.title,
    }),
  );
  const fits = (body: string): boolean =>
    countSmsSegments(`${header}\n\n${body}`).segments <= options.segments;

  const sentences = [
    ...splitSentences(plainForSms(lesson.summary ?? '')),
    ...splitSentences(plainForSms(lesson.body.replace(/\n+/g, ' '))),
  ].filter((sentence, index, all) => all.indexOf(sentence) === index);

  let body = '';
  for (const sentence of sentences) {
    const longer = body === '' ? sentence : `${body} ${sentence}`;
    if (!fits(longer)) break;
    body = longer;
  }
  if (body === '') body = truncateToFit(sentences[0] ?? '', fits);
  return body;
}

function truncateToFit(sentence: string, fits: (body: string) => boolean): string {
  const words = sentence.split(' ');
  while (words.length > 1 && !fits(`${words.join(' ')}...`)) words.pop();
  return words.length > 0 && fits(`${words.join(' ')}...`) ? `${words.join(' ')}...` : '';
}
