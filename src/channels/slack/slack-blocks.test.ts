import { describe, expect, it } from 'vitest';
import { buildSlackMessage, SLACK_LIMITS, type ActionsBlock } from './slack-blocks.ts';

describe('Block Kit messages', () => {
  it('shows course text as written, escaping the characters Slack reads as markup', () => {
    const message = buildSlackMessage({ text: 'Keep <2 m> from R&D racks' });

    expect(message).toEqual({
      text: 'Keep &lt;2 m&gt; from R&amp;D racks',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Keep &lt;2 m&gt; from R&amp;D racks' } },
      ],
    });
  });

  it('splits a long lesson into sections of at most 3000 characters', () => {
    const paragraph = 'Report every spill to your shift lead within thirty minutes. '.repeat(30);
    const message = buildSlackMessage({ text: `${paragraph}\n\n${paragraph}\n\n${paragraph}` });

    const sections = message.blocks.filter((block) => block.type === 'section');
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) {
      expect(section.type === 'section' && section.text.text.length).toBeLessThanOrEqual(
        SLACK_LIMITS.sectionText,
      );
    }
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.notificationText);
  });

  it('shows a lesson picture as an image block and any other media as a link', () => {
    const picture = buildSlackMessage({ text: 'Look', mediaUrl: 'https://cdn.example.com/a.png' });
    const video = buildSlackMessage({ text: 'Watch', mediaUrl: 'https://video.example.com/v/1' });

    expect(picture.blocks[1]).toEqual({
      type: 'image',
      image_url: 'https://cdn.example.com/a.png',
      alt_text: 'Lesson picture',
    });
    expect(video.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '<https://video.example.com/v/1>' },
    });
  });

  it('puts more than 25 answers in several actions blocks with unique action ids', () => {
    const buttons = Array.from({ length: 30 }, (_, index) => ({
      label: `Option ${index + 1}`,
      payload: `ans:1:q:${index}`,
    }));

    const actions = buildSlackMessage({ text: 'Pick', buttons }).blocks.filter(
      (block): block is ActionsBlock => block.type === 'actions',
    );

    expect(actions.map((block) => block.elements.length)).toEqual([25, 5]);
    const ids = actions.flatMap((block) => block.elements.map((element) => element.action_id));
    expect(new Set(ids).size).toBe(30);
  });

  it('cuts a button label to 75 characters but never its value', () => {
    const label =
      'I have read, understood and will follow the spill procedure at all times '.repeat(2);
    const [, actions] = buildSlackMessage({
      text: 'Confirm',
      buttons: [{ label, payload: 'ans:1:ack:a' }],
    }).blocks;

    const button = actions?.type === 'actions' ? actions.elements[0] : undefined;
    expect(button?.text.text).toHaveLength(SLACK_LIMITS.buttonText);
    expect(button?.value).toBe('ans:1:ack:a');
  });
});
