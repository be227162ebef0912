/**
 * Meta signs every webhook POST with `X-Hub-Signature-256: sha256=<hex>`, an HMAC-SHA256 of
 * the exact bytes of the body keyed with the app secret. The verification GET is not signed
 * (pitfall WA-02), so only POSTs go through this check.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';

const PREFIX = 'sha256=';

/** The header value Meta would send for this body. */
export function signWhatsAppBody(rawBody: string, appSecret: string): string {
  return PREFIX + createHmac('sha256', appSecret).update(rawBody, 'utf8').digest('hex');
}

/**
 * Whether the signature header matches the body; the error says what was wrong.
 * @example verifyWhatsAppSignature(body, request.headers['x-hub-signature-256'], secret)
 */
export function verifyWhatsAppSignature(
  rawBody: string,
  header: string | undefined,
  appSecret: string,
): Result<true, string> {
  if (!header) return err('X-Hub-Signature-256 header is missing');
  if (!header.startsWith(PREFIX)) return err('X-Hub-Signature-256 does not start with sha256=');

  const expected = Buffer.from(signWhatsAppBody(rawBody, appSecret));
  const given = Buffer.from(header.trim().toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return err('X-Hub-Signature-256 does not match the body signed with the app secret');
  }
  return ok(true);
}

/** Compares two secrets without leaking through timing how much of them matched. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
