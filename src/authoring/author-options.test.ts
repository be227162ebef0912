import { describe, expect, it } from 'vitest';
import { GRADED_QUESTION_KINDS } from '../courses/model.ts';
import type { Question } from '../courses/model.ts';
import { authorCourse } from './author-course.ts';
import { buildDocx } from './fixtures/office-fixtures.ts';
import { courseFrom, fixture } from './fixtures/fixture-source.ts';
import { ingestDocument } from './ingestion/ingest-document.ts';
import { generateCourse } from './offline-generator.ts';
import type { CourseSource } from './offline-generator.ts';
import { countSmsSegments } from './sms-variant.ts';

const questions = (course: { lessons: { questions: Question[] }[] }) =>
  course.lessons.flatMap((lesson) => lesson.questions);

describe('kinds of content', () => {
  it('a survey asks ratings and open questions, and grades nothing', () => {
    const course = courseFrom(fixture('forklift-safety.md'), { kind: 'survey' });
    expect(course.kind).toBe('survey');
    const kinds = new Set(questions(course).map((question) => question.kind));
    expect([...kinds].sort()).toEqual(['rating', 'reflection']);
    expect(questions(course).some((q) => GRADED_QUESTION_KINDS.includes(q.kind))).toBe(false);
    expect(course.lessons[0]?.questions[0]?.prompt).toMatch(/^How clear is ".+" to you\?$/);
  });

  it('a communication is a sequence of announcements that each ask only for an OK', () => {
    const course = courseFrom(fixture('forklift-safety.md'), { kind: 'communication' });
    expect(course.lessons.length).toBeGreaterThan(2);
    for (const lesson of course.lessons) {
      expect(lesson.questions).toEqual([
        {
          id: `${lesson.id}-q1`,
          kind: 'acknowledgement',
          prompt: 'Please reply OK to confirm you have read this update.',
          options: [{ key: 'a', text: 'OK', correct: false, feedback: '' }],
          explanation: '',
        },
      ]);
    }
  });
});

describe('options an author controls', () => {
  it('makes exactly the number of lessons asked for', () => {
    expect(courseFrom(fixture('forklift-safety.md'), { lessonCount: 4 }).lessons).toHaveLength(4);
    expect(courseFrom(fixture('forklift-safety.md'), { lessonCount: 1 }).lessons).toHaveLength(1);
  });

  it('writes for the audience and role given, in the tone chosen', () => {
    const course = courseFrom(fixture('forklift-safety.md'), {
      audience: 'warehouse staff',
      role: 'forklift operator',
      tone: 'friendly',
    });
    expect(course.description).toMatch(/^For warehouse staff: /);
    const reflection = questions(course).find((question) => question.kind === 'reflection');
    expect(reflection?.prompt).toMatch(/^One last thing! .* as a forklift operator at work/);
  });

  it('asks up to five questions a lesson, including a cloze to type', () => {
    const course = courseFrom(fixture('forklift-safety.md'), { questionsPerLesson: 5 });
    const cloze = questions(course).filter((question) => question.kind === 'cloze');
    expect(cloze.length).toBeGreaterThan(0);
    for (const question of cloze) {
      expect(question.prompt).toMatch(/^Type the missing word: ".*_____.*"$/);
      expect(question.options.every((option) => option.correct)).toBe(true);
      const filled = question.prompt
        .replace(/^[^"]*"|"$/g, '')
        .replace(/_{3,}/g, question.options[0]!.text);
      expect(filled).toBe(question.evidence);
    }
  });

  it('gives each lesson an SMS version within the segment budget, header included', () => {
    const course = courseFrom(fixture('forklift-safety.md'), { smsSegments: 2 });
    for (const lesson of course.lessons) {
      const header = `Lesson ${lesson.position} of ${course.lessons.length}: ${lesson.title}`;
      expect(lesson.smsBody).toBeTruthy();
      expect(countSmsSegments(`${header}\n\n${lesson.smsBody}`).segments).toBeLessThanOrEqual(2);
    }
  });

  it("keeps a summary of each lesson in the document's own sentences", () => {
    const course = courseFrom(fixture('forklift-safety.md'));
    for (const lesson of course.lessons) {
      expect(lesson.summary).toBeTruthy();
      expect(lesson.body.replace(/\s+/g, ' ')).toContain(lesson.summary?.split(/(?<=\.) /)[0]);
    }
  });

  it('warns that offline it cannot write in another language', async () => {
    const authored = await authorCourse({
      sources: [fixture('forklift-safety.md')],
      options: { outputLanguage: 'es' },
    });
    if (!authored.ok) throw new Error(authored.error);
    expect(authored.value.draft.language).toBe('en');
    expect(authored.value.warnings[0]).toMatch(/not es: the offline generator only uses/);
  });

  it('refuses options out of range, naming the option', () => {
    const result = generateCourse(fixture('forklift-safety.md'), { smsSegments: 0 });
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/smsSegments must be a whole number from 1 to 10, got 0/),
    });
  });
});

describe('numbered procedures (pitfall DOC-04 quiz check)', () => {
  it('asks "what is step 3" of the first procedure and expects "Report lost devices"', async () => {
    const bytes = await buildDocx([
      { text: 'Device security', style: 'Heading1' },
      {
        text:
          'Every employee protects the devices the company lends them. The IT Service Desk ' +
          'replaces a lost laptop within two working days.',
      },
      { text: 'Lock your screen', numId: 1, ilvl: 0 },
      { text: 'Use a password manager', numId: 1, ilvl: 0 },
      { text: 'Note: this applies to laptops too.' },
      { text: 'Report lost devices', numId: 1, ilvl: 0 },
      { text: 'Open the app', numId: 2, ilvl: 0 },
      { text: 'Tap Settings', numId: 2, ilvl: 1 },
      { text: 'Enable MFA', numId: 2, ilvl: 2 },
    ]);
    const read = await ingestDocument('devices.docx', bytes);
    if (!read.ok) throw new Error(read.error);
    const source: CourseSource = {
      name: 'devices.docx',
      content: read.value.text,
      format: 'docx',
      document: read.value.document,
    };

    const authored = await authorCourse({ sources: [source] });
    if (!authored.ok) throw new Error(authored.error);
    const step = questions(authored.value.draft).find((question) => /step 3/.test(question.prompt));
    expect(step?.prompt).toBe('In "Device security", what is step 3?');
    expect(step?.options.find((option) => option.correct)?.text).toBe('Report lost devices');
    expect(
      step?.options
        .filter((option) => !option.correct)
        .map((o) => o.text)
        .sort(),
    ).toEqual(['Lock your screen', 'Use a password manager']);
    expect(authored.value.draft.lessons[0]?.body).toContain(
      '1. Lock your screen\n2. Use a password manager',
    );
    expect(authored.value.draft.lessons[0]?.body).toContain(
      '1. Open the app\n  1. Tap Settings\n    1. Enable MFA',
    );
    expect(authored.value.quality.status).toBe('ready');
  });
});

describe('several documents make one course', () => {
  it('takes lessons from each file and names the file in every source location', async () => {
    const authored = await authorCourse({
      sources: [fixture('forklift-safety.md'), fixture('warehouse-notes.txt')],
      options: { lessonMinutes: 1 },
    });
    if (!authored.ok) throw new Error(authored.error);
    const { draft } = authored.value;
    expect(draft.sourceName).toBe('forklift-safety.md, warehouse-notes.txt');
    const refs = questions(draft).flatMap((question) =>
      question.sourceRef ? [question.sourceRef] : [],
    );
    expect(refs.some((ref) => ref.startsWith('forklift-safety.md, line '))).toBe(true);
    expect(refs.some((ref) => ref.startsWith('warehouse-notes.txt, line '))).toBe(true);
    expect(authored.value.quality.status).toBe('ready');
  });
});
