/**
 * A failed call to Microsoft's side of the Bot Framework: the token endpoint or the Bot
 * Connector. Carries what send-error mapping needs (status, Retry-After, the connector's own
 * error code), and deliberately is not an Azure RestError, so the SDK's HTTP pipeline does not
 * retry it with sleeps of its own: retries belong to our job queue, with backoff it records.
 */

export type ConnectorCall = 'token' | 'connector';

export class BotConnectorError extends Error {
  constructor(
    readonly call: ConnectorCall,
    /** HTTP status, or undefined when no answer came at all (refused, reset, DNS). */
    readonly status: number | undefined,
    /** The error code in the body, e.g. "BotNotInConversationRoster" or "invalid_client". */
    readonly providerCode: string | undefined,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'BotConnectorError';
  }
}

/** Reads `{ "error": { "code": ... } }` (Bot Connector) or `{ "error": "..." }` (OAuth). */
export function errorCodeOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (parsed.error && typeof parsed.error === 'object' && 'code' in parsed.error) {
      const code = (parsed.error as { code?: unknown }).code;
      return typeof code === 'string' ? code : undefined;
    }
  } catch {
    // Not JSON: a proxy's HTML error page, for instance. The status says enough.
  }
  return undefined;
}

/** Retry-After in seconds, from either of its forms (RFC 9110 §10.2.3). */
export function retryAfterSeconds(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}
