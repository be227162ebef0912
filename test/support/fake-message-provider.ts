import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A message provider on 127.0.0.1 for delivery tests: `POST /messages` with a JSON body
 * `{ to, text }` and an `Idempotency-Key` header, answered `201 { id }`. Like providers that
 * honour idempotency keys, a repeated key is answered with the first message's id and shows
 * nothing new. Every request is logged, so tests can tell requests from visible messages.
 * Faults are scripted per request: a status (500, 429 with Retry-After), or a hang.
 */
export interface ProviderRequest {
  key: string;
  to: string;
  text: string;
  /** What the provider answered; 'hang' when it never did before the client gave up. */
  answer: number | 'hang';
  /** The x-worker header: which test worker process sent it. */
  worker: string;
  /** Whether this request made a message visible to the learner. */
  visible: boolean;
  receivedAt: number;
}

export type Fault = { status: 500 | 503 } | { status: 429; retryAfterSeconds: number } | 'hang';

export class FakeMessageProvider {
  readonly requests: ProviderRequest[] = [];
  private readonly accepted = new Map<string, string>();
  private readonly faults: Fault[] = [];
  private server: Server | undefined;
  /** Milliseconds to wait before answering an accepted message (to widen crash windows). */
  answerDelayMs = 0;
  private sequence = 0;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the fake provider is not listening; call start() first');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The next requests fail this way, one fault per request, in order. */
  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Messages a learner would see: one per idempotency key accepted. */
  visibleMessages(): ProviderRequest[] {
    return this.requests.filter((request) => request.visible);
  }

  /** How many requests carried each key. */
  requestsPerKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const request of this.requests)
      counts.set(request.key, (counts.get(request.key) ?? 0) + 1);
    return counts;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (request.method !== 'POST' || request.url !== '/messages') {
      response.writeHead(404).end();
      return;
    }
    const parsed = JSON.parse(body) as { to?: string; text?: string };
    const key = String(request.headers['idempotency-key'] ?? '');
    const entry: ProviderRequest = {
      key,
      to: parsed.to ?? '',
      text: parsed.text ?? '',
      answer: 201,
      worker: String(request.headers['x-worker'] ?? ''),
      visible: false,
      receivedAt: Date.now(),
    };
    this.requests.push(entry);

    const fault = this.faults.shift();
    if (fault === 'hang') {
      entry.answer = 'hang';
      return;
    }
    if (fault) {
      entry.answer = fault.status;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.status === 429) headers['retry-after'] = String(fault.retryAfterSeconds);
      response.writeHead(fault.status, headers).end(JSON.stringify({ error: 'try later' }));
      return;
    }

    let id = this.accepted.get(key);
    if (!id) {
      this.sequence += 1;
      id = `MSG${String(this.sequence).padStart(6, '0')}`;
      this.accepted.set(key, id);
      entry.visible = true;
    }
    if (this.answerDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, this.answerDelayMs));
    response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
