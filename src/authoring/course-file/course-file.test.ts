import { describe, expect, it } from 'vitest';
import type { CourseDraft } from '../../courses/model.ts';
import { courseFrom, fixture } from '../fixtures/fixture-source.ts';
import { exportCourseFile, formatCourseFileErrors, parseCourseFile } from './course-file.ts';
import { ADAPTIVE_COURSE_FILE } from './fixtures/adaptive-course-file.ts';

const lineOf = (text: string, fragment: string): number =>
  text.slice(0, text.indexOf(fragment)).split('\n').length;

describe('the YAML course file', () => {
  it.each([
    [
      'training',
      courseFrom(fixture('forklift-safety.md'), { questionsPerLesson: 5, smsSegments: 2 }),
    ],
    ['survey', courseFrom(fixture('warehouse-notes.txt'), { kind: 'survey' })],
    ['communication', courseFrom(fixture('seguridad-montacargas.md'), { kind: 'communication' })],
  ])('round-trips a %s course without losing anything', (_kind, draft) => {
    const parsed = parseCourseFile(exportCourseFile(draft));
    expect(parsed).toEqual({ ok: true, value: draft });
  });

  it('keeps awkward text exactly: quotes, colons, leading spaces, blank lines, unicode', () => {
    const draft: CourseDraft = {
      title: 'Rules: "the short version"',
      description: '',
      language: 'es',
      sourceName: 'x.md',
      kind: 'training',
      lessons: [
        {
          id: 'l1',
          position: 1,
          title: '# not a comment',
          body: '  indented first line\n\nsecond: paragraph «con comillas» — y guion\n',
          mediaUrl: 'https://example.com/a.png',
          questions: [
            {
              id: 'l1-q1',
              kind: 'acknowledgement',
              prompt: 'yes',
              options: [{ key: 'a', text: 'OK', correct: false, feedback: '' }],
              explanation: '',
            },
          ],
        },
      ],
    };
    expect(parseCourseFile(exportCourseFile(draft))).toEqual({ ok: true, value: draft });
  });

  it('reports a misspelt field and a wrong value with their lines', () => {
    const text = exportCourseFile(courseFrom(fixture('forklift-safety.md')));
    const edited = text
      .replace('    title:', '    titel:')
      .replace('correct: true', 'correct: yes');
    const parsed = parseCourseFile(edited);
    if (parsed.ok) throw new Error('expected errors');

    expect(parsed.error).toContainEqual({
      line: lineOf(edited, 'titel:'),
      field: 'lessons[0].titel',
      message: 'unknown field; check its spelling',
    });
    expect(parsed.error).toContainEqual({
      line: lineOf(edited, 'correct: yes'),
      field: expect.stringMatching(/^lessons\[0\]\.questions\[\d\]\.options\[\d\]\.correct$/),
      message: 'must be true or false',
    });
    expect(parsed.error).toContainEqual({
      line: lineOf(edited, '  - id: l1'),
      field: 'lessons[0].title',
      message: 'is required',
    });
  });

  it('reports a rule broken by an edit at the question it concerns', () => {
    const text = exportCourseFile(courseFrom(fixture('forklift-safety.md')));
    const edited = text.replace(/correct: false/, 'correct: true');
    const parsed = parseCourseFile(edited);
    if (parsed.ok) throw new Error('expected errors');
    const [error] = parsed.error;
    expect(error?.message).toBe('a multiple-choice question needs exactly one correct option');
    expect(error?.field).toMatch(/^lessons\[\d+\]\.questions\[\d+\]\.options$/);
    expect(formatCourseFileErrors(parsed.error, 'safety.yaml')).toMatch(
      /^safety\.yaml:\d+: lessons\[\d+\]\.questions\[\d+\]\.options: a multiple-choice/,
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const parsed = parseCourseFile('format: inflow-course/1\ntitle: [unclosed\nlessons: []\n');
    if (parsed.ok) throw new Error('expected errors');
    expect(parsed.error[0]).toMatchObject({
      field: '(file)',
      message: expect.stringMatching(/^not valid YAML/),
    });
    expect(parsed.error[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses duplicate ids and a file of another format', () => {
    const text = exportCourseFile(courseFrom(fixture('forklift-safety.md')));
    const duplicated = parseCourseFile(text.replace('id: l2-q1', 'id: l1-q1'));
    expect(duplicated.ok || duplicated.error.map((e) => e.message)).toContain(
      '"l1-q1" is used twice',
    );
    const other = parseCourseFile(text.replace('format: inflow-course/1', 'format: scorm'));
    expect(other.ok || other.error[0]).toMatchObject({
      field: 'format',
      line: lineOf(text, 'format:'),
    });
  });
});

describe('the adaptive path in a course file', () => {
  const adaptive = ADAPTIVE_COURSE_FILE;
  const parsedOk = (text: string) => {
    const parsed = parseCourseFile(text);
    if (!parsed.ok) throw new Error(formatCourseFileErrors(parsed.error, 'test.yaml'));
    return parsed.value;
  };

  it('reads the path and the role variants of each lesson, and writes them back unchanged', () => {
    const draft = parsedOk(adaptive);

    expect(draft.path).toEqual({ waitForAnswer: false, preAssessment: true });
    expect(draft.lessons[0]?.variants?.map((variant) => variant.role)).toEqual([
      'forklift driver',
      'picker',
    ]);
    expect(draft.lessons[0]?.variants?.[0]?.body).toBe(
      'Stop the truck before you step down.\n\n' +
        'Then report the spill to your shift lead within 30 minutes.',
    );
    expect(draft.lessons[1]).not.toHaveProperty('variants');
    expect(exportCourseFile(draft)).toBe(adaptive);
  });

  it('leaves a file without them as it was: no path, no variants', () => {
    const plain = exportCourseFile(courseFrom(fixture('forklift-safety.md')));
    const draft = parsedOk(plain);

    expect(draft).not.toHaveProperty('path');
    expect(draft.lessons.filter((lesson) => 'variants' in lesson)).toEqual([]);
  });

  it('takes an option left out of the path as false', () => {
    const draft = parsedOk(adaptive.replace('  pre_assessment: true\n', ''));
    expect(draft.path).toEqual({ waitForAnswer: false, preAssessment: false });
  });

  it('keeps roles in lower case, as learners are matched on their job title', () => {
    const draft = parsedOk(adaptive.replace('role: picker', 'role: " Picker "'));
    expect(draft.lessons[0]?.variants?.[1]?.role).toBe('picker');
  });

  // Each case: the edit, the text on the line the error points at, the field and the message.
  // A missing field points at the variant that lacks it.
  it.each([
    [
      'a misspelt path option',
      ['  pre_assessment: true', '  pre_assesment: true'],
      'pre_assesment:',
      'path.pre_assesment',
      'unknown field; check its spelling',
    ],
    [
      'a path option that is not true or false',
      ['wait_for_answer: false', 'wait_for_answer: sometimes'],
      'wait_for_answer:',
      'path.wait_for_answer',
      'must be true or false',
    ],
    [
      'a variant without a body',
      ['        body: Block the aisle', '        bodi: Block the aisle'],
      '- role: picker',
      'lessons[0].variants[1].body',
      'is required',
    ],
    [
      'a variant with an empty role',
      ['role: picker', 'role: "  "'],
      'role: "  "',
      'lessons[0].variants[1].role',
      'must not be empty; write the job title, e.g. "forklift driver"',
    ],
    [
      'two variants for one role, whatever its case',
      ['role: picker', 'role: Forklift Driver'],
      'role: Forklift Driver',
      'lessons[0].variants[1].role',
      '"Forklift Driver" has two variants in this lesson; keep one',
    ],
  ])('reports %s at its lesson and field', (_case, [from, to], at, field, message) => {
    const edited = adaptive.replace(from as string, to as string);
    expect(edited).not.toBe(adaptive);
    const parsed = parseCourseFile(edited);
    if (parsed.ok) throw new Error('expected errors');

    expect(parsed.error).toContainEqual({ line: lineOf(edited, at), field, message });
  });

  it('refuses a pre-assessment for a course with no graded question to skip a lesson by', () => {
    const survey = exportCourseFile(
      courseFrom(fixture('warehouse-notes.txt'), { kind: 'survey' }),
    ).replace('lessons:\n', 'path:\n  pre_assessment: true\nlessons:\n');
    const parsed = parseCourseFile(survey);
    if (parsed.ok) throw new Error('expected errors');

    expect(parsed.error).toEqual([
      {
        line: lineOf(survey, 'pre_assessment: true'),
        field: 'path.pre_assessment',
        message: expect.stringMatching(/^no lesson has a question with a correct option/),
      },
    ]);
  });
});

describe('a course file that is not valid YAML', () => {
  it('refuses an alias bomb as invalid YAML at its first alias, without throwing', () => {
    // Regression: this threw "ReferenceError: Excessive alias count" out of the parser.
    const layers = 'abcdefghi'.split('');
    const bomb = [
      'format: inflow-course/1',
      'title: Bomb',
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...layers.slice(1).map((name, index) => {
        const below = `*${layers[index]}`;
        return `${name}: &${name} [${Array.from({ length: 9 }, () => below).join(', ')}]`;
      }),
    ].join('\n');

    expect(parseCourseFile(bomb)).toEqual({
      ok: false,
      error: [
        {
          line: 4,
          field: '(file)',
          message: expect.stringMatching(/^not valid YAML: Excessive alias count/),
        },
      ],
    });
  });
});
