import { afterEach, describe, expect, it } from 'vitest';
import { authorCourse } from '../author-course.ts';
import { fixture } from '../fixtures/fixture-source.ts';
import { splitSentences } from '../sentences.ts';
import { createAnthropicProvider } from './anthropic-provider.ts';
import { createOpenAiProvider } from './openai-provider.ts';
import { readLlmProvider } from './llm-settings.ts';
import {
  FAKE_USAGE,
  lastUserText,
  sourceTextOf,
  startFakeLlmServer,
} from './testing/fake-llm-server.ts';
import type { FakeLlmServer, RecordedRequest } from './testing/fake-llm-server.ts';

const servers: FakeLlmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A well-behaved model: it quotes the source word for word, as the prompt asks. */
function goodLesson(request: RecordedRequest) {
  const source = sourceTextOf(request);
  const sentences = splitSentences(source.replace(/\n+/g, ' ')).filter(
    (sentence) => sentence.split(' ').length >= 6 && /\.$/.test(sentence),
  );
  const [first = source, second = first] = sentences;
  return {
    title: 'Forklift basics',
    body: source,
    summary: first,
    questions: [
      {
        kind: 'multiple_choice',
        prompt: 'Which statement does the lesson make?',
        options: [
          { text: first, correct: true, feedback: 'Yes, the lesson says so.' },
          { text: 'Drivers may skip checks on busy days', correct: false, feedback: 'No.' },
          { text: 'Visitors can drive after a short demo', correct: false, feedback: 'No.' },
        ],
        evidence: first,
        explanation: `From the lesson: "${first}"`,
      },
      {
        kind: 'true_false',
        prompt: `True or false? "${second}"`,
        options: [
          { text: 'True', correct: true, feedback: 'It is stated.' },
          { text: 'False', correct: false, feedback: 'It is stated.' },
        ],
        evidence: second,
        explanation: `From the lesson: "${second}"`,
      },
    ],
  };
}

/** A model that makes up its evidence. */
function inventedEvidence(request: RecordedRequest) {
  const lesson = goodLesson(request);
  const invented = 'Forklifts may be driven by anyone who feels confident.';
  return {
    ...lesson,
    questions: lesson.questions.map((question) => ({ ...question, evidence: invented })),
  };
}

const source = fixture('forklift-safety.md');

describe('the LLM path against a fake OpenAI chat completions API', () => {
  it('writes every lesson with the model and records tokens and estimated cost', async () => {
    const server = await startFakeLlmServer('openai', (request) => ({ json: goodLesson(request) }));
    servers.push(server);
    const provider = createOpenAiProvider({
      model: 'gpt-4o-mini',
      apiKey: 'sk-test',
      baseUrl: server.baseUrl,
    });

    const authored = await authorCourse({ sources: [source], llm: provider });
    if (!authored.ok) throw new Error(authored.error);

    const lessons = authored.value.draft.lessons;
    expect(server.requests).toHaveLength(lessons.length);
    expect(authored.value.generation).toEqual({
      generator: 'llm',
      provider: 'openai',
      model: 'gpt-4o-mini',
      promptVersion: 'lesson-v1',
      requests: lessons.length,
      usage: {
        inputTokens: FAKE_USAGE.input * lessons.length,
        outputTokens: FAKE_USAGE.output * lessons.length,
      },
      // gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens.
      estimatedCostUsd:
        Math.round(((1200 * 0.15 + 300 * 0.6) / 1e6) * lessons.length * 10_000) / 10_000,
    });
    expect(authored.value.warnings).toEqual([]);
    expect(lessons[0]?.questions[0]?.sourceRef).toMatch(/^line \d+/);
    expect(authored.value.quality.gates.find((g) => g.gate === 'answer_supported')?.passed).toBe(
      true,
    );
  });

  it('sends the schema as response_format, the key as a bearer token, the source as text', async () => {
    const server = await startFakeLlmServer('openai', (request) => ({ json: goodLesson(request) }));
    servers.push(server);
    const provider = createOpenAiProvider({
      model: 'llama3.1',
      apiKey: 'k',
      baseUrl: server.baseUrl,
    });

    await authorCourse({ sources: [source], llm: provider, options: { audience: 'drivers' } });
    const [first] = server.requests;
    expect(first?.headers.authorization).toBe('Bearer k');
    expect(first?.body).toMatchObject({
      model: 'llama3.1',
      response_format: { type: 'json_schema', json_schema: { name: 'write_lesson' } },
    });
    const messages = first?.body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]?.role).toBe('system');
    expect(messages[0]?.content).toContain('for drivers');
    expect(lastUserText(first!)).toContain('Only certified operators may drive a forklift.');
  });

  it('retries an invalid answer with its validation errors, then uses the fixed one', async () => {
    const server = await startFakeLlmServer('openai', (request, index) => ({
      json: index === 0 ? inventedEvidence(request) : goodLesson(request),
    }));
    servers.push(server);
    const provider = createOpenAiProvider({
      model: 'gpt-4o',
      apiKey: 'k',
      baseUrl: server.baseUrl,
    });

    const authored = await authorCourse({ sources: [source], llm: provider });
    if (!authored.ok) throw new Error(authored.error);

    const retry = server.requests[1];
    expect(lastUserText(retry!)).toContain(
      'questions.0.evidence: not found in the source text; copy one sentence exactly',
    );
    const roles = (retry?.body.messages as Array<{ role: string }>).map((m) => m.role);
    expect(roles).toEqual(['system', 'user', 'assistant', 'user']);
    expect(authored.value.generation.generator).toBe('llm');
    expect(authored.value.generation.requests).toBe(authored.value.draft.lessons.length + 1);
  });

  it('falls back to offline with a warning when the API keeps failing', async () => {
    const server = await startFakeLlmServer('openai', () => ({ status: 500, message: 'down' }));
    servers.push(server);
    const provider = createOpenAiProvider({
      model: 'gpt-4o',
      apiKey: 'k',
      baseUrl: server.baseUrl,
    });

    const authored = await authorCourse({ sources: [source], llm: provider });
    if (!authored.ok) throw new Error(authored.error);
    expect(authored.value.generation).toMatchObject({ generator: 'offline', requests: 1 });
    expect(authored.value.warnings[0]).toMatch(/gpt-4o model could not write the course.*offline/);
    expect(authored.value.draft.lessons.length).toBeGreaterThan(0);
  });
});

describe('the LLM path against a fake Anthropic Messages API', () => {
  it('asks for the lesson through a forced tool call and reads its input', async () => {
    const server = await startFakeLlmServer('anthropic', (request) => ({
      json: goodLesson(request),
    }));
    servers.push(server);
    const provider = createAnthropicProvider({
      model: 'claude-sonnet-4-20250514',
      apiKey: 'sk-ant-test',
      baseUrl: server.baseUrl,
    });

    const authored = await authorCourse({ sources: [source], llm: provider });
    if (!authored.ok) throw new Error(authored.error);

    const [first] = server.requests;
    // SDK 1.x sends the key as a bearer token; older ones used x-api-key. Either carries it.
    const key = first?.headers['x-api-key'] ?? first?.headers.authorization;
    expect(String(key)).toMatch(/^(Bearer )?sk-ant-test$/);
    expect(first?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first?.path).toBe('/v1/messages');
    expect(first?.body).toMatchObject({
      model: 'claude-sonnet-4-20250514',
      tool_choice: { type: 'tool', name: 'write_lesson' },
    });
    expect(typeof first?.body.system).toBe('string');
    expect(authored.value.generation).toMatchObject({ generator: 'llm', provider: 'anthropic' });
    // Priced as claude-sonnet-4: $3 in, $15 out per million tokens.
    const lessons = authored.value.draft.lessons.length;
    expect(authored.value.generation.estimatedCostUsd).toBeCloseTo(
      ((1200 * 3 + 300 * 15) / 1e6) * lessons,
      4,
    );
  });

  it('falls back to offline after two invalid answers, keeping the tokens spent', async () => {
    const server = await startFakeLlmServer('anthropic', (request) => ({
      json: inventedEvidence(request),
    }));
    servers.push(server);
    const provider = createAnthropicProvider({
      model: 'claude-haiku-4-5',
      apiKey: 'k',
      baseUrl: server.baseUrl,
    });

    const authored = await authorCourse({ sources: [source], llm: provider });
    if (!authored.ok) throw new Error(authored.error);

    expect(server.requests).toHaveLength(2);
    expect(authored.value.generation).toMatchObject({
      generator: 'offline',
      model: 'claude-haiku-4-5',
      requests: 2,
      usage: { inputTokens: 2 * FAKE_USAGE.input, outputTokens: 2 * FAKE_USAGE.output },
    });
    expect(authored.value.generation.fallbackReason).toMatch(
      /lesson 1: the model's answer was still invalid after 2 attempts/,
    );
    expect(authored.value.warnings[0]).toMatch(/generated offline instead/);
    expect(authored.value.quality.status).toBe('ready');
  });
});

describe('readLlmProvider', () => {
  it('is offline without a provider, and names what is missing otherwise', () => {
    expect(readLlmProvider({})).toEqual({ ok: true, value: undefined });
    expect(readLlmProvider({ INFLOW_LLM_PROVIDER: 'openai' })).toEqual({
      ok: false,
      error: 'INFLOW_LLM_API_KEY is needed for the openai provider',
    });
    const anthropic = readLlmProvider({
      INFLOW_LLM_PROVIDER: 'anthropic',
      INFLOW_LLM_API_KEY: 'k',
    });
    expect(anthropic.ok && anthropic.value?.model).toBe('claude-haiku-4-5');
    expect(readLlmProvider({ INFLOW_LLM_PROVIDER: 'gemini' }).ok).toBe(false);
  });
});
