/** An expected outcome: a value, or a stable uppercase failure code (never an exception). */
export type Result<T> = { ok: true; value: T } | { ok: false; code: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(code: string): Result<T> {
  return { ok: false, code };
}
