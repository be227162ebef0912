/**
 * Message catalogs of the conversation engine and the one way to read them. A learner's
 * locale falls back from the full tag to its language, then to English: "es-MX" -> "es" -> "en".
 */
import { en, type MessageKey } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fillPlurals, pluralPlaceholders } from './messages/plural-forms.ts';

export type { MessageKey };

export type Catalog = Readonly<Record<MessageKey, string>>;

export type MessageParams = Readonly<Record<string, string | number>>;

export const FALLBACK_LOCALE = 'en';

/** Catalogs by lowercase BCP 47 tag; a regional catalog ("es-mx") may be added beside "es". */
export const CATALOGS: Readonly<Record<string, Catalog>> = { en, es };

export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

/**
 * The catalogs to try for a locale, most specific first.
 * @example localeChain('es_MX') // ['es-mx', 'es', 'en']
 */
export function localeChain(locale: string): string[] {
  const tag = locale.trim().replaceAll('_', '-').toLowerCase();
  const language = tag.split('-')[0] ?? '';

  const chain = [tag, language, FALLBACK_LOCALE].filter((candidate) => candidate !== '');
  return [...new Set(chain)];
}

/** The catalog that will speak to a learner with this locale. */
export function catalogFor(locale: string): Catalog {
  for (const candidate of localeChain(locale)) {
    const catalog = CATALOGS[candidate];
    if (catalog) return catalog;
  }
  return en;
}

/**
 * The phrase for a key in the learner's locale, with {placeholders} and plural counts
 * (`{days, plural, one {# day} other {# days}}`) filled in.
 * A placeholder without a value is a programmer error and throws, so a test catches it
 * before a learner ever sees "{tag}".
 * @example translate('es-MX', 'lesson.header', { position: 2, total: 5, title: 'Phishing' })
 */
export function translate(locale: string, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogFor(locale)[key];
  const valueOf = (name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new Error(`Message "${key}" needs a value for {${name}}; none was given.`);
    }
    return value;
  };

  // Plural rules of the catalog that speaks, not of the tag asked: "fr-CA" reads English.
  const spoken = localeChain(locale).find((tag) => CATALOGS[tag]) ?? FALLBACK_LOCALE;
  const counted = fillPlurals(template, spoken, valueOf);
  return counted.replace(/\{(\w+)\}/g, (_placeholder, name: string) => String(valueOf(name)));
}

/** The placeholder names a phrase uses, sorted; catalogs must agree on them per key. */
export function placeholdersOf(template: string): string[] {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  return [...new Set([...names, ...pluralPlaceholders(template)])].sort();
}

/**
 * Alternatives joined the way the locale says "or": "A, B or C", "A, B o C".
 * Limitation: Spanish "o" is not turned into "u" before a word starting with an o sound.
 */
export function joinAlternatives(locale: string, items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';

  const head = items.slice(0, -1).join(', ');
  const last = items[items.length - 1] ?? '';
  return translate(locale, 'list.or', { head, last });
}
