import { describe, expect, it } from 'vitest';
import type { CourseDraft, Lesson, Question } from '../../courses/model.ts';
import { courseFrom, fixture } from '../fixtures/fixture-source.ts';
import { readMarkdown } from '../markdown-reader.ts';
import { checkQuality } from './quality-gates.ts';
import type { QualityGate } from './quality-gates.ts';
import { readingLevel } from './reading-level.ts';

const SOURCE = [
  '# Badges',
  '',
  'Report a lost badge to Security within 24 hours. Visitors sign in at Reception before they enter.',
  'Badges are renewed every two years by the Facilities team.',
].join('\n');
const BODY =
  'Report a lost badge to Security within 24 hours. Visitors sign in at Reception before ' +
  'they enter. Badges are renewed every two years by the Facilities team.';

function choice(overrides: Partial<Question> = {}): Question {
  return {
    id: 'l1-q1',
    kind: 'multiple_choice',
    prompt: 'Fill in the blank: "Report a lost badge to Security within _____ hours."',
    options: [
      { key: 'a', text: '24', correct: true, feedback: 'Yes.' },
      { key: 'b', text: '48', correct: false, feedback: 'No.' },
      { key: 'c', text: '12', correct: false, feedback: 'No.' },
    ],
    explanation: 'From the lesson: "Report a lost badge to Security within 24 hours."',
    sourceRef: 'line 3, section "Badges"',
    evidence: 'Report a lost badge to Security within 24 hours.',
    ...overrides,
  };
}

function course(questions: Question[], lesson: Partial<Lesson> = {}): CourseDraft {
  return {
    title: 'Badges',
    description: '',
    language: 'en',
    sourceName: 'badges.md',
    lessons: [{ id: 'l1', position: 1, title: 'Badges', body: BODY, questions, ...lesson }],
  };
}

const documents = [readMarkdown(SOURCE, 'badges.md')];
const gate = (draft: CourseDraft, name: QualityGate, options = {}) =>
  checkQuality(draft, { documents, ...options }).gates.find((result) => result.gate === name);

describe('quality gates', () => {
  it('passes a sound course and marks it ready', () => {
    const report = checkQuality(course([choice()]), { documents });
    expect(report.gates.every((result) => result.passed)).toBe(true);
    expect(report.status).toBe('ready');
  });

  describe('answer_supported', () => {
    it('fails when the evidence is not in the lesson', () => {
      const draft = course([choice()], {
        body: 'Visitors sign in at Reception before they enter.',
      });
      expect(gate(draft, 'answer_supported')?.problems[0]?.message).toMatch(
        /the lesson does not state its evidence/,
      );
    });

    it('fails when the cited source location does not state the evidence', () => {
      const draft = course([choice({ sourceRef: 'line 4, section "Badges"' })]);
      expect(gate(draft, 'answer_supported')?.problems[0]?.message).toBe(
        'the source at line 4, section "Badges" does not state "Report a lost badge to Security within 24 hours."',
      );
    });

    it('fails when the right option does not complete the sentence', () => {
      const wrongKey = choice({
        options: [
          { key: 'a', text: '24', correct: false, feedback: '' },
          { key: 'b', text: '48', correct: true, feedback: '' },
          { key: 'c', text: '12', correct: false, feedback: '' },
        ],
      });
      expect(gate(course([wrongKey]), 'answer_supported')?.passed).toBe(false);
    });

    it('fails when a wrong option also completes a sentence of the lesson', () => {
      const ambiguous = choice({
        prompt: 'Fill in the blank: "Visitors sign in at _____ before they enter."',
        options: [
          { key: 'a', text: 'Reception', correct: true, feedback: '' },
          { key: 'b', text: 'Security', correct: false, feedback: '' },
          { key: 'c', text: 'the gate', correct: false, feedback: '' },
        ],
        evidence: 'Visitors sign in at Reception before they enter.',
      });
      const body = `${BODY} Visitors sign in at Security before they enter.`;
      expect(gate(course([ambiguous], { body }), 'answer_supported')?.problems).toContainEqual({
        lessonId: 'l1',
        questionId: 'l1-q1',
        message: 'the wrong option "Security" also completes a sentence of the lesson',
      });
    });

    it('fails a true statement that the lesson does not make', () => {
      const statement: Question = {
        id: 'l1-q2',
        kind: 'true_false',
        prompt: 'True or false? "Badges are renewed every year by the Facilities team."',
        options: [
          { key: 'a', text: 'True', correct: true, feedback: '' },
          { key: 'b', text: 'False', correct: false, feedback: '' },
        ],
        explanation: '',
        sourceRef: 'line 3, section "Badges"',
        evidence: 'Badges are renewed every two years by the Facilities team.',
      };
      expect(gate(course([choice(), statement]), 'answer_supported')?.problems).toEqual([
        {
          lessonId: 'l1',
          questionId: 'l1-q2',
          message: 'the statement is marked true but the lesson does not say it',
        },
      ]);
    });
  });

  describe('distractors_distinct', () => {
    it.each([
      ['the same number with punctuation', '24', '24.'],
      ['a plural of the answer', 'Reception', 'Receptions'],
      ['a rewording with the same words', 'Reception desk', 'the reception desk'],
    ])('fails on %s', (_case, answer, distractor) => {
      const question = choice({
        options: [
          { key: 'a', text: answer, correct: true, feedback: '' },
          { key: 'b', text: distractor, correct: false, feedback: '' },
          { key: 'c', text: 'the canteen', correct: false, feedback: '' },
        ],
      });
      expect(gate(course([question]), 'distractors_distinct')?.problems[0]?.message).toBe(
        `the wrong option "${distractor}" is the answer "${answer}" in other words`,
      );
    });

    it('fails with fewer than two wrong options', () => {
      const question = choice({ options: choice().options.slice(0, 2) });
      expect(gate(course([question]), 'distractors_distinct')?.problems[0]?.message).toBe(
        'fewer than two wrong options',
      );
    });
  });

  it('no_duplicates: fails when a question is asked twice', () => {
    const draft = course([choice(), choice({ id: 'l1-q2' })]);
    expect(gate(draft, 'no_duplicates')?.problems).toEqual([
      { lessonId: 'l1', questionId: 'l1-q2', message: 'asks the same as l1-q1' },
    ]);
  });

  it('lesson_length: fails a lesson longer than the author asked for', () => {
    const long = Array.from({ length: 60 }, () => BODY).join(' ');
    const draft = course([choice()], { body: long });
    expect(gate(draft, 'lesson_length', { lessonMinutes: 1 })?.problems[0]?.message).toMatch(
      /^\d+ words is over the 320-word bound$/,
    );
  });

  it('lesson_length: fails a lesson far shorter than its siblings', () => {
    const long = Array.from({ length: 20 }, () => BODY).join(' ');
    const draft = course([choice()], { body: long });
    draft.lessons.push({
      id: 'l2',
      position: 2,
      title: 'Tiny',
      body: 'Badges matter.',
      questions: [choice({ id: 'l2-q1' })],
    });
    expect(gate(draft, 'lesson_length')?.problems).toEqual([
      { lessonId: 'l2', message: '2 words is under the 108-word bound' },
    ]);
  });

  it('questions_fit_kind: a survey grades nothing, an announcement asks for an OK', () => {
    expect(gate({ ...course([choice()]), kind: 'survey' }, 'questions_fit_kind')?.passed).toBe(
      false,
    );
    expect(
      gate({ ...course([choice()]), kind: 'communication' }, 'questions_fit_kind')?.passed,
    ).toBe(false);
  });

  it('marks a failing course for review', () => {
    expect(checkQuality(course([choice(), choice({ id: 'l1-q2' })]), { documents }).status).toBe(
      'needs_review',
    );
  });

  it('passes the generated fixture courses', () => {
    const generated = courseFrom(fixture('forklift-safety.md'), { questionsPerLesson: 5 });
    expect(checkQuality(generated).status).toBe('ready');
  });
});

describe('readingLevel', () => {
  it('rates short plain English as easy and long Latinate English as difficult', () => {
    expect(readingLevel('Lock the door. Wear your badge. Call us now.', 'en').label).toMatch(
      /easy/,
    );
    const hard = readingLevel(
      'Organizational accountability necessitates comprehensive documentation of ' +
        'authentication infrastructure modifications, notwithstanding operational considerations.',
      'en',
    );
    expect(hard.label).toBe('very difficult');
    expect(hard.grade).toBeGreaterThan(16);
  });

  it('uses Fernández Huerta for Spanish and no formula for other languages', () => {
    expect(readingLevel('Cierra la puerta. Lleva tu tarjeta.', 'es').formula).toBe(
      'fernandez-huerta',
    );
    expect(readingLevel('Schließe die Tür.', 'de')).toMatchObject({
      formula: 'words-per-sentence',
      label: 'not rated',
    });
  });
});
