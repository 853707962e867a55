/**
 * An expected outcome: a value, or a stable uppercase failure code (never an exception). C is
 * the union of the codes a function can return, so the compiler checks what its doc promises.
 */
export type Result<T, C extends string = string> = { ok: true; value: T } | { ok: false; code: C };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<C extends string>(code: C): { ok: false; code: C } {
  return { ok: false, code };
}
