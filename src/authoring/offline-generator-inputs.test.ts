import { describe, expect, it } from 'vitest';

import { courseFrom, fixture } from './fixtures/fixture-source.ts';
import { detectLanguage } from './language.ts';
import { generateCourse } from './offline-generator.ts';
import type { CourseSource } from './offline-generator.ts';

describe('languages', () => {
  it.each([
    ['The operator checks the brakes before the shift and reports any fault.', 'en'],
    ['El operador revisa los frenos antes del turno y comunica cualquier fallo.', 'es'],
    ['Der Fahrer prüft vor der Schicht die Bremsen und meldet jeden Fehler.', 'de'],
    ['Le chauffeur vérifie les freins avant le service et signale chaque défaut.', 'fr'],
    ['Kuljettaja tarkistaa jarrut ennen vuoroa ja ilmoittaa jokaisesta viasta.', 'und'],
    ['', 'und'],
  ])('detects the language of "%s" as %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('detects Spanish and writes the questions in Spanish', () => {
    const course = courseFrom(fixture('seguridad-montacargas.md'));
    const questions = course.lessons.flatMap((lesson) => lesson.questions);
    expect(course.language).toBe('es');
    expect(questions.some((question) => question.prompt.startsWith('Completa el espacio'))).toBe(
      true,
    );
    const statement = questions.find((question) => question.kind === 'true_false');
    expect(statement?.options.map((option) => option.text)).toEqual(['Verdadero', 'Falso']);
  });

  it('generates in a language it has no quiz wording for, with English wording', () => {
    const german = [
      '# Staplersicherheit',
      '',
      'Nur geschulte Fahrer dürfen einen Stapler im Lager fahren. Die Schulung dauert 3 Tage.',
      '',
      '## Prüfung',
      '',
      'Vor jeder Schicht prüft der Fahrer Hupe, Bremsen und Gabeln. Mängel meldet er sofort.',
      'Die Höchstgeschwindigkeit im Lager beträgt 8 Kilometer pro Stunde.',
    ].join('\n');
    const course = courseFrom({ name: 'stapler.md', content: german, format: 'markdown' });
    expect(course.language).toBe('de');
    expect(course.lessons.flatMap((lesson) => lesson.questions).length).toBeGreaterThan(0);
  });
});

describe('errors name the source and the reason', () => {
  it.each([
    ['empty.md', /"empty\.md".*empty/],
    ['code-only.md', /"code-only\.md".*no readable sentences/],
    ['headings-only.md', /"headings-only\.md".*no readable sentences/],
  ])('%s', (name, message) => {
    const result = generateCourse(fixture(name));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('rejects a document of blank lines', () => {
    const result = generateCourse({ name: 'blank.txt', content: '\n  \n\t\n', format: 'text' });
    expect(result).toEqual({
      ok: false,
      error: 'Cannot generate a course from "blank.txt": the document is empty.',
    });
  });

  it('asks for a parsed document when a binary format arrives as text', () => {
    const source: CourseSource = { name: 'deck.pptx', content: 'Slide one', format: 'pptx' };
    const result = generateCourse(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/"deck\.pptx".*"pptx" cannot be read from text/);
  });

  it('rejects a format it does not know', () => {
    const source = { name: 'a.rtf', content: 'x', format: 'rtf' } as unknown as CourseSource;
    const result = generateCourse(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/"a\.rtf".*"rtf" cannot be read/);
  });

  it.each([
    [{ questionsPerLesson: 6 }, /questionsPerLesson/],
    [{ lessonMinutes: 0 }, /lessonMinutes/],
    [{ wordsPerMinute: Number.NaN }, /wordsPerMinute/],
    [{ maxLessons: 0 }, /maxLessons/],
  ])('rejects the option %o', (options, message) => {
    const result = generateCourse(fixture('forklift-safety.md'), options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
