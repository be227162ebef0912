/**
 * A fake of the WhatsApp Cloud API on 127.0.0.1, for tests: the part of the Graph API the
 * adapter calls, answering and refusing as Meta documents (error JSON with `code`,
 * `error_data.details`), plus the learner's side of the conversation: it signs and posts
 * webhooks (messages, button taps, status callbacks) to the app. It keeps each learner's
 * 24-hour window itself, so a free-form message outside it is refused with 131047.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWhatsAppBody } from '../whatsapp-signature.ts';
import { SERVICE_WINDOW_MS } from '../service-window.ts';
import { validateGraphMessage } from './graph-message-rules.ts';
import {
  FAKE_BUSINESS,
  inboundWebhook,
  statusWebhook,
  type BusinessNumber,
} from './whatsapp-webhook-bodies.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface AcceptedMessage {
  wamid: string;
  to: string;
  body: Record<string, unknown>;
}

export interface InjectedError {
  code: number;
  httpStatus?: number;
  details?: string;
  retryAfterSeconds?: number;
}

interface Choice {
  id: string;
  title: string;
}

interface InteractiveBody {
  type: 'button' | 'list';
  action: { buttons?: { reply: Choice }[]; sections?: { rows: Choice[] }[] };
}

interface FakeAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Where the fake posts webhooks: the app's route, e.g. through `app.request`. */
export type WebhookTarget = (
  body: string,
  headers: Record<string, string>,
) => Promise<{ status: number; text: string }>;

export interface FakeGraphOptions {
  accessToken: string;
  appSecret: string;
  now: () => Date;
  business?: BusinessNumber;
  /** Approved templates, "name/language" → number of body parameters. */
  templates?: Record<string, number>;
  /** How a free-form message outside the window is refused: at once, or by status webhook. */
  windowRefusal?: 'sync' | 'async';
}

export class FakeGraphApi {
  readonly requests: RecordedRequest[] = [];
  readonly accepted: AcceptedMessage[] = [];
  readonly business: BusinessNumber;
  private server?: Server;
  private readonly lastInbound = new Map<string, number>();
  private readonly injected: InjectedError[] = [];
  private readonly pendingStatuses: string[] = [];
  private sequence = 0;
  private target?: WebhookTarget;
  private windowRefusal: 'sync' | 'async';

  constructor(private readonly options: FakeGraphOptions) {
    this.business = options.business ?? FAKE_BUSINESS;
    this.windowRefusal = options.windowRefusal ?? 'sync';
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('The fake Graph API is not listening; call start() first');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body, headers }) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Where webhooks go; the fake signs them with the app secret as Meta does. */
  connect(target: WebhookTarget): void {
    this.target = target;
  }

  /** How a free-form message outside the window is refused from now on. */
  refuseOutsideWindow(mode: 'sync' | 'async'): void {
    this.windowRefusal = mode;
  }

  /** The next message POST fails with this Graph error. */
  failNextSend(error: InjectedError): void {
    this.injected.push(error);
  }

  /** Messages accepted for one learner, oldest first. */
  sentTo(waId: string): AcceptedMessage[] {
    return this.accepted.filter((message) => message.to === waId);
  }

  lastSentTo(waId: string): AcceptedMessage {
    const last = this.sentTo(waId).at(-1);
    if (!last) throw new Error(`Nothing was sent to ${waId}`);
    return last;
  }

  /** The learner sends a message (text, a button tap...); it opens their window. */
  async learnerSends(from: string, message: Record<string, unknown>) {
    this.lastInbound.set(from, this.options.now().getTime());
    return this.post(inboundWebhook(this.business, from, message));
  }

  /**
   * The learner taps the answer whose payload ends in `:value` on a question sent to them
   * (the last one unless given), as a reply button or a list row, whichever it was.
   */
  async tapAnswer(
    waId: string,
    value: string,
    asked?: AcceptedMessage,
  ): Promise<'button_reply' | 'list_reply'> {
    const question = asked ?? this.questionsTo(waId).at(-1);
    const interactive = question?.body.interactive as InteractiveBody | undefined;
    if (!question || !interactive) throw new Error(`No question with answers went to ${waId}`);

    const choices =
      interactive.type === 'button'
        ? (interactive.action.buttons ?? []).map((button) => button.reply)
        : (interactive.action.sections ?? []).flatMap((section) => section.rows);
    const choice = choices.find((candidate) => candidate.id.endsWith(`:${value}`));
    if (!choice) throw new Error(`No answer ${value} on question ${question.wamid}`);

    const shape = interactive.type === 'button' ? 'button_reply' : 'list_reply';
    await this.learnerSends(waId, {
      id: this.nextMessageId(),
      timestamp: String(this.timestamp()),
      type: 'interactive',
      interactive: { type: shape, [shape]: { id: choice.id, title: choice.title } },
      context: { from: this.business.displayPhoneNumber, id: question.wamid },
    });
    return shape;
  }

  /** Messages with reply buttons or a list sent to a learner, oldest first. */
  questionsTo(waId: string): AcceptedMessage[] {
    return this.sentTo(waId).filter((message) => message.body.type === 'interactive');
  }

  async deliverStatus(status: Parameters<typeof statusWebhook>[1]) {
    return this.post(statusWebhook(this.business, status));
  }

  /** Posts the status callbacks Meta owes for refused messages (async window refusals). */
  async flushStatuses(): Promise<void> {
    for (const body of this.pendingStatuses.splice(0)) await this.post(body);
  }

  nextMessageId(): string {
    this.sequence += 1;
    return `wamid.FAKE${String(this.sequence).padStart(6, '0')}`;
  }

  /** Seconds since the epoch on the tests' clock, as Meta stamps webhooks. */
  timestamp(): number {
    return Math.floor(this.options.now().getTime() / 1000);
  }

  private async post(body: string) {
    if (!this.target) throw new Error('The fake Graph API has no webhook target; call connect()');
    return this.target(body, {
      'content-type': 'application/json',
      'x-hub-signature-256': signWhatsAppBody(body, this.options.appSecret),
    });
  }

  private async handle(request: IncomingMessage): Promise<FakeAnswer> {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = raw === '' ? undefined : (JSON.parse(raw) as unknown);
    this.requests.push({
      method: request.method ?? '',
      path: url.pathname,
      authorization: request.headers.authorization,
      body,
    });

    if (request.headers.authorization !== `Bearer ${this.options.accessToken}`) {
      return graphError(401, 190, 'Error validating access token');
    }
    const [, version, phoneNumberId, edge] = url.pathname.split('/');
    if (!version?.match(/^v\d+\.\d+$/) || phoneNumberId !== this.business.phoneNumberId) {
      return graphError(400, 100, `Unknown path components: ${url.pathname}`);
    }
    if (request.method === 'GET' && edge === undefined) {
      return {
        status: 200,
        body: {
          display_phone_number: `+${this.business.displayPhoneNumber}`,
          verified_name: 'Inflow Test',
          quality_rating: 'GREEN',
          id: phoneNumberId,
        },
      };
    }
    if (request.method !== 'POST' || edge !== 'messages') {
      return graphError(400, 100, `Unsupported ${request.method} request`);
    }
    return this.acceptMessage(body as Record<string, unknown>);
  }

  private acceptMessage(body: Record<string, unknown>): FakeAnswer {
    const injected = this.injected.shift();
    if (injected) {
      const headers: Record<string, string> = injected.retryAfterSeconds
        ? { 'retry-after': String(injected.retryAfterSeconds) }
        : {};
      return {
        ...graphError(injected.httpStatus ?? 400, injected.code, injected.details),
        headers,
      };
    }

    const problems = validateGraphMessage(body, this.options.templates ?? {});
    if (problems.length > 0) return graphError(400, problems[0]!.code, problems[0]!.details);

    const to = String(body.to);
    const wamid = this.nextMessageId();
    const windowOpen = this.now() - (this.lastInbound.get(to) ?? -Infinity) < SERVICE_WINDOW_MS;
    if (body.type !== 'template' && !windowOpen) {
      if (this.windowRefusal === 'sync') {
        return graphError(
          400,
          131047,
          'Message failed to send because more than 24 hours ' +
            'have passed since the customer last replied to this number.',
        );
      }
      this.pendingStatuses.push(
        statusWebhook(this.business, {
          id: wamid,
          status: 'failed',
          timestamp: this.timestamp(),
          recipientId: to,
          errors: [
            {
              code: 131047,
              title: 'Re-engagement message',
              details:
                'Message failed to send because more than 24 hours have passed since ' +
                'the customer last replied to this number.',
            },
          ],
        }),
      );
    } else {
      this.accepted.push({ wamid, to, body });
    }

    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to }],
        messages: [
          body.type === 'template' ? { id: wamid, message_status: 'accepted' } : { id: wamid },
        ],
      },
    };
  }

  private now(): number {
    return this.options.now().getTime();
  }
}

function graphError(status: number, code: number, details = 'Something went wrong') {
  return {
    status,
    headers: {} as Record<string, string>,
    body: {
      error: {
        message: `(#${code}) ${details}`,
        type: 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details },
        fbtrace_id: 'AFakeTraceId0001',
      },
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
