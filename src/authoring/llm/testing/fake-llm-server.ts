/**
 * Fakes of the two LLM wire APIs on 127.0.0.1, for tests: OpenAI's chat completions
 * (POST /v1/chat/completions) and Anthropic's Messages API (POST /v1/messages, answered with a
 * tool_use block), each with a usage block as the real APIs report it. Tests script what the
 * model says and read back every request the SDKs sent.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeProtocol = 'openai' | 'anthropic';

export interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** What the fake model answers: a JSON value it "wrote", or an HTTP error. */
export type FakeReply = { json: unknown } | { status: number; message: string };

export interface FakeLlmServer {
  /** The base URL to give the SDK: ends in /v1 for OpenAI, bare for Anthropic. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const FAKE_USAGE = { input: 1200, output: 300 } as const;

export async function startFakeLlmServer(
  protocol: FakeProtocol,
  reply: (request: RecordedRequest, index: number) => FakeReply,
): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    let raw = '';
    incoming.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    incoming.on('end', () => {
      const request: RecordedRequest = {
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: JSON.parse(raw || '{}') as Record<string, unknown>,
      };
      requests.push(request);
      const expectedPath = protocol === 'openai' ? '/v1/chat/completions' : '/v1/messages';
      const answer: FakeReply = request.path.startsWith(expectedPath)
        ? reply(request, requests.length - 1)
        : { status: 404, message: `no route ${request.path}` };

      if ('status' in answer) {
        const body =
          protocol === 'openai'
            ? { error: { message: answer.message, type: 'server_error', code: null } }
            : { type: 'error', error: { type: 'api_error', message: answer.message } };
        outgoing.writeHead(answer.status, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify(body));
        return;
      }
      outgoing.writeHead(200, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify(envelope(protocol, request, answer.json, requests.length)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${protocol === 'openai' ? '/v1' : ''}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function envelope(protocol: FakeProtocol, request: RecordedRequest, json: unknown, n: number) {
  const model = String(request.body.model ?? 'fake-model');
  if (protocol === 'openai') {
    return {
      id: `chatcmpl-fake-${n}`,
      object: 'chat.completion',
      created: 1_767_225_600,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: JSON.stringify(json), refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: FAKE_USAGE.input,
        completion_tokens: FAKE_USAGE.output,
        total_tokens: FAKE_USAGE.input + FAKE_USAGE.output,
      },
    };
  }
  const tool = (request.body.tool_choice as { name?: string } | undefined)?.name ?? 'tool';
  return {
    id: `msg_fake_${n}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'tool_use', id: `toolu_fake_${n}`, name: tool, input: json }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: FAKE_USAGE.input, output_tokens: FAKE_USAGE.output },
  };
}

/** The last user message's text of a recorded request, whichever API it came through. */
export function lastUserText(request: RecordedRequest): string {
  const messages = (request.body.messages ?? []) as Array<{ role: string; content: unknown }>;
  const last = [...messages].reverse().find((message) => message.role === 'user');
  return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '');
}

/** The first user message: the one carrying the lesson's source text. */
export function sourceTextOf(request: RecordedRequest): string {
  const messages = (request.body.messages ?? []) as Array<{ role: string; content: unknown }>;
  const first = messages.find((message) => message.role === 'user');
  const text = typeof first?.content === 'string' ? first.content : '';
  return /```text\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';
}
