import { describe, expect, it } from 'vitest';
import type { MessageButton } from '../../conversation/outbound-message.ts';
import { validateGraphMessage } from './testing/graph-message-rules.ts';
import {
  answerFormatFor,
  buildGraphMessages,
  type GraphMessage,
} from './whatsapp-message-builder.ts';

const TO = '31612345678';
const options = { listButtonLabel: 'Choose an answer' };
const buttons = (...labels: string[]): MessageButton[] =>
  labels.map((label, index) => ({
    label,
    payload: `ans:7:l1-q1:${String.fromCharCode(97 + index)}`,
  }));

/** Every body must pass the rules the fake Graph API enforces from Meta's documentation. */
function expectValid(messages: GraphMessage[]) {
  for (const message of messages) {
    expect(validateGraphMessage(message as unknown as Record<string, unknown>, {})).toEqual([]);
  }
}

describe('choosing how answers are offered', () => {
  it.each([
    ['true/false', buttons('True', 'False'), 'buttons'],
    ['three lettered options', buttons('A', 'B', 'C'), 'buttons'],
    ['four lettered options', buttons('A', 'B', 'C', 'D'), 'list'],
    ['a 1-5 confidence scale', buttons('1', '2', '3', '4', '5'), 'list'],
    ['ten options', buttons(...'ABCDEFGHIJ'.split('')), 'list'],
    ['eleven options', buttons(...'ABCDEFGHIJK'.split('')), 'text'],
    ['a label over 20 characters', buttons('I have read the policy', 'Later'), 'list'],
    ['two identical labels', buttons('Yes', 'Yes'), 'list'],
    ['no buttons', [], 'text'],
  ])('%s → %s', (_case, answers, format) => {
    expect(answerFormatFor({ text: 'Question?', buttons: answers })).toBe(format);
  });
});

describe('building Cloud API bodies', () => {
  it('sends a lesson without answers as one text message', () => {
    const [message, ...rest] = buildGraphMessages(TO, { text: 'Lesson 1 of 2: Spills' }, options);

    expect(rest).toEqual([]);
    expect(message).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'text',
      text: { body: 'Lesson 1 of 2: Spills', preview_url: false },
    });
  });

  it('puts each answer payload in a reply button id and the label in its title', () => {
    const [message] = buildGraphMessages(
      TO,
      { text: 'True?', buttons: buttons('True', 'False') },
      options,
    );

    expect(message).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'True?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'ans:7:l1-q1:a', title: 'True' } },
            { type: 'reply', reply: { id: 'ans:7:l1-q1:b', title: 'False' } },
          ],
        },
      },
    });
    expectValid([message!]);
  });

  it('lists up to ten rows, cutting long titles to 24 and showing them whole below', () => {
    const long = 'I have read and understood the policy';
    const [message] = buildGraphMessages(
      TO,
      {
        text: 'Confirm',
        buttons: [...buttons('A', 'B', 'C'), { label: long, payload: 'ans:7:x:d' }],
      },
      options,
    );

    const list = message as Extract<GraphMessage, { type: 'interactive' }>;
    expect(list.interactive.type).toBe('list');
    const rows = list.interactive.type === 'list' ? list.interactive.action.sections[0]!.rows : [];
    expect(rows.map((row) => row.id)).toEqual([
      'ans:7:l1-q1:a',
      'ans:7:l1-q1:b',
      'ans:7:l1-q1:c',
      'ans:7:x:d',
    ]);
    expect(rows[3]).toEqual({
      id: 'ans:7:x:d',
      title: 'I have read and underst…',
      description: long,
    });
    expect(rows[3]!.title).toHaveLength(24);
    expectValid([message!]);
  });

  it('splits a text too long for a button body and puts the buttons on the last part', () => {
    const paragraph = 'Spills are reported within thirty minutes. '.repeat(15).trim();
    const text = `${paragraph}\n\n${paragraph}\n\nTrue or false?`;

    const messages = buildGraphMessages(TO, { text, buttons: buttons('True', 'False') }, options);

    expect(text.length).toBeGreaterThan(1024);
    expect(messages.map((message) => message.type)).toEqual(['text', 'interactive']);
    expectValid(messages);
  });

  it('falls back to typed answers beyond ten options, the text saying how to answer', () => {
    const answers = buttons(...'ABCDEFGHIJK'.split(''));
    const messages = buildGraphMessages(TO, { text: 'Reply A to K.', buttons: answers }, options);

    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'text', text: { body: 'Reply A to K.' } });
  });

  it('adds the media link to the text and lets WhatsApp preview it', () => {
    const [message] = buildGraphMessages(
      TO,
      { text: 'Watch this', mediaUrl: 'https://cdn.example.com/spill.jpg' },
      options,
    );

    expect(message).toMatchObject({
      type: 'text',
      text: { body: 'Watch this\n\nhttps://cdn.example.com/spill.jpg', preview_url: true },
    });
  });
});
