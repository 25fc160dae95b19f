import { ERRORS, type ErrorCode } from '@/rules/errors';

/**
 * An error the API answers with `{error: {code, message}}`. Status and message default to the shared
 * catalogue in src/rules/errors.ts so the app and the server speak the same codes.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode | string,
    opts: { status?: number; message?: string; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    const known = (ERRORS as Record<string, { status: number; message: string }>)[code];
    super(opts.message ?? known?.message ?? code);
    this.code = code;
    this.status = opts.status ?? known?.status ?? 400;
    this.details = opts.details;
    this.headers = opts.headers;
  }

  /** The answer's body: `{error: {code, message, details?}}`, the one envelope of every API error. */
  toBody(): { error: { code: string; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/**
 * Turns a failed rule into a 422: `code` is the field's stable code (e.g. ID_NUMBER_INVALID), the
 * rule's own code (e.g. ID_NUMBER_CHECKSUM) goes in `details.reason`, the message is the rule's.
 */
export function ruleError(code: ErrorCode, field: string, failure: { code: string; message: string }): ApiError {
  return new ApiError(code, { status: 422, message: failure.message, details: { field, reason: failure.code } });
}
