import { describe, expect, it } from 'vitest';

import { CATALOGS, MESSAGE_KEYS, translate } from '../catalog.ts';
import { fillPlurals } from './plural-forms.ts';

describe('counts in catalog phrases', () => {
  it.each([
    ['en', 1, 'Your lessons are paused for 1 day. Reply START to resume sooner.'],
    ['en', 3, 'Your lessons are paused for 3 days. Reply START to resume sooner.'],
    ['es', 1, 'Pausamos tus lecciones durante 1 día. Responde START para retomarlas antes.'],
    ['es-MX', 7, 'Pausamos tus lecciones durante 7 días. Responde START para retomarlas antes.'],
    ['fr-CA', 0, 'Your lessons are paused for 0 days. Reply START to resume sooner.'],
  ])('in %s, a snooze of %i reads "%s"', (locale, days, expected) => {
    expect(translate(locale, 'command.snooze', { days })).toBe(expected);
  });

  // Regression: "paused for 1 days". Every count goes in a plural block, in every catalog.
  it.each(Object.entries(CATALOGS))(
    'the %s catalog puts no count before a fixed plural',
    (_, catalog) => {
      const nouns = [
        ...['days', 'weeks', 'hours', 'minutes', 'lessons', 'questions', 'answers', 'reviews'],
        ...['días', 'semanas', 'horas', 'minutos', 'lecciones', 'preguntas', 'respuestas'],
      ];
      const countThenPlural = new RegExp(
        String.raw`\{\w+\}\s+(${nouns.join('|')})(?![\p{L}])`,
        'iu',
      );
      const offending = MESSAGE_KEYS.filter((key) => countThenPlural.test(catalog[key]));
      expect(offending).toEqual([]);
    },
  );

  it('prefers an exact case, then the locale rule, then "other"', () => {
    const template = '{n, plural, =0 {no lessons} one {# lesson} other {# lessons}} left';

    expect(fillPlurals(template, 'en', () => 0)).toBe('no lessons left');
    expect(fillPlurals(template, 'en', () => 1)).toBe('1 lesson left');
    expect(fillPlurals(template, 'en', () => 12)).toBe('12 lessons left');
    // Spanish calls a million "many"; a phrase without that case takes "other".
    expect(fillPlurals('{n, plural, one {# día} other {# días}}', 'es', () => 1_000_000)).toBe(
      '1000000 días',
    );
  });

  it('asks for the count by name, so a missing one fails as any placeholder does', () => {
    expect(() => translate('en', 'command.snooze')).toThrow(/command\.snooze.*\{days\}/);
  });
});
