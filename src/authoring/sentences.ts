/**
 * Sentence segmentation for English and Spanish prose. A sentence ends at . ! ? or … when
 * the next word starts like a sentence (capital letter, digit, opening quote, ¿ or ¡), except
 * after a known abbreviation ("e.g.", "Mr.", "p. ej."), an initial ("J. Smith", "U.S.") or
 * inside a number ("3.5", "v1.2.3", which have no space after the dot anyway).
 */

// Lower-case, without the final dot. "etc." is left out on purpose: it usually ends a sentence
// when a capital follows.
// Words that are also ordinary at the end of a sentence ("mar", "art", "sat") are left out.
const ABBREVIATIONS = new Set(
  `e.g i.e cf vs approx ca viz mr mrs ms mx dr prof sr sra srta jr st mt ft fig figs eq vol vols
  eds ch sec p pp dept inc ltd co corp jan feb apr jun jul aug sep sept oct nov dec a.m p.m u.s
  u.k e.u ee.uu ej pág págs núm aprox dra lic ing av avda tel ud uds vd vds dto cía admón`.split(
    /\s+/,
  ),
);

// Abbreviations that are also ordinary words; they only count when a number follows.
const NUMBER_ABBREVIATIONS = new Set(['no', 'nos', 'nr', 'n', 'nº', 'ref', 'tab', 'op']);

const TERMINATOR = /[.!?…]/u;
const CLOSERS = /["'”’»)\]]/u;
const SENTENCE_START = /[\p{Lu}\p{N}"'“‘«(¿¡[]/u;

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  let index = 0;

  while (index < text.length) {
    if (!TERMINATOR.test(text.charAt(index))) {
      index += 1;
      continue;
    }

    let end = index + 1;
    while (
      end < text.length &&
      (TERMINATOR.test(text.charAt(end)) || CLOSERS.test(text.charAt(end)))
    ) {
      end += 1;
    }

    const next = skipSpaces(text, end);
    const hasSpace = next > end;
    if (next >= text.length || (hasSpace && startsSentence(text, index, next))) {
      pushTrimmed(sentences, text.slice(start, end));
      start = next;
    }
    index = Math.max(end, index + 1);
  }

  pushTrimmed(sentences, text.slice(start));
  return sentences;
}

function startsSentence(text: string, terminatorIndex: number, nextIndex: number): boolean {
  if (!SENTENCE_START.test(text.charAt(nextIndex))) return false;
  if (text.charAt(terminatorIndex) !== '.') return true;

  const word = wordBefore(text, terminatorIndex);
  const lower = word.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  if (NUMBER_ABBREVIATIONS.has(lower) && /\p{N}/u.test(text.charAt(nextIndex))) return false;
  if (/^\p{Lu}$/u.test(word)) return false;
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return false;
  return !isLeadingListNumber(text, word, terminatorIndex);
}

/** "1. Wear a helmet" at the very start of a block is a list number, not a sentence. */
function isLeadingListNumber(text: string, word: string, terminatorIndex: number): boolean {
  return /^\p{N}{1,3}$/u.test(word) && text.slice(0, terminatorIndex - word.length).trim() === '';
}

/** The word right before the dot, including inner dots ("U.S", "e.g"). */
function wordBefore(text: string, terminatorIndex: number): string {
  let begin = terminatorIndex;
  while (begin > 0 && /[\p{L}\p{N}.º]/u.test(text.charAt(begin - 1))) begin -= 1;
  return text.slice(begin, terminatorIndex).replace(/^\.+/, '');
}

function skipSpaces(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/u.test(text.charAt(index))) index += 1;
  return index;
}

function pushTrimmed(sentences: string[], candidate: string): void {
  const trimmed = candidate.trim();
  if (trimmed !== '') sentences.push(trimmed);
}

/** Words as a reader counts them: runs of letters or digits, inner apostrophes kept. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}
