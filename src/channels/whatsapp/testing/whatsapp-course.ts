/**
 * A two-lesson course whose questions exercise each way WhatsApp offers answers: four
 * options (an interactive list), true/false and three options (reply buttons), and a
 * reflection answered by typing.
 */
import type { CourseDraft, Question } from '../../../courses/model.ts';

const option = (key: string, text: string, correct: boolean) => ({
  key,
  text,
  correct,
  feedback: correct ? 'Right.' : 'Not quite.',
});

const fourOptions: Question = {
  id: 'l1-q1',
  kind: 'multiple_choice',
  prompt: 'Who do you tell about a spill?',
  options: [
    option('a', 'Nobody', false),
    option('b', 'Your shift lead', true),
    option('c', 'The customer', false),
    option('d', 'A colleague on another site', false),
  ],
  explanation: 'Report a spill to your shift lead.',
};

const trueFalse: Question = {
  id: 'l1-q2',
  kind: 'true_false',
  prompt: 'A spill that hurt nobody need not be reported.',
  options: [option('a', 'True', false), option('b', 'False', true)],
  explanation: 'Every spill is reported.',
};

const threeOptions: Question = {
  id: 'l2-q1',
  kind: 'multiple_choice',
  prompt: 'Within how many minutes do you report a spill?',
  options: [option('a', '10', false), option('b', '30', true), option('c', '120', false)],
  explanation: 'Within 30 minutes.',
};

const reflection: Question = {
  id: 'l2-q2',
  kind: 'reflection',
  prompt: 'What will you do differently on your next shift?',
  options: [],
  explanation: '',
};

export function whatsappCourse(): CourseDraft {
  return {
    title: 'Spill safety',
    description: 'Test course',
    language: 'en',
    sourceName: 'fixture',
    lessons: [
      {
        id: 'l1',
        position: 1,
        title: 'Spills',
        questions: [fourOptions, trueFalse],
        body: 'Report a spill to your shift lead within 30 minutes.',
      },
      {
        id: 'l2',
        position: 2,
        title: 'Timing',
        questions: [threeOptions, reflection],
        body: 'Thirty minutes is the limit, even at night.',
      },
    ],
  };
}
