import type { Department } from "../ingest/ports";
import { parseUploadKey, UPLOAD_ID } from "../storage-layout";
import { departmentYear, maySee } from "./caller";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, failure, ok } from "./results";
import { type KnownUpload, latestByKey } from "./upload-view";

/**
 * The upload `GET /api/v1/uploads/{id}` (and its `/annotated`) names, for the caller. Two ways to name one:
 * - a desk upload's `uploadId` (no query): the issued upload read by id, whose department decides who may
 *   see it (another's answers 403), then its key's latest record in the year's upload log;
 * - any upload of the caller's department's log, the bulk path's included, by its record's `order` and
 *   `?year=Y` (an operator may add `&department=D`): the department comes from the signed-in identity, so
 *   an order of another department's upload finds nothing (404), and it is one read by key.
 * No scan either way: items read by key and one query of one department's year.
 */

/** How S3's order of an upload is spelled (`s3Order`: 15 digits of milliseconds, the 32-digit sequencer). */
export const UPLOAD_ORDER = /^\d{15}-[0-9A-F]{32}$/;

export type FoundUpload = KnownUpload & { department: string; year: number };

export async function findUpload(
  ports: ApiPorts,
  caller: SignedIn,
  id: string,
  query: Record<string, string>,
): Promise<ApiResult<FoundUpload>> {
  if (UPLOAD_ID.test(id)) {
    const unknown = Object.keys(query);
    if (unknown.length > 0)
      return failure("request.unknown_field", unknown.slice(0, 5).join(", ").slice(0, 200));
    return issuedUpload(ports, caller, id);
  }
  if (!UPLOAD_ORDER.test(id)) return failure("upload.not_found");
  const asked = await departmentYear(ports, caller, query);
  if (!asked.ok) return asked;
  return loggedUpload(ports, asked.value.department, asked.value.year, id);
}

async function issuedUpload(
  ports: ApiPorts,
  caller: SignedIn,
  uploadId: string,
): Promise<ApiResult<FoundUpload>> {
  const issued = await ports.issued.get(uploadId);
  if (!issued) return failure("upload.not_found");
  if (!maySee(caller, issued.department)) return failure("upload.other_department");
  const records = await ports.uploads.listYear(issued.department, issued.year);
  const record = latestByKey(records.filter((item) => item.key === issued.key)).get(issued.key) ?? null;
  return ok({ issued, record, department: issued.department, year: issued.year });
}

async function loggedUpload(
  ports: ApiPorts,
  department: Department,
  year: number,
  order: string,
): Promise<ApiResult<FoundUpload>> {
  const record = await ports.uploads.get(department.id, year, order);
  if (!record) return failure("upload.not_found");
  // A desk upload named by its order is shown as by its id: with when it was issued.
  const uploadId = parseUploadKey(record.key)?.uploadId;
  const issued = uploadId ? await ports.issued.get(uploadId) : null;
  return ok({
    issued: issued?.key === record.key ? issued : null,
    record,
    department: department.id,
    year,
  });
}
