import { describe, expect, it } from 'vitest';
import { signWhatsAppBody, verifyWhatsAppSignature } from './whatsapp-signature.ts';

const SECRET = 'fake-app-secret-01';
const BODY = '{"object":"whatsapp_business_account","entry":[]}';
/** Computed with `openssl dgst -sha256 -hmac fake-app-secret-01` over the exact bytes. */
const BODY_SIGNATURE = 'sha256=a85c8c479570a67df8f0d9a0b1a66567ade1efab1e17a0e2464e3e375adb577f';
const UNICODE_BODY =
  '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}],"note":"café ☕"}';
const UNICODE_SIGNATURE = 'sha256=862a72cfe6d450615c58470d81ce519b5e72d6de8d2f53f24063e9ea41694a08';

describe('X-Hub-Signature-256', () => {
  it.each([
    ['an ASCII body', BODY, BODY_SIGNATURE],
    ['a body with accents and emoji (signed as UTF-8 bytes)', UNICODE_BODY, UNICODE_SIGNATURE],
  ])('matches the known vector for %s', (_case, body, signature) => {
    expect(signWhatsAppBody(body, SECRET)).toBe(signature);
    expect(verifyWhatsAppSignature(body, signature, SECRET)).toEqual({ ok: true, value: true });
  });

  it('accepts the hex digest in upper case', () => {
    const upper = `sha256=${BODY_SIGNATURE.slice('sha256='.length).toUpperCase()}`;

    expect(verifyWhatsAppSignature(BODY, upper, SECRET).ok).toBe(true);
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['without the sha256= prefix', BODY_SIGNATURE.slice(7), 'does not start with sha256='],
    ['the old SHA-1 header format', 'sha1=0123456789abcdef0123456789abcdef01234567', 'sha256='],
    ['for another body', signWhatsAppBody(`${BODY} `, SECRET), 'does not match'],
    ['made with another secret', signWhatsAppBody(BODY, 'another-secret'), 'does not match'],
    ['truncated', BODY_SIGNATURE.slice(0, -2), 'does not match'],
  ])('refuses a signature that is %s', (_case, header, reason) => {
    const result = verifyWhatsAppSignature(BODY, header, SECRET);

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(reason);
  });
});
