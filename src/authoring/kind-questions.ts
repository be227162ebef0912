/**
 * The questions of the two kinds of content that are not graded: a survey asks for ratings
 * and an open answer about each part; a communication asks only that each announcement be
 * acknowledged.
 */
import type { Question } from '../courses/model.ts';
import type { Wording } from './question-wording.ts';

export function writeSurveyItems(
  lessonId: string,
  topic: string,
  count: number,
  wording: Wording,
  role?: string,
): Question[] {
  const items: Array<Omit<Question, 'id'>> = [
    {
      kind: 'rating',
      prompt: wording.surveyClarityPrompt(topic),
      options: [],
      explanation: wording.surveyExplanation,
    },
    {
      kind: 'reflection',
      prompt: wording.surveyOpenPrompt(topic),
      options: [],
      explanation: wording.surveyExplanation,
    },
    {
      kind: 'rating',
      prompt: wording.surveyRelevancePrompt(topic, role),
      options: [],
      explanation: wording.surveyExplanation,
    },
  ];
  return items
    .slice(0, Math.max(1, Math.min(count, items.length)))
    .map((item, index) => ({ id: `${lessonId}-q${index + 1}`, ...item }));
}

export function writeAcknowledgement(lessonId: string, wording: Wording): Question {
  return {
    id: `${lessonId}-q1`,
    kind: 'acknowledgement',
    prompt: wording.acknowledgePrompt,
    options: [{ key: 'a', text: wording.acknowledgeLabel, correct: false, feedback: '' }],
    explanation: '',
  };
}
