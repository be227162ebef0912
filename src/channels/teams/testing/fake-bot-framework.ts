/**
 * Microsoft's side of a Teams bot, on 127.0.0.1, as its public documentation describes it:
 *
 * - the identity platform's token endpoint, POST /login/{tenant}/oauth2/v2.0/token
 *   (client credentials, scope https://api.botframework.com/.default);
 * - the Bot Framework OpenID metadata, GET /botframework/v1/.well-known/openidconfiguration,
 *   and its JWKS with per-key channel endorsements, signed by an RSA key made at start;
 * - the Bot Connector, POST /{region}/v3/conversations/{conversationId}/activities, which
 *   wants a bearer token from the token endpoint and knows which region each conversation
 *   lives in now: a post to another region's URL is answered 404, as a stale one would be;
 * - Teams itself: activities (install, message, card submit) signed with a Bot Connector JWT
 *   and posted to the bot's messaging endpoint.
 *
 * Every request is recorded, so tests assert what the bot actually sent.
 */
import {
  createSign,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTeamsUser {
  /** Teams user id for this bot, "29:...". */
  id: string;
  /** Entra object id. */
  aadObjectId: string;
  name: string;
  /** The personal chat's conversation id, "a:...". */
  conversationId: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface PostedActivity {
  region: string;
  conversationId: string;
  activity: Record<string, unknown>;
}

interface ScriptedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const FAKE_TENANT_ID = '00000000-0000-0000-0000-000000000001';
export const ISSUER = 'https://api.botframework.com';

export class FakeBotFramework {
  readonly requests: RecordedRequest[] = [];
  readonly posted: PostedActivity[] = [];
  private readonly issuedTokens = new Map<string, number>();
  private readonly regionOf = new Map<string, string>();
  private readonly removed = new Map<string, string>();
  private readonly scripted: ScriptedAnswer[] = [];
  private readonly signingKey: KeyObject;
  private readonly published: { kid: string; n: string; e: string; endorsements: string[] }[] = [];
  readonly keyId = `fake-${randomBytes(4).toString('hex')}`;
  private activityCounter = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly app: { appId: string; appPassword: string },
  ) {
    this.signingKey = this.publishKey(this.keyId, ['msteams', 'webchat']);
  }

  /** Another signing key in the JWKS, endorsed for the given channels only. */
  addSigningKey(endorsements: string[]): { key: KeyObject; keyId: string } {
    const keyId = `extra-${randomBytes(4).toString('hex')}`;
    return { key: this.publishKey(keyId, endorsements), keyId };
  }

  private publishKey(kid: string, endorsements: string[]): KeyObject {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const exported = publicKey.export({ format: 'jwk' });
    this.published.push({ kid, n: String(exported.n), e: String(exported.e), endorsements });
    return privateKey;
  }

  static async start(app: { appId: string; appPassword: string }): Promise<FakeBotFramework> {
    // The server's handler needs the instance, which needs the server: filled in below.
    const ready: { fake?: FakeBotFramework } = {};
    const server = createServer((request, response) => {
      void ready.fake?.handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    ready.fake = new FakeBotFramework(server, `http://127.0.0.1:${port}`, app);
    return ready.fake;
  }

  get loginBaseUrl(): string {
    return `${this.baseUrl}/login`;
  }

  get openIdMetadataUrl(): string {
    return `${this.baseUrl}/botframework/v1/.well-known/openidconfiguration`;
  }

  serviceUrl(region: string): string {
    return `${this.baseUrl}/${region}/`;
  }

  /** Teams moved the conversation: only this region's URL works for it from now on. */
  moveConversation(conversationId: string, region: string): void {
    this.regionOf.set(conversationId, region);
  }

  /** The learner removed the app (or blocked the bot): posts get 403 with this code. */
  removeConversation(conversationId: string, code = 'BotNotInConversationRoster'): void {
    this.removed.set(conversationId, code);
  }

  /** The next Bot Connector post gets this answer instead of being accepted. */
  answerNextPostWith(answer: ScriptedAnswer): void {
    this.scripted.push(answer);
  }

  tokenRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path.includes('/oauth2/v2.0/token'));
  }

  /** A Bot Connector JWT as Teams sends it with each activity. */
  signToken(
    claims: { serviceUrl: string; audience?: string; issuer?: string; expiresIn?: number },
    options: { key?: KeyObject; keyId?: string } = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: options.keyId ?? this.keyId };
    const payload = {
      serviceurl: claims.serviceUrl,
      nbf: now - 60,
      exp: now + (claims.expiresIn ?? 3600),
      iss: claims.issuer ?? ISSUER,
      aud: claims.audience ?? this.app.appId,
    };
    const signed = `${base64url(header)}.${base64url(payload)}`;
    const signature = createSign('RSA-SHA256')
      .update(signed)
      .sign(options.key ?? this.signingKey)
      .toString('base64url');
    return `${signed}.${signature}`;
  }

  /** The bot was installed in the user's personal scope. */
  installationUpdate(user: FakeTeamsUser, region: string, action = 'add'): Record<string, unknown> {
    return {
      ...this.envelope(user, region),
      type: 'installationUpdate',
      action,
    };
  }

  message(user: FakeTeamsUser, region: string, text: string): Record<string, unknown> {
    return { ...this.envelope(user, region), type: 'message', text, textFormat: 'plain' };
  }

  /** A tapped Action.Submit: Teams sends its data as `value`, and no text. */
  cardSubmit(user: FakeTeamsUser, region: string, value: unknown): Record<string, unknown> {
    return {
      ...this.envelope(user, region),
      type: 'message',
      replyToId: `1:${this.activityCounter}`,
      value,
    };
  }

  /** Posts an activity to the bot as the Bot Connector does, with a token signed for it. */
  async deliver(
    endpoint: string,
    activity: Record<string, unknown>,
    token = this.signToken({ serviceUrl: String(activity.serviceUrl) }),
  ): Promise<{ status: number; body: string }> {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(activity),
    });
    return { status: response.status, body: await response.text() };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private envelope(user: FakeTeamsUser, region: string): Record<string, unknown> {
    this.activityCounter += 1;
    return {
      id: `f:${randomUUID()}`,
      timestamp: new Date().toISOString(),
      serviceUrl: this.serviceUrl(region),
      channelId: 'msteams',
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: `28:${this.app.appId}`, name: 'Inflow' },
      conversation: {
        conversationType: 'personal',
        tenantId: FAKE_TENANT_ID,
        id: user.conversationId,
      },
      channelData: { tenant: { id: FAKE_TENANT_ID } },
      locale: 'en-US',
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = new URL(request.url ?? '/', this.baseUrl).pathname;
    this.requests.push({
      method: request.method ?? 'GET',
      path,
      authorization: request.headers.authorization,
      body,
    });
    const send = (status: number, answer: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(answer));
    };

    if (request.method === 'GET' && path === '/botframework/v1/.well-known/openidconfiguration') {
      return send(200, {
        issuer: ISSUER,
        authorization_endpoint: `${this.baseUrl}/botframework/v1/authorize`,
        jwks_uri: `${this.baseUrl}/botframework/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (request.method === 'GET' && path === '/botframework/v1/.well-known/keys') {
      return send(200, {
        keys: this.published.map((key) => ({ kty: 'RSA', use: 'sig', ...key })),
      });
    }
    const token = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (request.method === 'POST' && token) return this.issueToken(body, send);

    const post = /^\/([a-z]+)\/v3\/conversations\/([^/]+)\/activities$/.exec(path);
    if (request.method === 'POST' && post) {
      return this.acceptActivity(
        post[1] ?? '',
        decodeURIComponent(post[2] ?? ''),
        request,
        body,
        send,
      );
    }
    return send(404, { error: { code: 'NotFound', message: `No route ${path}` } });
  }

  private issueToken(body: string, send: (status: number, answer: unknown) => void): void {
    const form = new URLSearchParams(body);
    const valid =
      form.get('grant_type') === 'client_credentials' &&
      form.get('client_id') === this.app.appId &&
      form.get('client_secret') === this.app.appPassword &&
      form.get('scope') === 'https://api.botframework.com/.default';
    if (!valid) {
      return send(401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    }
    const accessToken = `fake-access-${randomBytes(12).toString('hex')}`;
    this.issuedTokens.set(accessToken, Date.now() + 3600_000);
    send(200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    });
  }

  private acceptActivity(
    region: string,
    conversationId: string,
    request: IncomingMessage,
    body: string,
    send: (status: number, answer: unknown, headers?: Record<string, string>) => void,
  ): void {
    const bearer = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!this.issuedTokens.has(bearer)) {
      return send(401, { message: 'Authorization has been denied for this request.' });
    }
    const scripted = this.scripted.shift();
    if (scripted) return send(scripted.status, scripted.body, scripted.headers);
    const removedCode = this.removed.get(conversationId);
    if (removedCode) {
      return send(403, {
        error: { code: removedCode, message: 'The bot is not part of the conversation roster.' },
      });
    }
    if (this.regionOf.get(conversationId) !== region) {
      return send(404, {
        error: { code: 'ConversationNotFound', message: 'Conversation not found.' },
      });
    }
    this.posted.push({
      region,
      conversationId,
      activity: JSON.parse(body) as Record<string, unknown>,
    });
    send(201, { id: `1:${this.posted.length}` });
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
