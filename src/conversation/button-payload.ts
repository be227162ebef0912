/**
 * The payload a button carries back when tapped: `ans:<tag>:<questionId>:<value>`, where
 * value is an option key ("b") or a confidence rating ("4"). Each part is URI-encoded, so a
 * question id may contain ":" without breaking the format.
 *
 * The tag routes the answer to the prompt; the question id guards against a stale button
 * whose tag has since been given to another question. Answers are graded on the payload only,
 * never on the button's label, which channels localise and truncate.
 */
import { err, ok, type Result } from '../shared/result.ts';

export interface AnswerPayload {
  tag: string;
  questionId: string;
  value: string;
}

const PREFIX = 'ans';
const SEPARATOR = ':';

/**
 * @example buildAnswerPayload({ tag: '7', questionId: 'l2-q1', value: 'b' }) // 'ans:7:l2-q1:b'
 */
export function buildAnswerPayload(payload: AnswerPayload): string {
  const parts = [payload.tag, payload.questionId, payload.value];
  if (parts.some((part) => part === '')) {
    throw new Error(`An answer payload needs a tag, a question id and a value: ${parts}`);
  }
  return [PREFIX, ...parts.map(encodeURIComponent)].join(SEPARATOR);
}

/** Whether a text is shaped like an answer payload at all (and should be read as one). */
export function isAnswerPayload(text: string): boolean {
  return text.trim().startsWith(`${PREFIX}${SEPARATOR}`);
}

/** Reads a payload built by buildAnswerPayload; anything else is an error saying what is wrong. */
export function readAnswerPayload(payload: string): Result<AnswerPayload, string> {
  const parts = payload.trim().split(SEPARATOR);
  if (parts[0] !== PREFIX || parts.length !== 4) {
    return err(`"${payload}" is not an answer payload (expected ans:<tag>:<questionId>:<value>).`);
  }

  const decoded = parts.slice(1).map(decodeOrNull);
  const [tag, questionId, value] = decoded;
  if (!tag || !questionId || !value) {
    return err(`"${payload}" has an empty or badly encoded tag, question id or value.`);
  }
  return ok({ tag, questionId, value });
}

function decodeOrNull(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
