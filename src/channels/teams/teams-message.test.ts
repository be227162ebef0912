import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { decideReply } from '../../conversation/engine.ts';
import {
  acknowledgementQuestion,
  clozeQuestion,
  confidenceQuestion,
  lockScreenQuestion,
  openPrompt,
  passwordQuestion,
  ratingQuestion,
  reflectionQuestion,
} from '../../conversation/fixtures/questions.ts';
import { renderQuestion } from '../../conversation/render.ts';
import type { Question } from '../../courses/model.ts';
import { TM02 } from './fixtures/teams-pitfalls.ts';
import { activityFor, answerFrom, cardFor, PAYLOAD_FIELD } from './teams-message.ts';

const ALL_QUESTIONS: Question[] = [
  passwordQuestion,
  lockScreenQuestion,
  confidenceQuestion,
  ratingQuestion,
  acknowledgementQuestion,
  reflectionQuestion,
  clozeQuestion,
];

/** The TM-02 quiz as one of our questions: id q-42, the learner taps B. */
const QUIZ_42: Question = { ...passwordQuestion, id: TM02.objectDataAction.data.quizId };

const activity = (fields: Partial<Activity>): Activity => fields as Activity;

describe('TM-02: Teams card answers', () => {
  it.each(ALL_QUESTIONS.map((question) => [question.kind, question] as const))(
    'every %s card submits object data carrying the button payload, never a string',
    (_kind, question) => {
      const message = renderQuestion(question, { locale: 'en', tag: '3', showTag: false });

      const actions = cardFor(message).actions ?? [];

      expect(actions).toHaveLength(message.buttons?.length ?? 0);
      for (const [index, action] of actions.entries()) {
        expect(typeof action.data).toBe('object');
        expect(action.data).toEqual({ [PAYLOAD_FIELD]: message.buttons?.[index]?.payload });
      }
    },
  );

  it('sends a question as an Adaptive Card attachment and a lesson without buttons as text', () => {
    const question = renderQuestion(QUIZ_42, { locale: 'en', tag: '1', showTag: false });

    const card = activityFor(question);
    const text = activityFor({ text: 'Lesson 1 of 2: Spills\n\nReport it.' });

    expect(card.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.text).toBeUndefined();
    expect(text).toEqual({
      type: 'message',
      text: 'Lesson 1 of 2: Spills\n\nReport it.',
      textFormat: 'plain',
    });
  });

  it('grades a submit that has no text and the payload in value, as Teams sends it', () => {
    const buttons = renderQuestion(QUIZ_42, { locale: 'en', tag: '1', showTag: false }).buttons;
    const tapped = buttons?.find((button) => button.label === TM02.objectDataAction.title);
    const submit = activity({
      ...TM02.objectVariantActivity,
      text: undefined,
      value: { [PAYLOAD_FIELD]: tapped?.payload },
    });

    const answer = answerFrom(submit);
    const decision = decideReply({
      locale: 'en',
      openPrompts: [openPrompt(QUIZ_42, { tag: '1' })],
      inbound: {
        text: answer.text ?? null,
        buttonPayload: answer.payload ?? null,
        receivedAt: new Date('2025-03-03T09:02:30Z'),
      },
    });

    expect(answer).toEqual({ payload: `ans:1:q-42:b` });
    expect(decision).toMatchObject({
      kind: 'graded',
      grade: { answer: { kind: 'option', optionKey: 'b' } },
    });
  });

  it('asks to answer again when a submit arrives empty (string data dropped by Teams)', () => {
    const emptied = activity({ ...TM02.objectVariantActivity, text: undefined, value: undefined });

    const answer = answerFrom(emptied);
    const decision = decideReply({
      locale: 'en',
      openPrompts: [openPrompt(QUIZ_42, { tag: '1' })],
      inbound: { text: answer.text ?? null, buttonPayload: null, receivedAt: new Date() },
    });

    expect(answer).toEqual({ text: '' });
    expect(decision).toMatchObject({ kind: 'not_understood', reason: 'empty' });
    expect(decision.replies[0]?.text).toMatch(/^I didn't receive an answer\./);
  });

  it('does not take a foreign object value (the corpus example) as an answer payload', () => {
    const foreign = activity({ ...TM02.objectVariantActivity, text: undefined });

    expect(answerFrom(foreign)).toEqual({ text: '' });
  });

  it('reads typed answers with the bot @mention removed, keeping line breaks', () => {
    const typed = activity({ text: '<at>Inflow</at> I saw a pallet\nin the aisle ' });

    expect(answerFrom(typed)).toEqual({ text: 'I saw a pallet\nin the aisle' });
  });

  it('splits paragraphs into text blocks and shows an image lesson as a card image', () => {
    const card = cardFor({
      text: 'Title\n\nLine one\nLine two',
      mediaUrl: 'https://cdn.example.com/spill.png',
    });

    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'Title', wrap: true, spacing: 'None' },
      { type: 'TextBlock', text: 'Line one', wrap: true, spacing: 'Medium' },
      { type: 'TextBlock', text: 'Line two', wrap: true, spacing: 'None' },
      {
        type: 'Image',
        url: 'https://cdn.example.com/spill.png',
        size: 'Stretch',
        altText: 'Lesson image',
      },
    ]);
  });
});
