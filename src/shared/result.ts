/**
 * The one Result shape of the project: expected outcomes (a parse, a check, a send, an import
 * row) are values, never exceptions. Programmer errors still throw.
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
