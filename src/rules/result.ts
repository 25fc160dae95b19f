/**
 * The one return shape of every rule: either the normalised value, or a stable UPPER_SNAKE code plus a
 * Simplified Chinese message that tells a worker what is wrong and how to fix it.
 */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** The failure half of {@link RuleResult}. */
export type RuleFailure = Extract<RuleResult<never>, { ok: false }>;

/** Wraps a value as a success. */
export function ok<T>(value: T): RuleResult<T> {
  return { ok: true, value };
}

/** Builds a failure; `code` must be listed in `errors.ts` so the API and the app agree on it. */
export function fail(code: string, message: string): RuleFailure {
  return { ok: false, code, message };
}
