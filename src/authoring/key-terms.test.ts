import { describe, expect, it } from 'vitest';

import { pickDistractors } from './distractors.ts';
import { buildTermIndex, findTerms } from './key-terms.ts';
import type { Term } from './key-terms.ts';
import { containsTerm, replaceTerm } from './term-text.ts';

const sentences = [
  'Report every near miss to the Safety Office within 1 hour.',
  'The Safety Office reviews each report within 5 working days.',
  'Operators must be at least 18 years old before they drive.',
  'A mechanic from Fleet Services signs the red tag on the truck.',
  'Fleet Services keeps one spare truck for each shift.',
  'Ask the shift supervisor before you move a truck to the yard.',
  'Renew the certificate every 3 years with the Safety Office.',
  'One of the trucks is kept at Northgate Depot near the gate.',
  'Visitors to Northgate Depot sign in at the gate.',
  'Night deliveries are booked with the Transport Desk a day ahead.',
];
const index = buildTermIndex(sentences);
const textsOf = (terms: readonly Term[], kind: Term['kind']): string[] =>
  terms.filter((term) => term.kind === kind).map((term) => term.text);

describe('findTerms', () => {
  it('finds numbers, including spelled-out quantities', () => {
    expect(textsOf(findTerms(sentences[0] ?? '', index), 'number')).toEqual(['1']);
    expect(textsOf(findTerms(sentences[4] ?? '', index), 'number')).toEqual(['one']);
  });

  it('does not take "one of" for a number', () => {
    expect(textsOf(findTerms(sentences[7] ?? '', index), 'number')).toEqual([]);
  });

  it('finds capitalised names that recur in the document', () => {
    expect(textsOf(findTerms(sentences[1] ?? '', index), 'phrase')).toEqual(['Safety Office']);
    expect(textsOf(findTerms(sentences[3] ?? '', index), 'phrase')).toEqual(['Fleet Services']);
  });

  it('does not take an ordinary word for a name because it opens a sentence', () => {
    expect(textsOf(findTerms(sentences[5] ?? '', index), 'phrase')).toEqual([]);
    expect(textsOf(findTerms(sentences[2] ?? '', index), 'phrase')).toEqual([]);
  });

  it('finds content words used at least twice, never function words', () => {
    const words = textsOf(findTerms(sentences[3] ?? '', index), 'word');
    expect(words).toContain('truck');
    expect(words).not.toContain('the');
    expect(words).not.toContain('mechanic');
  });
});

describe('pickDistractors', () => {
  const termIn = (sentence: string, text: string): Term => {
    const term = findTerms(sentence, index).find((candidate) => candidate.text === text);
    if (term === undefined) throw new Error(`no term "${text}" in "${sentence}"`);
    return term;
  };

  it('offers numbers for a number and names for a name', () => {
    const sentence = sentences[0] ?? '';
    const numbers = pickDistractors(termIn(sentence, '1'), sentence, index, 3, 'seed');
    const names = pickDistractors(termIn(sentence, 'Safety Office'), sentence, index, 3, 'seed');

    expect(numbers.length).toBeGreaterThanOrEqual(2);
    for (const number of numbers) expect(number).toMatch(/^\d+$|^one$/);
    expect(names).toEqual(expect.arrayContaining(['Fleet Services', 'Northgate Depot']));
  });

  it('never offers the answer in another form or a term already in the sentence', () => {
    const sentence = 'Fleet Services keeps one spare truck for each shift.';
    const numbers = pickDistractors(termIn(sentence, 'one'), sentence, index, 5, 'seed');
    const names = pickDistractors(
      termIn(sentences[1] ?? '', 'Safety Office'),
      sentences[1] ?? '',
      index,
      5,
      'x',
    );

    expect(numbers).not.toContain('1');
    expect(numbers).not.toContain('one');
    expect(names.map((name) => name.toLowerCase())).not.toContain('safety office');
  });

  it('never offers a term that is already visible in the sentence', () => {
    const sentence = 'The Safety Office and Fleet Services meet at Northgate Depot every week.';
    const names = pickDistractors(termIn(sentence, 'Safety Office'), sentence, index, 5, 'seed');

    expect(names).toContain('Transport Desk');
    expect(names).not.toContain('Fleet Services');
    expect(names).not.toContain('Northgate Depot');
  });

  it('gives the same distractors for the same seed', () => {
    const sentence = sentences[0] ?? '';
    const answer = termIn(sentence, '1');
    expect(pickDistractors(answer, sentence, index, 2, 'a')).toEqual(
      pickDistractors(answer, sentence, index, 2, 'a'),
    );
  });
});

describe('term matching', () => {
  it('matches whole words only, ignoring case', () => {
    expect(containsTerm('Use the One-Up technique', 'one')).toBe(false);
    expect(containsTerm('Lift 1.5 tonnes', '1')).toBe(false);
    expect(containsTerm('Call the SAFETY office', 'Safety Office')).toBe(true);
    expect(containsTerm("TTS's teams", 'TTS')).toBe(true);
  });

  it('replaces every whole-word occurrence', () => {
    expect(replaceTerm('A truck, two trucks, one truck.', 'truck', '___')).toBe(
      'A ___, two trucks, one ___.',
    );
  });
});
