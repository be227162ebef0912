import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateCourse } from '../authoring/index.ts';
import { ManualClock } from '../shared/clock.ts';
import { silentLogger } from '../shared/logger.ts';
import { runChatSession } from './chat-session.ts';
import { SAMPLE_SOURCE } from './run-demo.ts';

async function* typed(lines: string[]): AsyncIterable<string> {
  for (const line of lines) yield line;
}

/** What a person who knows every answer types, lesson after lesson. */
function perfectAnswers(): string[] {
  const draft = generateCourse({
    name: 'sample',
    content: readFileSync(SAMPLE_SOURCE, 'utf8'),
    format: 'markdown',
  });
  if (!draft.ok) throw new Error(draft.error);
  return draft.value.lessons.flatMap((lesson, index) => [
    ...(index > 0 ? ['next'] : []),
    ...lesson.questions.map((question) =>
      question.kind === 'reflection'
        ? 'I will report near misses at once.'
        : (question.options.find((option) => option.correct)?.key ?? 'a').toUpperCase(),
    ),
  ]);
}

describe('inflow chat', () => {
  it('takes a person through the whole course in the terminal', async () => {
    const printed: string[] = [];
    const result = await runChatSession({
      sourcePath: SAMPLE_SOURCE,
      name: 'Dana',
      locale: 'en',
      timezone: 'Europe/Madrid',
      input: typed(perfectAnswers()),
      print: (text) => printed.push(text),
      logger: silentLogger,
    });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.lessonsCompleted).toBe(result.value.lessonCount);
    expect(result.value.correct).toBe(result.value.answers - 1); // the reflection is not graded
    const transcript = printed.join('\n');
    expect(transcript).toContain('Lesson 1 of');
    expect(transcript).toContain('You have finished Warehouse Safety Essentials. Well done!');
    expect(transcript).not.toContain('Not quite.');
  }, 60_000);

  // Regression: inside the default quiet hours (21:00-07:00) the first lesson waited until
  // morning and the person at the terminal saw nothing.
  it('sends the lessons at once at 23:00 on the learner clock', async () => {
    const printed: string[] = [];
    const result = await runChatSession({
      sourcePath: SAMPLE_SOURCE,
      name: 'Dana',
      locale: 'en',
      timezone: 'Europe/Madrid',
      input: typed(perfectAnswers()),
      print: (text) => printed.push(text),
      logger: silentLogger,
      clock: new ManualClock('2026-03-02T22:00:00Z'),
    });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(printed.join('\n')).toContain('Lesson 1 of');
    expect(result.value.lessonsCompleted).toBe(result.value.lessonCount);
  }, 60_000);

  it('speaks its own phrases in Spanish when asked', async () => {
    const printed: string[] = [];
    const result = await runChatSession({
      sourcePath: SAMPLE_SOURCE,
      name: 'Dana',
      locale: 'es',
      timezone: 'Europe/Madrid',
      input: typed(['ayuda']),
      print: (text) => printed.push(text),
      logger: silentLogger,
    });
    expect(result.ok).toBe(true);
    expect(printed.join('\n')).toMatch(/Lección 1 de \d/);
  }, 60_000);
});
