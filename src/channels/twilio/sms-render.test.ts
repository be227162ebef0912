import { describe, expect, it } from 'vitest';
import { renderSms } from './sms-render.ts';
import { measureSms } from './sms-segments.ts';

const sentence = 'Check the sender address before you click any link in an email. ';
const longLesson = `Lesson 2 of 5: Phishing\n\n${sentence.repeat(12)}`.trim();
const LINK = 'https://inflow.example.com/learn/d-123?t=abc';

const words = (text: string) => text.split(/\s+/).filter((word) => word !== '');

describe('renderSms', () => {
  it('drops answer buttons and keeps the text that says how to answer', () => {
    const bodies = renderSms(
      {
        text: 'Which is safer?\n\nA) Reuse\nB) Manager\n\nReply A or B.',
        buttons: [
          { label: 'A', payload: 'ans:1:q1:a' },
          { label: 'B', payload: 'ans:1:q1:b' },
        ],
      },
      { maxSegments: 3, smartEncoding: true },
    );

    expect(bodies).toEqual(['Which is safer?\n\nA) Reuse\nB) Manager\n\nReply A or B.']);
  });

  it('straightens a curly apostrophe so the message stays one GSM-7 segment', () => {
    const [body] = renderSms(
      { text: 'Today\u2019s lesson' },
      { maxSegments: 1, smartEncoding: true },
    );

    expect(body).toBe("Today's lesson");
  });

  it('keeps the author\u2019s characters when smart encoding is off, composed to NFC', () => {
    const [body] = renderSms(
      { text: 'Cafe\u0301 \u2019' },
      { maxSegments: 1, smartEncoding: false },
    );

    expect(body).toBe('Caf\u00e9 \u2019');
  });

  it('puts a media link on its own line, since SMS carries no image', () => {
    const [body] = renderSms(
      { text: 'Look at this badge.', mediaUrl: 'https://cdn.example.com/badge.png' },
      { maxSegments: 2, smartEncoding: true },
    );

    expect(body).toBe('Look at this badge.\n\nhttps://cdn.example.com/badge.png');
  });

  it('turns a lesson too long for the limit into an excerpt and its web link', () => {
    const bodies = renderSms(
      { text: longLesson },
      { maxSegments: 2, smartEncoding: true, link: LINK },
    );

    expect(bodies).toHaveLength(1);
    const [body] = bodies as [string];
    expect(measureSms(body).segments).toBeLessThanOrEqual(2);
    expect(body.startsWith('Lesson 2 of 5: Phishing\n\nCheck the sender')).toBe(true);
    expect(body.endsWith(`...\n${LINK}`)).toBe(true);
    // As much of the lesson as fits: one more word would not.
    expect(measureSms(body).units).toBeGreaterThan(2 * 153 - 12);
  });

  it('splits a long lesson into ordered, labelled parts within the limit without a link', () => {
    const bodies = renderSms({ text: longLesson }, { maxSegments: 1, smartEncoding: true });

    expect(bodies.length).toBeGreaterThan(4);
    bodies.forEach((body, index) => {
      expect(body.startsWith(`(${index + 1}/${bodies.length}) `)).toBe(true);
      expect(measureSms(body).segments).toBe(1);
    });
    const unlabelled = bodies.map((body) => body.replace(/^\(\d+\/\d+\) /, '')).join(' ');
    expect(words(unlabelled)).toEqual(words(longLesson));
  });

  it('measures each part on its own, so one emoji does not make every part UCS-2', () => {
    const text = `\u{1F389} Well done! ${sentence.repeat(6)}`;

    const bodies = renderSms({ text }, { maxSegments: 1, smartEncoding: true });

    expect(measureSms(bodies[0] as string).encoding).toBe('UCS-2');
    expect(bodies.slice(1).every((body) => measureSms(body).encoding === 'GSM-7')).toBe(true);
    expect(bodies.every((body) => measureSms(body).segments === 1)).toBe(true);
  });

  it('cuts a word longer than a part without splitting an emoji', () => {
    const bodies = renderSms(
      { text: '\u{1F600}'.repeat(80) },
      { maxSegments: 1, smartEncoding: true },
    );

    expect(bodies.join('').replace(/\(\d+\/\d+\) /g, '')).toBe('\u{1F600}'.repeat(80));
    expect(bodies.every((body) => measureSms(body).segments === 1)).toBe(true);
  });

  it('refuses a limit below one segment', () => {
    expect(() => renderSms({ text: 'x' }, { maxSegments: 0, smartEncoding: true })).toThrow(
      'maxSegments',
    );
  });
});
