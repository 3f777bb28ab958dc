import type { ApiError, ApiErrorCode } from "../../schemas/api-errors";

/** What a route answers: a value to send as JSON (with its status), or an API error as data. */
export type ApiResult<T = unknown> = { ok: true; status: number; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T, status = 200): ApiResult<T> => ({ ok: true, status, value });

export const failure = (code: ApiErrorCode, detail?: string): { ok: false; error: ApiError } => ({
  ok: false,
  error: { code, ...(detail !== undefined ? { detail } : {}) },
});
