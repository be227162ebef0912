import { describe, expect, it } from 'vitest';
import { buildAnswerPayload, isAnswerPayload, readAnswerPayload } from './button-payload.ts';

describe('answer payloads', () => {
  it('builds the documented format', () => {
    expect(buildAnswerPayload({ tag: '7', questionId: 'l2-q1', value: 'b' })).toBe('ans:7:l2-q1:b');
  });

  it('reads back what it builds, even with a ":" in the question id', () => {
    const payload = { tag: '12', questionId: 'course:9/l2-q1', value: '4' };
    const built = buildAnswerPayload(payload);

    expect(built.split(':')).toHaveLength(4);
    expect(readAnswerPayload(built)).toEqual({ ok: true, value: payload });
  });

  it.each([
    'B',
    'ans:7:l2-q1',
    'ans:7:l2-q1:b:extra',
    'ans::l2-q1:b',
    'ans:7:%E0%A4%A:b',
    'x:7:q:b',
  ])('rejects "%s" with a message saying the expected shape or what is empty', (payload) => {
    const result = readAnswerPayload(payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(payload);
  });

  it('refuses to build a payload with an empty part', () => {
    expect(() => buildAnswerPayload({ tag: '', questionId: 'l2-q1', value: 'b' })).toThrow();
  });

  it('tells payload-shaped text from typed replies', () => {
    expect(isAnswerPayload('ans:7:l2-q1:b')).toBe(true);
    expect(isAnswerPayload('answer: b')).toBe(false);
  });
});
