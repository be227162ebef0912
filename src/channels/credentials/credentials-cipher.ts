/**
 * AES-256-GCM for credentials at rest. Each ciphertext has its own random 96-bit nonce and is
 * bound to its organization and channel as additional authenticated data, so a ciphertext
 * copied onto another organization's row fails to open instead of lending its secrets.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';
import type { CredentialsKey } from './credentials-key.ts';

const VERSION = 'v1';
const NONCE_BYTES = 12;

/** @example sealSecrets(key, 'org-id:sms', '{"authToken":"..."}') // 'v1.<nonce>.<tag>.<data>' */
export function sealSecrets(key: CredentialsKey, context: string, plaintext: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, nonce, tag, data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64')))
    .join('.');
}

export function openSecrets(
  key: CredentialsKey,
  context: string,
  sealed: string,
): Result<string, string> {
  const [version, nonce, tag, data] = sealed.split('.');
  if (version !== VERSION || nonce === undefined || tag === undefined || data === undefined) {
    return err('the stored ciphertext is not in a format this version of Inflow reads');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(nonce, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plaintext = Buffer.concat([
      decipher.update(Buffer.from(data, 'base64')),
      decipher.final(),
    ]);
    return ok(plaintext.toString('utf8'));
  } catch {
    return err('the ciphertext does not open with this key (a different key, or altered data)');
  }
}
