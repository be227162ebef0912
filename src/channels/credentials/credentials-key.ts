/**
 * The key that encrypts channel credentials at rest: 32 random bytes given in the environment
 * variable INFLOW_CREDENTIALS_KEY, as base64 (44 characters) or hex (64 characters).
 * Generate one with `openssl rand -base64 32`.
 */
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';

export const CREDENTIALS_KEY_VARIABLE = 'INFLOW_CREDENTIALS_KEY';

export interface CredentialsKey {
  bytes: Buffer;
  /** A short fingerprint stored beside each ciphertext, to say which key it needs. */
  id: string;
}

const KEY_BYTES = 32;

/**
 * @example parseCredentialsKey(randomBytes(32).toString('base64')) // { ok: true, value: {...} }
 */
export function parseCredentialsKey(text: string): Result<CredentialsKey, string> {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/]{43}=?$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : null;
  if (bytes === null || bytes.length !== KEY_BYTES) {
    return err(
      `${CREDENTIALS_KEY_VARIABLE} must be 32 bytes as base64 (44 characters) or hex ` +
        '(64 characters); generate one with `openssl rand -base64 32`',
    );
  }
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  return ok({ bytes, id });
}

/** Thrown when credentials must be read or written and no key was configured. */
export class CredentialsKeyMissingError extends Error {
  constructor(action: string) {
    super(
      `Cannot ${action}: ${CREDENTIALS_KEY_VARIABLE} is not set. Channel credentials are ` +
        'encrypted at rest with it; set it to 32 random bytes (`openssl rand -base64 32`) ' +
        'in the environment of every Inflow process, the same value everywhere.',
    );
    this.name = 'CredentialsKeyMissingError';
  }
}
