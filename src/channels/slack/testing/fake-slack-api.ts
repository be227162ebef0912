/**
 * A fake of Slack's Web API on 127.0.0.1, for tests: auth.test, conversations.open,
 * chat.postMessage and users.lookupByEmail, answering as Slack documents (HTTP 200 with
 * `{ ok: false, error }` for refusals, HTTP 429 with Retry-After for rate limits). It plays
 * the workspace's members too: their direct messages and button clicks go to the app as
 * signed Events API and interactivity requests.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockActionsBody, directMessageBody, signed, TEAM_ID } from './slack-requests.ts';

export interface FakeSlackUser {
  id: string;
  email: string;
  name: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: SlackBlockShape[];
}

interface SlackBlockShape {
  type: string;
  block_id?: string;
  text?: { text?: string };
  elements?: { type: string; action_id: string; value?: string; text?: { text?: string } }[];
}

export interface RecordedCall {
  method: string;
  authorization: string | undefined;
  contentType: string | undefined;
  args: Record<string, unknown>;
}

export type SlackRequestTarget = (request: {
  headers: Record<string, string>;
  rawBody: string;
}) => Promise<{ status: number; text: string }>;

export const FAKE_BOT_USER = 'U0000BOT';
export const FAKE_SCOPES = 'chat:write,im:write,users:read,users:read.email';

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly posted: PostedMessage[] = [];
  private readonly users = new Map<string, FakeSlackUser>();
  private readonly rateLimits = new Map<string, { afterCalls: number; seconds: number }>();
  private server?: Server;
  private target?: SlackRequestTarget;
  private sequence = 0;
  /** Milliseconds every answer waits, to show who is (not) waiting on Slack. */
  latencyMs = 0;

  constructor(
    private readonly options: { botToken: string; signingSecret: string; now: () => Date },
  ) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('The fake Slack API is not listening; call start() first');
    return `http://127.0.0.1:${address.port}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(async (answer) => {
        if (this.latencyMs > 0) await new Promise((done) => setTimeout(done, this.latencyMs));
        response.writeHead(answer.status, {
          'content-type': 'application/json',
          ...answer.headers,
        });
        response.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  addUser(user: FakeSlackUser): void {
    this.users.set(user.id, user);
  }

  /** A call of `method`, after `afterCalls` more succeed, is answered 429 with Retry-After. */
  rateLimitNext(method: string, retryAfterSeconds: number, afterCalls = 0): void {
    this.rateLimits.set(method, { afterCalls, seconds: retryAfterSeconds });
  }

  connect(target: SlackRequestTarget): void {
    this.target = target;
  }

  /** What the app posted in the direct message channel of a user. */
  messagesTo(userId: string): PostedMessage[] {
    return this.posted.filter((message) => message.channel === directChannelOf(userId));
  }

  /** The member clicks the button whose value ends with `:value` on the latest question. */
  async clickAnswer(userId: string, value: string, asked?: PostedMessage) {
    const question =
      asked ??
      [...this.messagesTo(userId)]
        .reverse()
        .find((message) => message.blocks.some((block) => block.type === 'actions'));
    const actions = question?.blocks.find((block) => block.type === 'actions');
    const button = actions?.elements?.find((element) => element.value?.endsWith(`:${value}`));
    if (!question || !actions || !button?.value) {
      throw new Error(`No button ${value} in the latest question to ${userId}`);
    }

    const rawBody = blockActionsBody({
      user: userId,
      channel: question.channel,
      messageTs: question.ts,
      actionId: button.action_id,
      blockId: actions.block_id ?? '',
      label: button.text?.text ?? '',
      value: button.value,
      actionTs: this.nextTs(),
    });
    return this.deliver(rawBody, 'application/x-www-form-urlencoded');
  }

  /** The member types a direct message to the app. */
  async sendDirectMessage(userId: string, text: string) {
    const rawBody = directMessageBody({
      eventId: `Ev${this.nextId()}`,
      user: userId,
      channel: directChannelOf(userId),
      text,
      ts: this.nextTs(),
    });
    return this.deliver(rawBody, 'application/json');
  }

  /** Posts a body to the app, signed now, as Slack would. */
  async deliver(rawBody: string, contentType: string, headers: Record<string, string> = {}) {
    if (!this.target) throw new Error('The fake Slack has no app to call; call connect()');
    const request = signed(rawBody, this.seconds(), this.options.signingSecret, contentType);
    return this.target({ rawBody, headers: { ...request.headers, ...headers } });
  }

  private async handle(request: IncomingMessage): Promise<Answer> {
    const raw = await readBody(request);
    const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseArgs(raw, request.headers['content-type']);
    this.calls.push({
      method,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      args,
    });

    const limit = this.rateLimits.get(method);
    if (limit && limit.afterCalls > 0) limit.afterCalls -= 1;
    else if (limit) {
      this.rateLimits.delete(method);
      return {
        status: 429,
        headers: { 'retry-after': String(limit.seconds) },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? args.token;
    if (token !== this.options.botToken) return refused('invalid_auth');
    return this.answer(method, args);
  }

  private answer(method: string, args: Record<string, unknown>): Answer {
    switch (method) {
      case 'auth.test':
        return {
          status: 200,
          headers: { 'x-oauth-scopes': FAKE_SCOPES },
          body: {
            ok: true,
            url: 'https://acme.slack.com/',
            team: 'Acme',
            user: 'inflow',
            team_id: TEAM_ID,
            user_id: FAKE_BOT_USER,
            bot_id: 'B0000BOT',
            is_enterprise_install: false,
          },
        };
      case 'conversations.open': {
        const user = this.users.get(String(args.users ?? ''));
        if (!user) return refused('user_not_found');
        return { status: 200, body: { ok: true, channel: { id: directChannelOf(user.id) } } };
      }
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'users.lookupByEmail': {
        const email = String(args.email ?? '').toLowerCase();
        const user = [...this.users.values()].find((candidate) => candidate.email === email);
        if (!user) return refused('users_not_found');
        return {
          status: 200,
          body: {
            ok: true,
            user: {
              id: user.id,
              team_id: TEAM_ID,
              name: user.name,
              real_name: user.name,
              is_bot: false,
              profile: { email: user.email, real_name: user.name },
            },
          },
        };
      }
      default:
        return refused('unknown_method');
    }
  }

  private postMessage(args: Record<string, unknown>): Answer {
    const channel = String(args.channel ?? '');
    const known = [...this.users.keys()].some((id) => directChannelOf(id) === channel);
    if (!known) return refused('channel_not_found');
    const blocks = (args.blocks ?? []) as SlackBlockShape[];
    const text = String(args.text ?? '');
    if (text === '' && blocks.length === 0) return refused('no_text');
    if (!blocksAreValid(blocks)) return refused('invalid_blocks');

    const ts = this.nextTs();
    this.posted.push({ channel, ts, text, blocks });
    return {
      status: 200,
      body: {
        ok: true,
        channel,
        ts,
        message: { type: 'message', user: FAKE_BOT_USER, bot_id: 'B0000BOT', text, blocks, ts },
      },
    };
  }

  private seconds(): number {
    return Math.floor(this.options.now().getTime() / 1000);
  }

  private nextId(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** Slack message times: seconds, a dot, and a unique six-digit suffix. */
  private nextTs(): string {
    return `${this.seconds()}.${String(this.nextId()).padStart(6, '0')}`;
  }
}

/** Block Kit's limits on what the adapter sends; a breach is Slack's invalid_blocks. */
function blocksAreValid(blocks: SlackBlockShape[]): boolean {
  if (blocks.length > 50) return false;
  return blocks.every((block) => {
    if (block.type === 'section') return (block.text?.text?.length ?? 0) <= 3000;
    if (block.type !== 'actions') return true;
    const elements = block.elements ?? [];
    const ids = elements.map((element) => element.action_id);
    return (
      elements.length <= 25 &&
      new Set(ids).size === ids.length &&
      elements.every(
        (element) =>
          (element.text?.text?.length ?? 0) <= 75 && (element.value?.length ?? 0) <= 2000,
      )
    );
  });
}

export function directChannelOf(userId: string): string {
  return `D${userId.slice(1)}`;
}

function refused(error: string): Answer {
  return { status: 200, body: { ok: false, error } };
}

/** Slack accepts form-encoded arguments (JSON-encoded when complex) or a JSON body. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(raw || '{}');
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = value.startsWith('[') || value.startsWith('{') ? JSON.parse(value) : value;
  }
  return args;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
