import { describe, expect, it } from 'vitest';
import { paragraphsOf, splitIntoMessages } from './split-message.ts';

describe('splitIntoMessages', () => {
  it('keeps paragraphs together while they fit', () => {
    expect(splitIntoMessages(['Header', 'One.', 'Two.'], 100)).toEqual(['Header\n\nOne.\n\nTwo.']);
  });

  it('breaks between paragraphs, never inside one that fits', () => {
    const paragraphs = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)];

    expect(splitIntoMessages(paragraphs, 64)).toEqual([
      `${'a'.repeat(30)}\n\n${'b'.repeat(30)}`,
      'c'.repeat(30),
    ]);
  });

  it('breaks a paragraph longer than the limit between sentences', () => {
    const paragraph = 'First sentence here. Second sentence here. Third one.';

    expect(splitIntoMessages([paragraph], 42)).toEqual([
      'First sentence here. Second sentence here.',
      'Third one.',
    ]);
  });

  it('breaks a sentence longer than the limit between words', () => {
    const sentence = 'one two three four five six seven eight nine ten eleven twelve';

    const messages = splitIntoMessages([sentence], 20);
    expect(messages.join(' ')).toBe(sentence);
    expect(messages.every((message) => message.length <= 20)).toBe(true);
    expect(messages.length).toBeGreaterThan(3);
  });

  it('cuts a word longer than the limit without splitting an emoji', () => {
    const word = `${'x'.repeat(19)}🎉${'y'.repeat(5)}`;

    expect(splitIntoMessages([word], 20)).toEqual(['x'.repeat(19), `🎉${'y'.repeat(5)}`]);
  });

  it('refuses a limit too small to hold words', () => {
    expect(() => splitIntoMessages(['Hello'], 5)).toThrow(/maxLength/);
  });
});

describe('paragraphsOf', () => {
  it('splits on blank lines, including Windows line ends, and keeps single line breaks', () => {
    expect(paragraphsOf('One\r\nstill one\r\n\r\nTwo\n \nThree\n\n\n')).toEqual([
      'One\nstill one',
      'Two',
      'Three',
    ]);
  });
});
