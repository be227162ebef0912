import { describe, expect, it } from 'vitest';
import { signLinkToken, verifyLinkToken, type LinkClaims } from './link-token.ts';

const KEY = 'test-link-key-0123456789-abcdefghijklmnop';
const OTHER_KEY = 'another-link-key-0123456789-abcdefghijklm';
const NOW = new Date('2026-03-02T10:00:00Z');
const PAGE: LinkClaims = {
  purpose: 'page',
  subjectId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  expiresAt: new Date('2026-03-09T10:00:00Z'),
};

describe('signed link tokens', () => {
  it('gives back exactly what was signed, with a token short enough for an SMS', () => {
    const token = signLinkToken(PAGE, KEY);

    expect(verifyLinkToken(token, KEY, 'page', NOW)).toEqual({ ok: true, value: PAGE });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(token).toHaveLength(53);
  });

  it('carries a detail such as an answer payload, unicode included', () => {
    const claims: LinkClaims = { ...PAGE, purpose: 'email-answer', detail: 'ans:3:l1-q1:b·é' };

    const verified = verifyLinkToken(signLinkToken(claims, KEY), KEY, 'email-answer', NOW);

    expect(verified).toEqual({ ok: true, value: claims });
  });

  it('refuses a token signed with another key', () => {
    const token = signLinkToken(PAGE, OTHER_KEY);

    expect(verifyLinkToken(token, KEY, 'page', NOW)).toMatchObject({
      ok: false,
      error: { kind: 'bad_signature' },
    });
  });

  it.each([
    ['a flipped character in the body', (token: string) => flip(token, 3)],
    ['a flipped character in the signature', (token: string) => flip(token, token.length - 2)],
    ['a cut signature', (token: string) => token.slice(0, -4)],
    ['no signature', (token: string) => token.split('.')[0] ?? ''],
    ['a second dot', (token: string) => `${token}.x`],
    ['characters outside base64url', (token: string) => token.replace(/^./, '%')],
    ['an empty token', () => ''],
  ])('refuses %s', (_label, tamper) => {
    const verified = verifyLinkToken(tamper(signLinkToken(PAGE, KEY)), KEY, 'page', NOW);

    expect(verified.ok).toBe(false);
    if (!verified.ok) expect(['malformed', 'bad_signature']).toContain(verified.error.kind);
  });

  it('refuses a token whose expiry was pushed later by editing its bytes', () => {
    const token = signLinkToken(PAGE, KEY);
    const [body, mac] = token.split('.') as [string, string];
    const bytes = Buffer.from(body, 'base64url');
    bytes.writeUInt32BE(bytes.readUInt32BE(2) + 365 * 86400, 2);

    const verified = verifyLinkToken(`${bytes.toString('base64url')}.${mac}`, KEY, 'page', NOW);

    expect(verified).toMatchObject({ ok: false, error: { kind: 'bad_signature' } });
  });

  it('refuses a stale token from the second it expires, and says when that was', () => {
    const token = signLinkToken(PAGE, KEY);

    const lastSecond = verifyLinkToken(token, KEY, 'page', new Date('2026-03-09T09:59:59Z'));
    const atExpiry = verifyLinkToken(token, KEY, 'page', PAGE.expiresAt);

    expect(lastSecond.ok).toBe(true);
    expect(atExpiry).toEqual({
      ok: false,
      error: { kind: 'expired', reason: 'the link has expired', expiredAt: PAGE.expiresAt },
    });
  });

  it('refuses a genuine token used for another purpose (an answer link as a page)', () => {
    const answer = signLinkToken({ ...PAGE, purpose: 'email-answer', detail: 'ans:1:q:a' }, KEY);

    expect(verifyLinkToken(answer, KEY, ['page', 'feed'], NOW)).toMatchObject({
      ok: false,
      error: { kind: 'wrong_purpose' },
    });
  });

  it('checks the signature before the expiry, so a forged stale token is not called stale', () => {
    const forged = flip(signLinkToken(PAGE, KEY), 8);

    const verified = verifyLinkToken(forged, KEY, 'page', new Date('2027-01-01T00:00:00Z'));

    expect(verified).toMatchObject({ ok: false, error: { kind: 'bad_signature' } });
  });

  it('will not sign or check with a key shorter than 32 characters', () => {
    expect(() => signLinkToken(PAGE, 'short')).toThrow(/at least 32 characters/);
    expect(() => verifyLinkToken('a.b', 'short', 'page', NOW)).toThrow(/at least 32/);
  });
});

function flip(token: string, index: number): string {
  const character = token[index];
  const replacement = character === 'A' ? 'B' : 'A';
  return `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
}
