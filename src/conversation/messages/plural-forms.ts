/**
 * Counts in catalog phrases, in the ICU MessageFormat plural syntax translators know:
 * `{days, plural, one {# day} other {# days}}`, where `#` is the number. The case is chosen by
 * the locale's CLDR plural rules (Intl.PluralRules), so "1 day" / "3 days" in English and
 * "1 día" / "3 días" in Spanish; an exact `=0 {...}` case wins over the rules.
 */

const CASE = String.raw`(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\}`;
const PLURAL_BLOCK = new RegExp(String.raw`\{(\w+),\s*plural,\s*((?:${CASE}\s*)+)\}`, 'g');
const PLURAL_CASE = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

/**
 * The template with each plural block replaced by the case for its count. `valueOf` gives a
 * placeholder's value (and throws for a missing one, as translate does).
 * @example fillPlurals('{n, plural, one {# day} other {# days}}', 'en', () => 3) // '3 days'
 */
export function fillPlurals(
  template: string,
  locale: string,
  valueOf: (name: string) => string | number,
): string {
  return template.replace(PLURAL_BLOCK, (_block, name: string, cases: string) => {
    const count = Number(valueOf(name));
    const byCase = new Map(
      [...cases.matchAll(PLURAL_CASE)].map((match) => [match[1] ?? '', match[2] ?? '']),
    );
    const chosen =
      byCase.get(`=${count}`) ??
      byCase.get(pluralRules(locale).select(count)) ??
      byCase.get('other');
    if (chosen === undefined) {
      throw new Error(`The plural of {${name}} has no "other" case: ${cases.trim()}`);
    }
    return chosen.replaceAll('#', String(count));
  });
}

/** Names of the counts a template pluralises, e.g. ['days']. */
export function pluralPlaceholders(template: string): string[] {
  return [...template.matchAll(PLURAL_BLOCK)].map((match) => match[1] ?? '');
}

/** The rules of a locale tag, or English's for a tag Intl does not accept ("xx_YY"). */
function pluralRules(locale: string): Intl.PluralRules {
  try {
    return new Intl.PluralRules(locale);
  } catch {
    return new Intl.PluralRules('en');
  }
}
