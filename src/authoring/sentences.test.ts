import { describe, expect, it } from 'vitest';

import { countWords, splitSentences } from './sentences.ts';

describe('splitSentences', () => {
  it('splits plain prose at full stops, question marks and exclamation marks', () => {
    expect(splitSentences('Check the horn. Is it loud? Good! Now drive.')).toEqual([
      'Check the horn.',
      'Is it loud?',
      'Good!',
      'Now drive.',
    ]);
  });

  it.each([
    ['e.g.', 'Wear gear, e.g. Gloves and goggles, at the charger. Then start.'],
    ['i.e.', 'Use the main lane, i.e. The green one, at all times. Then stop.'],
    ['Mr.', 'Ask Mr. Okafor for the key before the shift. He keeps it.'],
    ['Dr.', 'The clinic is run by Dr. Alvarez on Mondays. Book ahead.'],
    ['U.S.', 'The U.S. Department of Labor sets the rule for all sites. We follow it.'],
    ['an initial', 'The manual by J. Smith covers charging in detail. Read it.'],
    ['p. ej.', 'Usa protección, p. ej. Guantes y gafas, al cargar. Después arranca.'],
  ])('does not split after %s', (_label, text) => {
    expect(splitSentences(text)).toHaveLength(2);
  });

  it('keeps decimals and version numbers inside one sentence', () => {
    expect(
      splitSentences('The limit is 2.5 tonnes on firmware v1.2.3 or later. Check it.'),
    ).toEqual(['The limit is 2.5 tonnes on firmware v1.2.3 or later.', 'Check it.']);
  });

  it('splits Spanish sentences that open with ¿ or ¡', () => {
    expect(splitSentences('¿Estás cansado? No conduzcas. ¡La seguridad es lo primero!')).toEqual([
      '¿Estás cansado?',
      'No conduzcas.',
      '¡La seguridad es lo primero!',
    ]);
  });

  it('keeps a closing quote with its sentence', () => {
    expect(splitSentences('He said "stop here." Then he left.')).toEqual([
      'He said "stop here."',
      'Then he left.',
    ]);
  });

  it('does not split when the next word starts in lower case', () => {
    expect(splitSentences('Report within 5 min. of the event. Always.')).toEqual([
      'Report within 5 min. of the event.',
      'Always.',
    ]);
  });

  it('treats a number at the very start as a list number, not a sentence', () => {
    expect(splitSentences('1. Wear a helmet in the yard.')).toEqual([
      '1. Wear a helmet in the yard.',
    ]);
  });

  it('returns text without a final stop as one sentence, and nothing for blank text', () => {
    expect(splitSentences('Horn and lights')).toEqual(['Horn and lights']);
    expect(splitSentences('   ')).toEqual([]);
  });
});

describe('countWords', () => {
  it('counts words and numbers, keeping contractions and decimals whole', () => {
    expect(countWords("Don't lift 2.5 tonnes — ever!")).toBe(5);
    expect(countWords('¿Quién puede conducir?')).toBe(3);
  });
});
