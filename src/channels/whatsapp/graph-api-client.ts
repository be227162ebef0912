/**
 * The two Graph API calls the WhatsApp adapter makes: POST /{version}/{phone-number-id}/messages
 * and GET /{version}/{phone-number-id} (to check credentials). Failures come back as values
 * carrying Meta's own error code, which whatsapp-errors.ts turns into a send outcome.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import type { GraphMessage } from './whatsapp-message-builder.ts';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';

/** A Graph request that hangs this long is abandoned and retried later by the queue. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface GraphApiSettings {
  baseUrl: string;
  version: string;
  phoneNumberId: string;
  accessToken: string;
}

/** What went wrong with a Graph call, as Meta reported it (or as the network failed). */
export interface GraphApiFailure {
  /** Meta's error code, e.g. 131047; absent when the answer was not Meta's error JSON. */
  code?: number;
  subcode?: number;
  httpStatus?: number;
  message: string;
  details?: string;
  /** Seconds from a Retry-After header, when the answer had one. */
  retryAfterSeconds?: number;
}

export interface PhoneNumberInfo {
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating?: string;
}

interface GraphErrorBody {
  error?: {
    message?: string;
    code?: number;
    error_subcode?: number;
    error_data?: { details?: string };
  };
}

export class GraphApiClient {
  constructor(private readonly settings: GraphApiSettings) {}

  /** Sends one message; the value is the `wamid` Meta gave it. */
  async sendMessage(message: GraphMessage): Promise<Result<string, GraphApiFailure>> {
    const answer = await this.call('POST', `${this.settings.phoneNumberId}/messages`, message);
    if (!answer.ok) return answer;

    const body = answer.value as { messages?: { id?: unknown }[] };
    const id = body.messages?.[0]?.id;
    if (typeof id !== 'string') {
      return err({ message: 'Graph API accepted the message but returned no message id' });
    }
    return ok(id);
  }

  async readPhoneNumber(): Promise<Result<PhoneNumberInfo, GraphApiFailure>> {
    const fields = 'display_phone_number,verified_name,quality_rating';
    const answer = await this.call('GET', `${this.settings.phoneNumberId}?fields=${fields}`);
    if (!answer.ok) return answer;

    const body = answer.value as Record<string, unknown>;
    return ok({
      displayPhoneNumber: String(body.display_phone_number ?? ''),
      verifiedName: String(body.verified_name ?? ''),
      qualityRating: typeof body.quality_rating === 'string' ? body.quality_rating : undefined,
    });
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Result<unknown, GraphApiFailure>> {
    const base = this.settings.baseUrl.replace(/\/+$/, '');
    let response: Response;
    try {
      response = await fetch(`${base}/${this.settings.version}/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.settings.accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return err({ message: `Graph API could not be reached: ${reason}` });
    }

    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok && parsed !== undefined) return ok(parsed);
    return err(failureOf(response, parsed));
  }
}

function failureOf(response: Response, parsed: unknown): GraphApiFailure {
  const error = (parsed as GraphErrorBody | undefined)?.error;
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return {
    code: error?.code,
    subcode: error?.error_subcode,
    httpStatus: response.status,
    message: error?.message ?? `Graph API answered HTTP ${response.status}`,
    details: error?.error_data?.details,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
