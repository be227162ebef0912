/**
 * Commands a learner can send instead of an answer, in English and Spanish.
 *
 * Opting out follows the SMS carriers' rule: only an exact single keyword, any case, opts a
 * number out (Twilio's list, including REVOKE and OPTOUT added after the FCC's 2024 rule).
 * A reply that merely sounds like "stop" ("Stop. Thank you", "please stop texting me") is not
 * blocked by the carrier, so it is reported as an intent: the product pauses and asks.
 */
import { foldToWords, wordsOf } from './text-folding.ts';

export const REPLY_COMMANDS = [
  'help',
  'next',
  'stop',
  'stop_intent',
  'start',
  'pause',
  'snooze',
] as const;
export type ReplyCommand = (typeof REPLY_COMMANDS)[number];

const STOP_KEYWORDS = [
  'stop',
  'stopall',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'revoke',
  'optout',
  'parar',
  'detener',
  'baja',
  'cancelar',
  // Canadian carriers require the French opt-out keyword as well.
  'arret',
  'arrêt',
];

/**
 * YES is an opt-in keyword only to a carrier, for a number it has blocked: here it is also an
 * answer ("yes" to a true/false question). The SMS adapter turns a YES that Twilio handled
 * as an opt-in (its OptOutType=START) into START, so YES is deliberately not listed.
 */
const START_KEYWORDS = ['start', 'unstop', 'empezar', 'comenzar', 'reanudar'];

const HELP_WORDS = ['help', 'info', 'ayuda', 'aide'];

const NEXT_WORDS = ['next', 'continue', 'siguiente', 'continuar'];

/** PAUSE holds lessons until START; unlike STOP it keeps the channel's consent. */
const PAUSE_WORDS = ['pause', 'pausa', 'pausar'];

/** "SNOOZE", "SNOOZE 3", "SNOOZE 3 DAYS", "snooze for 3 days", "posponer 3 dias". */
const SNOOZE_PATTERN =
  /^(?:snooze|posponer)(?:\s+(?:for|por))?(?:\s+(\d{1,2}))?(?:\s+(?:days?|dias?))?$/;

/** A snooze without a number lasts a day; a longer one than a month is taken as a month. */
export const DEFAULT_SNOOZE_DAYS = 1;
export const MAX_SNOOZE_DAYS = 30;

/** Words that make a short reply an opt-out intent even when it is not an exact keyword. */
const STOP_INTENT_WORDS = ['stop', 'unsubscribe', 'optout', 'parar'];

const POLITE_OPENINGS = ['please', 'pls', 'por favor'];

const STOP_INTENT_PHRASES = [
  'stop texting',
  'stop messaging',
  'stop sending',
  'no more messages',
  'no more texts',
  'dejen de enviar',
  'deja de enviar',
  'no quiero recibir',
];

/**
 * A short reply opening with a stop word is an intent; a longer one, or one with "stop" inside,
 * is usually an answer ("Stop and check the sender", "hay que parar").
 */
const MAX_STOP_INTENT_WORDS = 4;

/**
 * The command a whole reply is, or null when it is not one.
 * @example readCommand('  Stop \n') // 'stop'
 * @example readCommand('Stop. Thank you') // 'stop_intent'
 */
export function readCommand(text: string): ReplyCommand | null {
  const exact = text.trim().toLowerCase();
  if (STOP_KEYWORDS.includes(exact)) return 'stop';
  if (START_KEYWORDS.includes(exact)) return 'start';

  const folded = foldToWords(text);
  if (HELP_WORDS.includes(folded)) return 'help';
  if (NEXT_WORDS.includes(folded)) return 'next';
  if (PAUSE_WORDS.includes(folded)) return 'pause';
  if (SNOOZE_PATTERN.test(folded)) return 'snooze';

  if (isStopIntent(folded)) return 'stop_intent';
  return null;
}

function isStopIntent(folded: string): boolean {
  if (STOP_INTENT_PHRASES.some((phrase) => folded.includes(phrase))) return true;

  const opening = POLITE_OPENINGS.find((polite) => folded.startsWith(`${polite} `));
  const words = wordsOf(opening ? folded.slice(opening.length + 1) : folded);
  if (words.length > MAX_STOP_INTENT_WORDS) return false;
  return STOP_INTENT_WORDS.includes(words[0] ?? '');
}

/**
 * How many days a SNOOZE reply asks for, or null when the reply is not a snooze.
 * @example snoozeDays('SNOOZE 3 DAYS') // 3
 * @example snoozeDays('snooze') // 1
 */
export function snoozeDays(text: string): number | null {
  return snoozeRequest(text)?.days ?? null;
}

/**
 * The snooze a reply asks for, with whether it asked for more than the longest one, so the
 * confirmation can say so rather than quietly shorten it.
 * @example snoozeRequest('snooze 99') // { days: 30, capped: true }
 */
export function snoozeRequest(text: string): { days: number; capped: boolean } | null {
  const match = SNOOZE_PATTERN.exec(foldToWords(text));
  if (!match) return null;
  const asked = match[1] === undefined ? DEFAULT_SNOOZE_DAYS : Number(match[1]);
  const days = Math.min(MAX_SNOOZE_DAYS, Math.max(1, asked));
  return { days, capped: asked > MAX_SNOOZE_DAYS };
}
