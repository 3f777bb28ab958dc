import type { ApiError, ApiErrorCode } from "../../schemas/api-errors";

/** What a route answers: a value to send as JSON (with its status), or an API error as data. */
export type ApiResult<T = unknown> = { ok: true; status: number; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T, status = 200): ApiResult<T> => ({ ok: true, status, value });

export const failure = (code: ApiErrorCode, detail?: string): { ok: false; error: ApiError } => ({
  ok: false,
  error: { code, ...(detail !== undefined ? { detail } : {}) },
});

/** A file sent as it is rather than as JSON: its bytes, its type and the name to save it under. */
export class Download {
  constructor(
    readonly bytes: Uint8Array,
    readonly contentType: string,
    readonly fileName: string,
  ) {}
}
