/**
 * A fake of the parts of Twilio's REST API and webhooks that the SMS adapter uses, on
 * 127.0.0.1, shaped as Twilio's documentation shows:
 * - POST /2010-04-01/Accounts/{AccountSid}/Messages.json (form-encoded; 201 with a Message)
 * - GET /2010-04-01/Accounts/{AccountSid}.json (the Account resource)
 * - status callbacks and incoming-message webhooks to our URLs, signed like Twilio's,
 *   including Twilio's default opt-out handling (STOP blocks the number, 21610 after).
 * Every API request is recorded for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signTwilioRequest } from './twilio-signing.ts';

export interface FakeTwilioAccount {
  accountSid: string;
  authToken: string;
  friendlyName?: string;
  status?: 'active' | 'suspended' | 'closed';
}

export interface FakeMessage {
  sid: string;
  to: string;
  from: string;
  messagingServiceSid?: string;
  body: string;
  statusCallback?: string;
  status: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorized: boolean;
  form: Record<string, string>;
}

export interface PlannedFailure {
  status: number;
  code: number;
  message: string;
}

/** How the fake reaches our webhooks: fetch by default, or a Hono app's `request`. */
export type WebhookTransport = (url: string, init: RequestInit) => Promise<Response>;

const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
];
const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'];
const HELP_KEYWORDS = ['HELP', 'INFO'];

export class FakeTwilio {
  readonly requests: RecordedRequest[] = [];
  readonly messages: FakeMessage[] = [];
  /** Twilio's own replies to opt-out, opt-in and help keywords, as carriers require. */
  readonly keywordReplies: { to: string; kind: 'STOP' | 'START' | 'HELP' }[] = [];
  readonly optedOut = new Set<string>();
  /** Outcomes planned for the next Messages creates: a failure, or undefined to send. */
  private readonly plannedOutcomes: (PlannedFailure | undefined)[] = [];
  private server?: Server;
  private sequence = 0;
  baseUrl = '';

  constructor(
    private readonly account: FakeTwilioAccount,
    private readonly options: { transport?: WebhookTransport; twilioNumber?: string } = {},
  ) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** The next Messages create (after those already planned) answers with this error. */
  failNextSend(failure: PlannedFailure): void {
    this.plannedOutcomes.push(failure);
  }

  /** The next Messages create (after those already planned) is sent normally. */
  letNextSendThrough(): void {
    this.plannedOutcomes.push(undefined);
  }

  messagesTo(number: string): FakeMessage[] {
    return this.messages.filter((message) => message.to === number);
  }

  /** Sends a status callback for a message to the URL it was created with, or another. */
  async sendStatus(
    sid: string,
    status: string,
    options: { errorCode?: string; url?: string } = {},
  ): Promise<Response> {
    const message = this.messages.find((candidate) => candidate.sid === sid);
    const url = options.url ?? message?.statusCallback;
    if (!url) throw new Error(`message ${sid} has no status callback URL`);
    const params: Record<string, string> = {
      AccountSid: this.account.accountSid,
      ApiVersion: '2010-04-01',
      From: message?.from ?? '',
      MessageSid: sid,
      MessageStatus: status,
      SmsSid: sid,
      SmsStatus: status,
      To: message?.to ?? '',
      ...(options.errorCode ? { ErrorCode: options.errorCode } : {}),
    };
    if (message) message.status = status;
    return this.post(url, params);
  }

  /**
   * A learner's text arriving at our Twilio number, posted to our incoming-message webhook.
   * Twilio's default opt-out handling acts first, as it does for long codes.
   */
  async sendInbound(
    url: string,
    inbound: { from: string; body: string; sid?: string },
    signing: { url?: string; signature?: string | null } = {},
  ): Promise<Response> {
    const sid = inbound.sid ?? this.nextSid();
    const optOutType = this.applyOptOutHandling(inbound.from, inbound.body);
    const params: Record<string, string> = {
      AccountSid: this.account.accountSid,
      ApiVersion: '2010-04-01',
      Body: inbound.body,
      From: inbound.from,
      FromCountry: 'US',
      MessageSid: sid,
      NumMedia: '0',
      NumSegments: '1',
      SmsMessageSid: sid,
      SmsSid: sid,
      SmsStatus: 'received',
      To: this.options.twilioNumber ?? '+15005550006',
      ToCountry: 'US',
      ...(optOutType ? { OptOutType: optOutType } : {}),
    };
    return this.post(url, params, signing);
  }

  /** Sends exactly this signed form, as a re-delivered webhook would. */
  async post(
    url: string,
    params: Record<string, string>,
    signing: { url?: string; signature?: string | null } = {},
  ): Promise<Response> {
    const signature =
      signing.signature === undefined
        ? signTwilioRequest(this.account.authToken, signing.url ?? url, params)
        : signing.signature;
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TwilioProxy/1.1',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    };
    const transport = this.options.transport ?? ((target, init) => fetch(target, init));
    return transport(url, {
      method: 'POST',
      headers,
      body: new URLSearchParams(params).toString(),
    });
  }

  private applyOptOutHandling(from: string, body: string): 'STOP' | 'START' | 'HELP' | undefined {
    const keyword = body.trim().toUpperCase();
    let kind: 'STOP' | 'START' | 'HELP' | undefined;
    if (OPT_OUT_KEYWORDS.includes(keyword)) {
      this.optedOut.add(from);
      kind = 'STOP';
    } else if (OPT_IN_KEYWORDS.includes(keyword)) {
      this.optedOut.delete(from);
      kind = 'START';
    } else if (HELP_KEYWORDS.includes(keyword)) {
      kind = 'HELP';
    }
    if (kind) this.keywordReplies.push({ to: from, kind });
    return kind;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const form = Object.fromEntries(new URLSearchParams(raw));
    const path = new URL(request.url ?? '/', this.baseUrl).pathname;
    const authorized = this.isAuthorized(request.headers.authorization);
    this.requests.push({ method: request.method ?? '', path, authorized, form });

    const accountPath = `/2010-04-01/Accounts/${this.account.accountSid}`;
    if (!authorized) {
      return this.reply(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    if (request.method === 'GET' && path === `${accountPath}.json`) {
      return this.reply(response, 200, this.accountResource());
    }
    if (request.method === 'POST' && path === `${accountPath}/Messages.json`) {
      return this.createMessage(form, response);
    }
    return this.reply(response, 404, {
      code: 20404,
      message: `The requested resource ${path} was not found`,
      status: 404,
    });
  }

  private createMessage(form: Record<string, string>, response: ServerResponse): void {
    const planned = this.plannedOutcomes.shift();
    if (planned) {
      return this.reply(response, planned.status, {
        ...planned,
        more_info: `https://www.twilio.com/docs/errors/${planned.code}`,
      });
    }
    const to = form.To ?? '';
    if (!/^\+[1-9]\d{6,14}$/.test(to)) {
      return this.reply(response, 400, {
        code: 21211,
        message: `The 'To' number ${to} is not a valid phone number.`,
        status: 400,
      });
    }
    if (this.optedOut.has(to)) {
      return this.reply(response, 400, {
        code: 21610,
        message: 'Attempt to send to unsubscribed recipient',
        status: 400,
      });
    }
    if (!form.Body) {
      return this.reply(response, 400, {
        code: 21602,
        message: 'Message body is required.',
        status: 400,
      });
    }
    const message: FakeMessage = {
      sid: this.nextSid(),
      to,
      from: form.From ?? this.options.twilioNumber ?? '',
      ...(form.MessagingServiceSid ? { messagingServiceSid: form.MessagingServiceSid } : {}),
      body: form.Body,
      ...(form.StatusCallback ? { statusCallback: form.StatusCallback } : {}),
      status: 'queued',
    };
    this.messages.push(message);
    this.reply(response, 201, {
      account_sid: this.account.accountSid,
      api_version: '2010-04-01',
      body: message.body,
      direction: 'outbound-api',
      from: message.from,
      messaging_service_sid: message.messagingServiceSid ?? null,
      num_media: '0',
      num_segments: '1',
      sid: message.sid,
      status: 'queued',
      to: message.to,
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${this.account.accountSid}/Messages/${message.sid}.json`,
    });
  }

  private accountResource() {
    return {
      sid: this.account.accountSid,
      friendly_name: this.account.friendlyName ?? 'Inflow test account',
      status: this.account.status ?? 'active',
      type: 'Full',
      // The real resource carries the token too; the adapter must never pass it on.
      auth_token: this.account.authToken,
      owner_account_sid: this.account.accountSid,
      uri: `/2010-04-01/Accounts/${this.account.accountSid}.json`,
    };
  }

  private isAuthorized(header: string | undefined): boolean {
    const expected = Buffer.from(`${this.account.accountSid}:${this.account.authToken}`).toString(
      'base64',
    );
    return header === `Basic ${expected}`;
  }

  private reply(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  private nextSid(): string {
    this.sequence += 1;
    return `SM${this.sequence.toString(16).padStart(32, '0')}`;
  }
}
