/**
 * Signed, expiring tokens for links a learner opens: a lesson's web page, their web feed, an
 * email's one-click answer. A token says what it is for, whom or what it names and until
 * when; an HMAC-SHA256 over all of that, with a key from configuration, makes it unforgeable.
 *
 * The layout is binary rather than JSON because these links go into SMS, where every
 * character is paid for: a page token is 53 characters.
 *
 *   base64url(version | purpose | expiry (uint32 seconds) | subject uuid | detail) "."
 *   base64url(first 16 bytes of HMAC-SHA256(key, DOMAIN | the same bytes))
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';

export const LINK_PURPOSES = [
  'lesson',
  'page',
  'feed',
  'email-answer',
  'email-reply',
  'email-unsubscribe',
] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface LinkClaims {
  purpose: LinkPurpose;
  /** A delivery, page or learner id. */
  subjectId: string;
  /** Purpose-specific text: an answer payload, a question tag. */
  detail?: string;
  expiresAt: Date;
}

export type LinkTokenFailure =
  | { kind: 'malformed' | 'bad_signature' | 'wrong_purpose'; reason: string }
  | { kind: 'expired'; reason: string; expiredAt: Date };

/** Keys shorter than this are refused: an HMAC key should carry at least 256 bits. */
export const MIN_LINK_KEY_LENGTH = 32;

const VERSION = 1;
const MAC_BYTES = 16;
const HEADER_BYTES = 1 + 1 + 4 + 16;
const DOMAIN = 'inflow-link-token\0';
const MAX_DETAIL_BYTES = 512;

/**
 * @example signLinkToken({ purpose: 'page', subjectId: page.id, expiresAt }, key)
 *   // 'AQFnq...Q.Xk3...'
 */
export function signLinkToken(claims: LinkClaims, key: string): string {
  assertUsableKey(key);
  const detail = Buffer.from(claims.detail ?? '', 'utf8');
  if (detail.length > MAX_DETAIL_BYTES) {
    throw new Error(`A link token's detail is limited to ${MAX_DETAIL_BYTES} bytes`);
  }
  const expiry = Math.floor(claims.expiresAt.getTime() / 1000);
  if (!Number.isInteger(expiry) || expiry < 0 || expiry > 0xffffffff) {
    throw new Error(`A link token cannot expire at ${claims.expiresAt.toISOString()}`);
  }

  const body = Buffer.alloc(HEADER_BYTES + detail.length);
  body.writeUInt8(VERSION, 0);
  body.writeUInt8(LINK_PURPOSES.indexOf(claims.purpose) + 1, 1);
  body.writeUInt32BE(expiry, 2);
  uuidBytes(claims.subjectId).copy(body, 6);
  detail.copy(body, HEADER_BYTES);
  return `${body.toString('base64url')}.${mac(body, key).toString('base64url')}`;
}

/**
 * Checks a token's signature first, then what it is for, then its expiry: a forged or cut
 * token is never told apart from another by what it claims.
 */
export function verifyLinkToken(
  token: string,
  key: string,
  expected: LinkPurpose | readonly LinkPurpose[],
  now: Date,
): Result<LinkClaims, LinkTokenFailure> {
  assertUsableKey(key);
  const [encodedBody, encodedMac, ...rest] = token.split('.');
  if (!encodedBody || !encodedMac || rest.length > 0 || !isBase64Url(token.replace('.', ''))) {
    return err({ kind: 'malformed', reason: 'the link is incomplete or was changed' });
  }
  const body = Buffer.from(encodedBody, 'base64url');
  const given = Buffer.from(encodedMac, 'base64url');
  if (body.length < HEADER_BYTES || given.length !== MAC_BYTES || body.readUInt8(0) !== VERSION) {
    return err({ kind: 'malformed', reason: 'the link is incomplete or was changed' });
  }
  if (!timingSafeEqual(given, mac(body, key))) {
    return err({
      kind: 'bad_signature',
      reason: 'the link was not issued by Inflow or was changed',
    });
  }

  const purpose = LINK_PURPOSES[body.readUInt8(1) - 1];
  const allowed: readonly LinkPurpose[] = typeof expected === 'string' ? [expected] : expected;
  if (!purpose || !allowed.includes(purpose)) {
    return err({ kind: 'wrong_purpose', reason: 'the link is not meant for this page' });
  }
  const expiresAt = new Date(body.readUInt32BE(2) * 1000);
  if (now.getTime() >= expiresAt.getTime()) {
    return err({ kind: 'expired', reason: 'the link has expired', expiredAt: expiresAt });
  }

  const detail = body.subarray(HEADER_BYTES).toString('utf8');
  const subjectId = uuidText(body.subarray(6, HEADER_BYTES));
  return ok(
    detail === '' ? { purpose, subjectId, expiresAt } : { purpose, subjectId, detail, expiresAt },
  );
}

function mac(body: Buffer, key: string): Buffer {
  return createHmac('sha256', key).update(DOMAIN).update(body).digest().subarray(0, MAC_BYTES);
}

function assertUsableKey(key: string): void {
  if (key.length < MIN_LINK_KEY_LENGTH) {
    throw new Error(
      `The link signing key must be at least ${MIN_LINK_KEY_LENGTH} characters; ` +
        'generate one with `openssl rand -base64 48`',
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error(`A link token names a uuid, not "${id}"`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  const parts = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return [...parts, hex.slice(20)].join('-');
}

function isBase64Url(text: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(text);
}
