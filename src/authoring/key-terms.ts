/**
 * Finds the key terms of a sentence that a quiz can blank out: capitalised phrases
 * ("Google Drive", "GSA IT Service Desk"), numbers ("15", "one hour" → "one") and content
 * words that recur in the document. Terms of one kind from the whole document form the pool
 * that distractors are drawn from, so a number is only ever confused with another number.
 */
import { isStopWord } from './stop-words.ts';
import { containsTerm } from './term-text.ts';

export type TermKind = 'number' | 'phrase' | 'word';

export interface Term {
  text: string;
  kind: TermKind;
  /** Finer grouping inside a kind ("year", "acronym", "plural"); preferred for distractors. */
  shape: string;
}

export interface TermIndex {
  pools: Readonly<Record<TermKind, readonly Term[]>>;
  /** How often each lower-case word occurs in the document. */
  wordCounts: ReadonlyMap<string, number>;
  /** Capitalised words and how often they occur away from the start of a sentence. */
  properNouns: ReadonlyMap<string, number>;
}

interface Token {
  core: string;
  breakBefore: boolean;
  breakAfter: boolean;
  /** First word of the sentence or right after a colon, where capitals prove nothing. */
  initial: boolean;
}

const countingFromOne = (words: string): Array<[string, number]> =>
  words.split(' ').map((word, position) => [word, position + 1]);

// "once" is left out: in English it means "one time", not eleven.
const SPELLED_NUMBERS: ReadonlyMap<string, number> = new Map([
  ...countingFromOne('one two three four five six seven eight nine ten eleven twelve'),
  ...countingFromOne('uno dos tres cuatro cinco seis siete ocho nueve diez'),
  ['fifteen', 15],
  ['twenty', 20],
  ['thirty', 30],
  ['hundred', 100],
  ['doce', 12],
  ['quince', 15],
  ['veinte', 20],
  ['treinta', 30],
  ['cien', 100],
]);
const CONNECTORS = new Set(['of', 'for', 'de', 'del', 'la', 'las', 'los']);
const DIGITS = /^\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?%?$|^\d+(?:[.,]\d+)?%?$/;
const MIN_WORD_LETTERS = 4;
const MIN_WORD_OCCURRENCES = 2;
// A lone capitalised word seen once mid-sentence is as likely a label ("Last Revised") as a name.
const MIN_NAME_OCCURRENCES = 2;
// Letters with inner marks only: "KeePassXC", "US-CERT", "Login.gov"; not "Custom01", "a@b.c".
const NAME_TOKEN = /^\p{L}[\p{L}'’&.-]*$/u;

export function buildTermIndex(sentences: readonly string[]): TermIndex {
  const properNouns = new Map<string, number>();
  const wordCounts = new Map<string, number>();

  for (const sentence of sentences) {
    for (const token of tokenize(sentence)) {
      if (!token.initial && isCapitalised(token.core)) {
        properNouns.set(token.core, (properNouns.get(token.core) ?? 0) + 1);
      }
      if (/^\p{Ll}/u.test(token.core)) {
        const lower = token.core.toLowerCase();
        wordCounts.set(lower, (wordCounts.get(lower) ?? 0) + 1);
      }
    }
  }

  const partial: TermIndex = {
    pools: { number: [], phrase: [], word: [] },
    wordCounts,
    properNouns,
  };
  const pools: Record<TermKind, Term[]> = { number: [], phrase: [], word: [] };
  const seen = new Set<string>();
  for (const sentence of sentences) {
    for (const term of findTerms(sentence, partial)) {
      const key = `${term.kind}:${normaliseTerm(term.text)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      pools[term.kind].push(term);
    }
  }
  return { pools, wordCounts, properNouns };
}

/** The terms of one sentence in reading order, each text exactly as written there. */
export function findTerms(sentence: string, index: TermIndex): Term[] {
  const tokens = tokenize(sentence);
  const terms: Term[] = [...findPhrases(tokens, index)];

  tokens.forEach((token, position) => {
    const number = numberShape(token, tokens[position + 1]);
    if (number) terms.push({ text: token.core, kind: 'number', shape: number });
    else if (isContentWord(token.core, index)) {
      terms.push({ text: token.core, kind: 'word', shape: wordShape(token.core) });
    }
  });

  // Only terms that can be found again in the sentence can be blanked or swapped.
  const unique = new Map<string, Term>();
  for (const term of terms.filter((candidate) => containsTerm(sentence, candidate.text))) {
    unique.set(`${term.kind}:${normaliseTerm(term.text)}`, term);
  }
  return [...unique.values()].sort(
    (left, right) => sentence.indexOf(left.text) - sentence.indexOf(right.text),
  );
}

function tokenize(sentence: string): Token[] {
  const tokens: Token[] = [];
  let initial = true;

  for (const raw of sentence.split(/\s+/).filter(Boolean)) {
    const lead = /^[^\p{L}\p{N}]*/u.exec(raw)?.[0] ?? '';
    const trail = /[^\p{L}\p{N}%]*$/u.exec(raw.slice(lead.length))?.[0] ?? '';
    const core = raw === '&' ? '&' : raw.slice(lead.length, raw.length - trail.length);
    if (core === '') {
      // A lone dash or symbol separates names: "Tutorial - Develop" is not one phrase.
      const previous = tokens.at(-1);
      if (previous) previous.breakAfter = true;
      continue;
    }

    // "(1)" enumerates a list inside a sentence; kept whole so it is neither number nor name.
    const enumerator = /^\(\d+\)$/.test(raw);
    const owner = /['’]s$/u.test(core) ? core.slice(0, -2) : core;
    tokens.push({
      core: enumerator ? raw : owner,
      breakBefore: lead !== '',
      breakAfter: trail !== '' || owner !== core,
      initial,
    });
    initial = /[:;]$/.test(trail);
  }
  return tokens;
}

function findPhrases(tokens: readonly Token[], index: TermIndex): Term[] {
  const phrases: Term[] = [];
  let run: Token[] = [];

  const close = (): void => {
    const phrase = trimRun(run, index);
    if (phrase) phrases.push(phrase);
    run = [];
  };

  tokens.forEach((token, position) => {
    const next = tokens[position + 1];
    const joinsRun = run.length > 0 && !token.breakBefore;
    const bridges =
      joinsRun &&
      CONNECTORS.has(token.core.toLowerCase()) &&
      !token.breakAfter &&
      next !== undefined &&
      isCapitalised(next.core) &&
      !next.breakBefore;

    if (isCapitalised(token.core) && (run.length === 0 || joinsRun)) run.push(token);
    else if (bridges) run.push(token);
    else {
      close();
      if (isCapitalised(token.core)) run.push(token);
    }
    if (token.breakAfter) close();
  });
  close();
  return phrases;
}

function trimRun(run: readonly Token[], index: TermIndex): Term | undefined {
  let tokens = [...run];
  // "Ask GSA IT": a sentence-initial word also written in lower case is an ordinary word.
  const first = tokens[0];
  const ordinary = (core: string): boolean =>
    !index.properNouns.has(core) && index.wordCounts.has(core.toLowerCase());
  if (first?.initial && ordinary(first.core)) tokens = tokens.slice(1);

  while (tokens[0] && isFiller(tokens[0].core)) tokens = tokens.slice(1);
  while (tokens.at(-1) && isFiller(tokens.at(-1)?.core ?? '')) tokens = tokens.slice(0, -1);
  if (tokens.length === 0 || tokens.some((token) => !NAME_TOKEN.test(token.core))) return undefined;

  const text = tokens.map((token) => token.core).join(' ');
  const acronym = tokens.every((token) => !/\p{Ll}/u.test(token.core));
  if (acronym) return { text, kind: 'phrase', shape: 'acronym' };
  if (tokens.length > 1) return { text, kind: 'phrase', shape: 'multi' };

  // Only a lone word needs proof that it is a name: at a sentence start every word has a capital.
  const [only] = tokens;
  const seenMidSentence = index.properNouns.get(text) ?? 0;
  const innerCapital = /.\p{Lu}/u.test(text);
  if (!innerCapital && seenMidSentence < MIN_NAME_OCCURRENCES) return undefined;
  if (only?.initial && seenMidSentence === 0) return undefined;
  return { text, kind: 'phrase', shape: 'name' };
}

function isFiller(core: string): boolean {
  return CONNECTORS.has(core.toLowerCase()) || isStopWord(core) || core.length < 2;
}

function isCapitalised(core: string): boolean {
  return /^\p{Lu}/u.test(core) && /\p{L}.*\p{L}/u.test(core);
}

function numberShape(token: Token, next: Token | undefined): string | undefined {
  if (DIGITS.test(token.core)) {
    if (token.core.endsWith('%')) return 'percent';
    return /^(19|20)\d\d$/.test(token.core) ? 'year' : 'count';
  }

  // "one hour" is a quantity; "one of them" is not.
  const spelled = SPELLED_NUMBERS.has(token.core.toLowerCase());
  const counted = next !== undefined && !token.breakAfter && !isStopWord(next.core);
  return spelled && counted && /^\p{Ll}/u.test(token.core) ? 'spelled' : undefined;
}

function isContentWord(core: string, index: TermIndex): boolean {
  if (!/^\p{Ll}[\p{L}'’-]*\p{L}$/u.test(core)) return false;
  if ((core.match(/\p{L}/gu)?.length ?? 0) < MIN_WORD_LETTERS || isStopWord(core)) return false;
  if (SPELLED_NUMBERS.has(core.toLowerCase())) return false;
  return (index.wordCounts.get(core.toLowerCase()) ?? 0) >= MIN_WORD_OCCURRENCES;
}

// Endings stand in for parts of speech, so a swapped word keeps the grammar of its sentence.
const WORD_SHAPES: ReadonlyArray<readonly [string, RegExp]> = [
  ['gerund', /(ing|ando|iendo)$/u],
  ['participle', /(ed|ad[oa]s?|id[oa]s?)$/u],
  ['adverb', /(ly|mente)$/u],
  ['abstract', /(tions?|sions?|ments?|ness|ity|ities|ción|ciones|sión|siones|dad|dades)$/u],
  ['adjective', /(ive|ous|ful|able|ible|al|ic|ic[oa]s?|os[oa]s?|iv[oa]s?)$/u],
  ['infinitive', /(ar|er|ir)$/u],
];

function wordShape(word: string): string {
  const lower = word.toLowerCase();
  const [shape] = WORD_SHAPES.find(([, ending]) => ending.test(lower)) ?? ['plain'];
  return lower.endsWith('s') ? `${shape}-s` : shape;
}

/** Case and spacing never make two terms different. */
export function normaliseTerm(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The value of "15", "1,000" or "three", to keep "one" from distracting from "1". */
export function numericValue(text: string): number | undefined {
  const spelled = SPELLED_NUMBERS.get(text.toLowerCase());
  if (spelled !== undefined) return spelled;
  const value = Number(
    text
      .replace(/%$/, '')
      .replace(/,(?=\d{3}\b)/g, '')
      .replace(',', '.'),
  );
  return Number.isFinite(value) ? value : undefined;
}
