import { describe, expect, it } from 'vitest';
import {
  CATALOGS,
  MESSAGE_KEYS,
  catalogFor,
  joinAlternatives,
  localeChain,
  placeholdersOf,
  translate,
} from './catalog.ts';

describe('message catalogs', () => {
  const catalogs = Object.entries(CATALOGS);

  it.each(catalogs)(
    'the %s catalog has a phrase for every key and no others',
    (_locale, catalog) => {
      expect(Object.keys(catalog).sort()).toEqual([...MESSAGE_KEYS].sort());
      for (const key of MESSAGE_KEYS) expect(catalog[key].trim()).not.toBe('');
    },
  );

  it.each(catalogs)('the %s catalog uses the same placeholders as English', (_locale, catalog) => {
    for (const key of MESSAGE_KEYS) {
      expect({ key, names: placeholdersOf(catalog[key]) }).toEqual({
        key,
        names: placeholdersOf(CATALOGS.en?.[key] ?? ''),
      });
    }
  });

  it('keeps English to plain ASCII so an SMS is not switched to UCS-2', () => {
    const nonAscii = MESSAGE_KEYS.filter((key) => /[^\x20-\x7e]/.test(CATALOGS.en?.[key] ?? ''));
    expect(nonAscii).toEqual([]);
  });
});

describe('translate', () => {
  it('falls back from a regional locale to its language', () => {
    expect(localeChain('es-MX')).toEqual(['es-mx', 'es', 'en']);
    expect(translate('es-MX', 'feedback.correct')).toBe('¡Correcto!');
    expect(translate('ES_mx', 'feedback.correct')).toBe('¡Correcto!');
  });

  it('falls back to English for a language without a catalog', () => {
    expect(translate('fr-CA', 'feedback.correct')).toBe('Correct!');
    expect(catalogFor('')).toBe(CATALOGS.en);
  });

  it('fills in every placeholder', () => {
    const header = translate('en', 'lesson.header', { position: 2, total: 5, title: 'Phishing' });
    expect(header).toBe('Lesson 2 of 5: Phishing');
    expect(translate('es', 'lesson.header', { position: 2, total: 5, title: 'Phishing' })).toBe(
      'Lección 2 de 5: Phishing',
    );
  });

  it('throws when a placeholder has no value, naming the key and the placeholder', () => {
    expect(() => translate('en', 'lesson.header', { position: 2, total: 5 })).toThrow(
      /lesson\.header.*\{title\}/,
    );
  });
});

describe('joinAlternatives', () => {
  it.each([
    ['en', ['A'], 'A'],
    ['en', ['A', 'B'], 'A or B'],
    ['en', ['A', 'B', 'C'], 'A, B or C'],
    ['es', ['A', 'B', 'C'], 'A, B o C'],
  ])('in %s joins %j as "%s"', (locale, items, expected) => {
    expect(joinAlternatives(locale, items)).toBe(expected);
  });
});
