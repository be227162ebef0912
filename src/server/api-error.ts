/**
 * The one error type of the HTTP edge. Routes throw it; the central handler in
 * error-handler.ts turns it into a status code and a JSON body. Domain code never sees it:
 * engines return Results, and the route decides what an outcome means over HTTP.
 */

export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_request: 400,
  webhook_rejected: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  internal: 500,
  not_ready: 503,
  /** Channel credentials are stored but this server cannot read them (key missing or other). */
  credentials_unreadable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** Where a request value was wrong, e.g. `{ path: 'body.email', message: '...' }`. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: ErrorStatus;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Members added beside `error` in the body, e.g. the `rows` of a rejected roster. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }
}

/** A 400 listing every field at fault, in the same shape as the schema validation's. */
export function invalidFields(issues: readonly FieldIssue[]): ApiError {
  const where = issues.map((issue) => issue.path).join(', ');
  return new ApiError('validation_failed', `Invalid request: check ${where}`, { issues });
}
