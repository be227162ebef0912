import { describe, expect, it } from 'vitest';

import type { Lesson, Question } from '../courses/model.ts';
import { courseFrom, fixture } from './fixtures/fixture-source.ts';
import type { GenerateOptions } from './generator-options.ts';
import { countWords } from './sentences.ts';

const squash = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();
const states = (body: string, text: string): boolean => squash(body).includes(squash(text));
/** The source sentence quoted in an explanation: the text between the outer quotes. */
const quotedSentence = (question: Question): string =>
  /["«](.*)["»]$/su.exec(question.explanation)?.[1] ?? '';
const graded = (lesson: Lesson): Question[] =>
  lesson.questions.filter((question) => question.kind !== 'reflection');
const correctOption = (question: Question) => question.options.find((option) => option.correct);

// Six original paragraphs in a single section: long enough to need splitting at 1 minute.
const LONG_SECTION = [
  '# Yard traffic plan',
  '',
  '## Routes',
  ...[
    'Trucks enter the yard through Gate 4 and leave through Gate 2, so the two flows never meet.',
    'Drivers wait in the blue cabin while their trailer is loaded, never in the loading bay.',
    'The yard marshal wears an orange vest and directs every reversing lorry with hand signals.',
    'Cyclists use the marked lane along the fence and dismount before they reach the weighbridge.',
    'Night deliveries are booked 24 hours ahead with the Transport Desk, for floodlit bays only.',
    'In snow or ice the speed limit drops to 5 kilometres per hour and salt is spread at 6 am.',
  ].flatMap((sentence) => [`${sentence} ${sentence.replace(/^\S+/, 'Remember:')}`, '']),
].join('\n');

describe('generateCourse on a policy written in Markdown', () => {
  const course = courseFrom(fixture('forklift-safety.md'));

  it('describes the course: title from front matter, English, the source named', () => {
    expect(course.title).toBe('Forklift Safety at Northgate Depot');
    expect(course.language).toBe('en');
    expect(course.sourceName).toBe('forklift-safety.md');
    expect(course.description).toContain('forklift-safety.md');
  });

  it('merges short sections into a few numbered lessons with plain-text bodies', () => {
    expect(course.lessons.length).toBeGreaterThanOrEqual(2);
    expect(course.lessons.length).toBeLessThan(7);
    course.lessons.forEach((lesson, index) => {
      expect(lesson.id).toBe(`l${index + 1}`);
      expect(lesson.position).toBe(index + 1);
      expect(lesson.title).not.toBe('');
      expect(lesson.body).not.toMatch(/[*#|]|\{%|<\w|```/);
    });
  });

  it('keeps the headings of merged sections inside the body', () => {
    const bodies = course.lessons.map((lesson) => lesson.body).join('\n\n');
    expect(bodies).toContain('\n\nPre-shift inspection\n\n');
    expect(bodies).toContain('Horn: The horn sounds clearly.\nBrakes: The truck stops');
  });

  it('asks 1-3 questions per lesson and ends the last lesson with a reflection', () => {
    for (const lesson of course.lessons) {
      expect(graded(lesson).length).toBeGreaterThanOrEqual(1);
      expect(graded(lesson).length).toBeLessThanOrEqual(3);
      lesson.questions.forEach((question, index) =>
        expect(question.id).toBe(`${lesson.id}-q${index + 1}`),
      );
    }
    const reflections = course.lessons.flatMap((lesson) =>
      lesson.questions.filter((question) => question.kind === 'reflection'),
    );
    expect(reflections).toHaveLength(1);
    expect(course.lessons.at(-1)?.questions.at(-1)?.kind).toBe('reflection');
    expect(reflections[0]?.options).toEqual([]);
  });

  it('writes multiple choice with 3-4 options, one right, keyed a, b, c...', () => {
    const choices = course.lessons.flatMap((lesson) =>
      lesson.questions.filter((question) => question.kind === 'multiple_choice'),
    );
    expect(choices.length).toBeGreaterThan(0);
    for (const question of choices) {
      expect(question.options.length).toBeGreaterThanOrEqual(3);
      expect(question.options.length).toBeLessThanOrEqual(4);
      expect(question.options.filter((option) => option.correct)).toHaveLength(1);
      expect(question.options.map((option) => option.key).join('')).toBe(
        'abcd'.slice(0, question.options.length),
      );
      expect(question.prompt).toContain('_____');
    }
  });

  it('writes true/false with exactly True then False', () => {
    const statements = course.lessons.flatMap((lesson) =>
      lesson.questions.filter((question) => question.kind === 'true_false'),
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const question of statements) {
      expect(question.options.map((option) => [option.key, option.text])).toEqual([
        ['a', 'True'],
        ['b', 'False'],
      ]);
      expect(question.options.filter((option) => option.correct)).toHaveLength(1);
    }
  });

  it('gives every option feedback, quotes the source and names its line', () => {
    for (const question of course.lessons.flatMap(graded)) {
      for (const option of question.options) expect(option.feedback.length).toBeGreaterThan(10);
      expect(quotedSentence(question).length).toBeGreaterThan(10);
      expect(question.sourceRef).toMatch(/^line \d+/);
    }
  });

  it('is deterministic: the same document gives the same course', () => {
    expect(courseFrom(fixture('forklift-safety.md'))).toEqual(course);
  });
});

describe('questions stay true to their own lesson', () => {
  const variants: Array<[string, GenerateOptions]> = [
    ['forklift-safety.md', {}],
    ['forklift-safety.md', { lessonMinutes: 1, wordsPerMinute: 100, questionsPerLesson: 3 }],
    ['seguridad-montacargas.md', { questionsPerLesson: 3 }],
    ['warehouse-notes.txt', { questionsPerLesson: 3 }],
  ];
  const questionsOf = (name: string, options: GenerateOptions) =>
    courseFrom(fixture(name), options).lessons.flatMap((lesson) =>
      graded(lesson).map((question) => ({ lesson, question })),
    );

  it.each(variants)(
    '%s %o: the source sentence and the answer are stated in the lesson',
    (name, options) => {
      for (const { lesson, question } of questionsOf(name, options)) {
        expect(states(lesson.body, quotedSentence(question))).toBe(true);
        if (question.kind === 'multiple_choice') {
          expect(states(lesson.body, correctOption(question)?.text ?? '<none>')).toBe(true);
        }
      }
    },
  );

  it.each(variants)('%s %o: distractors are fair', (name, options) => {
    for (const { question } of questionsOf(name, options)) {
      if (question.kind !== 'multiple_choice') continue;
      const answer = correctOption(question)?.text ?? '';
      const sentence = quotedSentence(question);
      const isNumber = (text: string): boolean =>
        /^\d|^(one|two|three|five|ten|dos|tres)$/i.test(text);

      for (const option of question.options.filter((candidate) => !candidate.correct)) {
        expect(squash(option.text)).not.toBe(squash(answer));
        expect(new RegExp(`\\b${option.text}\\b`, 'iu').test(sentence)).toBe(false);
        expect(isNumber(option.text)).toBe(isNumber(answer));
        expect(/^\p{Lu}/u.test(option.text)).toBe(/^\p{Lu}/u.test(answer));
      }
    }
  });

  it('does not always put the right answer first', () => {
    const keys = questionsOf('forklift-safety.md', variants[1]?.[1] ?? {})
      .filter(({ question }) => question.kind === 'multiple_choice')
      .map(({ question }) => correctOption(question)?.key);
    expect(new Set(keys).size).toBeGreaterThan(1);
  });

  it('alternates true and false statements, starting with a true one', () => {
    const statements = questionsOf('forklift-safety.md', variants[1]?.[1] ?? {})
      .filter(({ question }) => question.kind === 'true_false')
      .map(({ question }) => correctOption(question)?.text);
    expect(statements[0]).toBe('True');
    expect(statements).toContain('False');
  });

  it('makes a false statement by swapping one term of a sentence in the lesson', () => {
    const falseOne = questionsOf('forklift-safety.md', variants[1]?.[1] ?? {}).find(
      ({ question }) => question.kind === 'true_false' && correctOption(question)?.text === 'False',
    );
    const statement = /"(.*)"$/u.exec(falseOne?.question.prompt ?? '')?.[1] ?? '';
    expect(statement).not.toBe('');
    expect(states(falseOne?.lesson.body ?? '', statement)).toBe(false);
    expect(states(falseOne?.lesson.body ?? '', quotedSentence(falseOne!.question))).toBe(true);
  });
});

describe('lesson length', () => {
  it('keeps lessons near the target reading time, merging and splitting as needed', () => {
    const target = 100;
    const course = courseFrom(fixture('forklift-safety.md'), {
      lessonMinutes: 1,
      wordsPerMinute: target,
    });
    expect(course.lessons.length).toBeGreaterThan(2);
    for (const lesson of course.lessons)
      expect(countWords(lesson.body)).toBeLessThanOrEqual(target * 1.5);
  });

  it('splits one long section between paragraphs and marks the continuation', () => {
    const course = courseFrom(
      { name: 'yard.md', content: LONG_SECTION, format: 'markdown' },
      {
        lessonMinutes: 0.5,
        wordsPerMinute: 100,
      },
    );
    expect(course.lessons.length).toBeGreaterThanOrEqual(3);
    expect(course.lessons[0]?.title).toBe('Yard traffic plan');
    expect(course.lessons[0]?.body).toMatch(/^Routes\n\nTrucks enter/);
    expect(course.lessons[1]?.title).toBe('Routes (continued)');
    for (const lesson of course.lessons) expect(lesson.body).toMatch(/\.$/);
  });

  it('stays within maxLessons by making lessons longer', () => {
    const course = courseFrom(fixture('forklift-safety.md'), {
      lessonMinutes: 1,
      wordsPerMinute: 50,
      maxLessons: 3,
    });
    expect(course.lessons).toHaveLength(3);
  });

  it('keeps a very short document as a single lesson', () => {
    const course = courseFrom({
      name: 'note.md',
      content: 'Wear boots on the warehouse floor at all times.',
      format: 'markdown',
    });
    expect(course.lessons).toHaveLength(1);
    expect(graded(course.lessons[0]!).length).toBeGreaterThanOrEqual(1);
  });
});
