/**
 * Packs paragraphs into as few messages as fit under a length limit, breaking only between
 * paragraphs when it can, then between sentences, then between words. Lengths are counted in
 * UTF-16 code units (JavaScript's string length); SMS segment costs are the SMS adapter's job.
 */

const PARAGRAPH_BREAK = '\n\n';

/** Smallest limit that still leaves room for a word or two per message. */
export const MIN_MESSAGE_LENGTH = 20;

/**
 * @example splitIntoMessages(['Lesson 1 of 3: Passwords', 'First paragraph.'], 1000)
 *   // ['Lesson 1 of 3: Passwords\n\nFirst paragraph.']
 */
export function splitIntoMessages(paragraphs: readonly string[], maxLength: number): string[] {
  if (!Number.isInteger(maxLength) || maxLength < MIN_MESSAGE_LENGTH) {
    throw new Error(`maxLength must be an integer of at least ${MIN_MESSAGE_LENGTH}: ${maxLength}`);
  }

  const pieces = paragraphs.flatMap((paragraph) =>
    paragraph.length <= maxLength ? [paragraph] : splitParagraph(paragraph, maxLength),
  );
  return pack(pieces, PARAGRAPH_BREAK, maxLength);
}

/** Body text as paragraphs: blank lines separate them, lines inside one are kept. */
export function paragraphsOf(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

function splitParagraph(paragraph: string, maxLength: number): string[] {
  const sentences = paragraph
    .split(/(?<=[.!?])\s+/)
    .flatMap((sentence) =>
      sentence.length <= maxLength ? [sentence] : splitSentence(sentence, maxLength),
    );
  return pack(sentences, ' ', maxLength);
}

function splitSentence(sentence: string, maxLength: number): string[] {
  const words = sentence
    .split(/\s+/)
    .flatMap((word) => (word.length <= maxLength ? [word] : cutWord(word, maxLength)));
  return pack(words, ' ', maxLength);
}

/** Cuts by code point, so an emoji's surrogate pair is never split across two messages. */
function cutWord(word: string, maxLength: number): string[] {
  const cuts: string[] = [];
  let current = '';
  for (const character of word) {
    if (current.length + character.length > maxLength) {
      cuts.push(current);
      current = '';
    }
    current += character;
  }
  return current === '' ? cuts : [...cuts, current];
}

function pack(pieces: readonly string[], joiner: string, maxLength: number): string[] {
  const messages: string[] = [];
  let current = '';

  for (const piece of pieces) {
    if (current === '') {
      current = piece;
    } else if (current.length + joiner.length + piece.length <= maxLength) {
      current += joiner + piece;
    } else {
      messages.push(current);
      current = piece;
    }
  }

  return current === '' ? messages : [...messages, current];
}
