import type {
  Channel,
  SendOutcome,
  SendRequest,
  WebhookResult,
} from '../../src/channels/channel.ts';
import { rejectWebhook } from '../../src/channels/channel.ts';
import type { ChannelKind } from '../../src/people/learner.ts';

export interface HttpTestChannelOptions {
  baseUrl: string;
  /** The channel kind it stands in for; learners are addressed as on that kind. */
  kind?: ChannelKind;
  timeoutMs?: number;
  /** Extra request headers, e.g. which worker process sent it. */
  headers?: Record<string, string>;
}

/**
 * A tiny channel over HTTP to FakeMessageProvider, mapping answers as real adapters do:
 * 2xx accepted; 429 rate limited with Retry-After; 5xx, a timeout or a dropped connection
 * retryable; other 4xx refused for good.
 */
export class HttpTestChannel implements Channel {
  readonly kind: ChannelKind;

  constructor(private readonly options: HttpTestChannelOptions) {
    this.kind = options.kind ?? 'email';
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': request.idempotencyKey,
          ...this.options.headers,
        },
        body: JSON.stringify({ to: request.to, text: request.message.text }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 2_000),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed';
      return { ok: false, error: { code: 'provider_error', reason, retryable: true } };
    }

    const body = (await response.json().catch(() => ({}))) as { id?: string };
    if (response.ok && body.id) return { ok: true, value: { providerMessageId: body.id } };
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'));
      return {
        ok: false,
        error: {
          code: 'rate_limited',
          reason: 'provider answered 429',
          retryable: true,
          retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
          providerCode: '429',
        },
      };
    }
    const retryable = response.status >= 500;
    return {
      ok: false,
      error: {
        code: retryable ? 'provider_error' : 'invalid_request',
        reason: `provider answered ${response.status}`,
        retryable,
        providerCode: String(response.status),
      },
    };
  }

  async receiveWebhook(): Promise<WebhookResult> {
    return rejectWebhook(405, 'the HTTP test channel takes no webhooks');
  }
}
