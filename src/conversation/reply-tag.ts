/**
 * Question tags: the short number shown on a question when a learner has several open on one
 * channel, typed in front of the answer ("7B", "7 b", "#7 B", "7: true").
 */

export interface TaggedReply {
  /** The tag the reply starts with, or null when it starts with none. */
  tag: string | null;
  /** The reply after the tag and its separator, trimmed. */
  rest: string;
}

const HASHED_TAG = /^#\s*(\d{1,3})(?!\d)[\s:.)\-,]*(.*)$/su;

/** "7b", "7 B", "12c." : a number then one letter reads as a tag even when it is not open. */
const NUMBER_THEN_LETTER = /^(\d{1,3})\s*(\p{L})[\s.)!]*$/u;

const BARE_TAG = /^(\d{1,3})(?!\d)[\s:.)\-,]*(.*)$/su;

const HAS_CONTENT = /[\p{L}\p{N}]/u;

/**
 * Splits a leading question tag from a reply. A bare number counts as a tag only when it is
 * one of the open tags and something follows it, so "2" stays the second option and
 * "3 things I learned" stays a reflection.
 * Limitation: an option typed out that starts with an open tag's number ("30 days" while
 * question 30 is open) is read as tag 30 and the words after it.
 * @example splitQuestionTag('#7 B', []) // { tag: '7', rest: 'B' }
 * @example splitQuestionTag('7 b', ['7', '9']) // { tag: '7', rest: 'b' }
 */
export function splitQuestionTag(text: string, openTags: readonly string[] = []): TaggedReply {
  const trimmed = text.trim();

  const hashed = HASHED_TAG.exec(trimmed);
  if (hashed) return { tag: normaliseTag(hashed[1]), rest: (hashed[2] ?? '').trim() };

  const numberThenLetter = NUMBER_THEN_LETTER.exec(trimmed);
  if (numberThenLetter) {
    return { tag: normaliseTag(numberThenLetter[1]), rest: numberThenLetter[2] ?? '' };
  }

  const bare = BARE_TAG.exec(trimmed);
  const tag = normaliseTag(bare?.[1]);
  const rest = (bare?.[2] ?? '').trim();
  if (bare && openTags.includes(tag) && HAS_CONTENT.test(rest)) return { tag, rest };

  return { tag: null, rest: trimmed };
}

/** "07" and "7" are the same tag. */
function normaliseTag(digits: string | undefined): string {
  return String(Number(digits ?? ''));
}
