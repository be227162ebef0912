/**
 * The HTTP transport under the SDK's ConnectorClient. The Azure pipeline above it retries 429
 * and 5xx answers on its own, sleeping for Retry-After (which can be minutes) inside a send.
 * Here every answer of 400 or more, and every network failure, becomes a BotConnectorError,
 * which that pipeline passes straight up: the outbox then records the failure and our job
 * queue retries it with backoff, and tests never wait on a real timer.
 */
import type { ConnectorClientOptions } from 'botframework-connector';
import type { Clock } from '../../shared/clock.ts';
import { BotConnectorError, errorCodeOf, retryAfterSeconds } from './bot-connector-error.ts';

/** The request as the SDK hands it over (@azure/core-http-compat's WebResourceLike). */
interface OutgoingRequest {
  url: string;
  method: string;
  body?: unknown;
  headers: { headersArray(): { name: string; value: string }[] };
}

/** The response shape the SDK reads back: status, body text, and headers as JSON. */
interface TransportResponse {
  request: OutgoingRequest;
  status: number;
  bodyAsText: string;
  headers: {
    get(name: string): string | undefined;
    toJson(options?: { preserveCase?: boolean }): Record<string, string>;
  };
}

export function connectorTransport(
  clock: Clock,
): NonNullable<ConnectorClientOptions['httpClient']> {
  const transport = {
    async sendRequest(request: OutgoingRequest): Promise<TransportResponse> {
      const headers = Object.fromEntries(
        request.headers.headersArray().map((header) => [header.name, header.value]),
      );

      let response: Response;
      try {
        response = await fetch(request.url, {
          method: request.method,
          headers,
          body: typeof request.body === 'string' ? request.body : undefined,
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new BotConnectorError('connector', undefined, undefined, `no answer: ${reason}`);
      }

      const text = await response.text();
      if (response.status >= 400) {
        const code = errorCodeOf(text);
        throw new BotConnectorError(
          'connector',
          response.status,
          code,
          `Bot Connector answered ${response.status}${code ? ` (${code})` : ''}`,
          retryAfterSeconds(response.headers.get('retry-after'), clock.now()),
        );
      }
      const answerHeaders = Object.fromEntries(response.headers.entries());
      return {
        request,
        status: response.status,
        bodyAsText: text,
        headers: {
          get: (name) => answerHeaders[name.toLowerCase()],
          toJson: () => answerHeaders,
        },
      };
    },
  };
  // The compat typings describe a richer request and response than the SDK actually uses;
  // this transport implements the part it calls (see the interfaces above).
  return transport as unknown as NonNullable<ConnectorClientOptions['httpClient']>;
}
