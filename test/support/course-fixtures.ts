import type { CourseDraft, Lesson, Question } from '../../src/courses/model.ts';

/** A small course written for tests: one multiple-choice, one true/false, one reflection. */
export function quizCourse(): CourseDraft {
  const lessons: Lesson[] = [
    {
      id: 'l1',
      position: 1,
      title: 'Spills',
      body: 'Report a spill to your shift lead within 30 minutes.',
      questions: [multipleChoice('l1-q1'), trueFalse('l1-q2')],
    },
    {
      id: 'l2',
      position: 2,
      title: 'Reflection',
      body: 'Near misses are the cheapest lessons we get.',
      questions: [reflection('l2-q1')],
    },
  ];
  return {
    title: 'Spill safety',
    description: 'Test course',
    language: 'en',
    sourceName: 'fixture',
    lessons,
  };
}

/** A course of `count` lessons without questions: each is complete once sent. */
export function readingCourse(count: number): CourseDraft {
  const lessons = Array.from({ length: count }, (_, index): Lesson => ({
    id: `l${index + 1}`,
    position: index + 1,
    title: `Reading ${index + 1}`,
    body: `Paragraph number ${index + 1}.`,
    questions: [],
  }));
  return {
    title: 'Daily reading',
    description: 'Test course',
    language: 'en',
    sourceName: 'fixture',
    lessons,
  };
}

function multipleChoice(id: string): Question {
  return {
    id,
    kind: 'multiple_choice',
    prompt: 'Within how many minutes do you report a spill?',
    options: [
      {
        key: 'a',
        text: '10 minutes',
        correct: false,
        feedback: 'Sooner is fine, but not required.',
      },
      { key: 'b', text: '30 minutes', correct: true, feedback: 'Yes: within 30 minutes.' },
      { key: 'c', text: '2 hours', correct: false, feedback: 'Too late: someone may slip.' },
    ],
    explanation: 'Report a spill to your shift lead within 30 minutes.',
  };
}

function trueFalse(id: string): Question {
  return {
    id,
    kind: 'true_false',
    prompt: 'A spill that hurt nobody need not be reported.',
    options: [
      { key: 'a', text: 'True', correct: false, feedback: 'Every spill is reported.' },
      { key: 'b', text: 'False', correct: true, feedback: 'Right: every spill is reported.' },
    ],
    explanation: 'Report a spill to your shift lead within 30 minutes.',
  };
}

function reflection(id: string): Question {
  return {
    id,
    kind: 'reflection',
    prompt: 'What near miss have you seen?',
    options: [],
    explanation: '',
  };
}
