import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ServerEnv } from '../server-env.ts';

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A thin wrapper over `app.request` for tests: JSON in, parsed JSON out.
 * Bodies are typed by the caller; the tests assert on their contents anyway.
 */
export function apiClient(app: OpenAPIHono<ServerEnv>) {
  const call = async <T>(path: string, init: RequestInit = {}): Promise<ApiResponse<T>> => {
    const response = await app.request(path, init);
    const text = await response.text();
    const body = (text === '' ? undefined : JSON.parse(text)) as T;
    return { status: response.status, body, headers: response.headers };
  };

  return {
    /** Any method, e.g. `request(path, { method: 'DELETE' })`. */
    request: call,
    get: <T = Record<string, unknown>>(path: string) => call<T>(path),
    post: <T = Record<string, unknown>>(path: string, body: unknown) =>
      call<T>(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    /** For answers that are not JSON (a provider's webhook reply). */
    postRawText: async (path: string, body: string, headers: Record<string, string> = {}) => {
      const response = await app.request(path, { method: 'POST', headers, body });
      return { status: response.status, text: await response.text(), headers: response.headers };
    },
    postRaw: <T = Record<string, unknown>>(
      path: string,
      body: string,
      headers: Record<string, string> = {},
    ) => call<T>(path, { method: 'POST', headers, body }),
  };
}

/** The error body every failure carries. */
export interface ErrorBody {
  error: { code: string; message: string; details?: { issues?: { path: string }[] } };
}
