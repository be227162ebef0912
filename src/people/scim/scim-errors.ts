/**
 * SCIM errors as values (RFC 7644 §3.12): the status, the scimType the RFC names for the
 * case, and a detail that tells the identity provider's administrator what to fix.
 */
import { SCHEMA } from './scim-schema.ts';

export type ScimErrorType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export type ScimErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 500 | 501;

export interface ScimError {
  status: ScimErrorStatus;
  scimType?: ScimErrorType;
  detail: string;
}

export const badRequest = (scimType: ScimErrorType, detail: string): ScimError => ({
  status: 400,
  scimType,
  detail,
});

export const notFound = (detail: string): ScimError => ({ status: 404, detail });

export const conflict = (detail: string): ScimError => ({
  status: 409,
  scimType: 'uniqueness',
  detail,
});

/** The JSON body of an error response; `status` is a string, as RFC 7644 §3.12 shows it. */
export function scimErrorBody(error: ScimError): Record<string, unknown> {
  return {
    schemas: [SCHEMA.error],
    status: String(error.status),
    ...(error.scimType === undefined ? {} : { scimType: error.scimType }),
    detail: error.detail,
  };
}
