import { type FileNameProblem, MAX_FILE_NAME_CHARS } from "../../schemas/api-errors";
import { formatForYear } from "../../schemas/formats";
import { DEPARTMENT_ID } from "../storage-layout";
import { type ApiResult, failure, ok } from "./results";

/**
 * The input of `POST /api/v1/uploads`, checked field by field before anything is signed: every refusal
 * names what is wrong. The file name becomes the last segment of an S3 key, so it is cleaned (trimmed,
 * NFC) and refused when it could name another place or cannot be shown (separators, `..`, control and
 * invisible characters, over 200 characters).
 */

export interface UploadRequest {
  year: number;
  fileName: string;
  size: number;
  /** Only an operator may name a department other than their own. */
  department?: string;
}

const FIELDS = new Set(["year", "fileName", "size", "department"]);
/** Longest file name kept (characters): leaves room in S3's 1,024-byte keys for the rest of the key. */
export const MAX_FILE_NAME = MAX_FILE_NAME_CHARS;
// Controls (C0, DEL, C1) and the format characters that reorder or hide text (bidi overrides, zero width).
const UNSHOWABLE = /[\p{Cc}\p{Cf}]/u;

/** A year a report can be filed for: one some format covers, and not after this year. */
export function checkYear(value: unknown, now: Date): ApiResult<number> {
  const year = typeof value === "string" && /^\d{4}$/.test(value) ? Number(value) : value;
  if (typeof year !== "number" || !Number.isInteger(year))
    return failure("request.invalid_year", String(value));
  if (!formatForYear(year) || year > now.getUTCFullYear())
    return failure("request.invalid_year", String(year));
  return ok(year);
}

export function cleanFileName(value: unknown): ApiResult<string> {
  const refuse = (problem: FileNameProblem) => failure("request.invalid_file_name", problem);
  if (typeof value !== "string") return refuse("not_text");
  const name = value.normalize("NFC").trim();
  if (!name) return refuse("empty");
  if ([...name].length > MAX_FILE_NAME) return refuse("too_long");
  if (UNSHOWABLE.test(name)) return refuse("unshowable");
  if (/[/\\]/.test(name)) return refuse("path_separator");
  if (name === "." || name === ".." || name.startsWith("..")) return refuse("relative_path");
  return ok(name);
}

/**
 * A JSON body's fields, refused when it is not an object, names a field not `allowed` (the first five
 * named), or lacks one of `required`.
 */
export function bodyFields(
  body: unknown,
  allowed: ReadonlySet<string>,
  required: readonly string[],
): ApiResult<Record<string, unknown>> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return failure("request.not_json");
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((field) => !allowed.has(field));
  if (unknown.length > 0)
    return failure("request.unknown_field", unknown.slice(0, 5).join(", ").slice(0, 200));
  for (const field of required) {
    if (fields[field] === undefined || fields[field] === null) return failure("request.missing_field", field);
  }
  return ok(fields);
}

/** The POST body → the request, or the first thing wrong with it. */
export function parseUploadRequest(
  body: unknown,
  now: Date,
  maxUploadBytes: number,
): ApiResult<UploadRequest> {
  const checked = bodyFields(body, FIELDS, ["year", "fileName", "size"]);
  if (!checked.ok) return checked;
  const fields = checked.value;
  const year = checkYear(fields.year, now);
  if (!year.ok) return year;
  const fileName = cleanFileName(fields.fileName);
  if (!fileName.ok) return fileName;
  const size = fields.size;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size <= 0)
    return failure("request.invalid_size");
  if (size > maxUploadBytes) return failure("upload.too_large", String(maxUploadBytes));
  const department = fields.department;
  if (department !== undefined && (typeof department !== "string" || !DEPARTMENT_ID.test(department))) {
    return failure("request.invalid_department");
  }
  return ok({
    year: year.value,
    fileName: fileName.value,
    size,
    ...(typeof department === "string" ? { department } : {}),
  });
}
