import { describe, expect, it } from 'vitest';
import type { CourseDraft } from '../../courses/model.ts';
import { courseFrom, fixture } from '../fixtures/fixture-source.ts';
import { exportCourseFile, formatCourseFileErrors, parseCourseFile } from './course-file.ts';

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
