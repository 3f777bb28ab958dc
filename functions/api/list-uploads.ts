import { readPublishedNow } from "../ingest/published-now";
import { departmentYear } from "./caller";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, ok } from "./results";
import { latestByKey, summary, type UploadSummary } from "./upload-view";

/**
 * `GET /api/v1/uploads?year=Y`: the department's uploads of the year, newest first — the ones the desk
 * issued (pending until S3 has the file, expired once it can no longer come) and those of the operators' bulk path, each shown against what
 * is published now. Two queries by key (the issued uploads and the upload log of one department and year)
 * and two items read by key (the CURRENT pointer and the season record), never a scan.
 */
export async function listUploads(
  ports: ApiPorts,
  caller: SignedIn,
  query: Record<string, string>,
): Promise<ApiResult<{ year: number; uploads: UploadSummary[] }>> {
  const asked = await departmentYear(ports, caller, query);
  if (!asked.ok) return asked;
  const { year, department } = asked.value;
  const [issued, records, now] = await Promise.all([
    ports.issued.list(department.id, year),
    ports.uploads.listYear(department.id, year),
    readPublishedNow(ports.publishing, department.id, year),
  ]);
  const latest = latestByKey(records);
  const at = ports.clock.now();
  const issuedKeys = new Set(issued.map((upload) => upload.key));
  const uploads = [
    ...issued.map((upload) => summary(upload, latest.get(upload.key) ?? null, now, at)),
    ...records
      .filter((record) => !issuedKeys.has(record.key))
      .map((record) => summary(null, record, now, at)),
  ].sort((a, b) => newest(b).localeCompare(newest(a)));
  return ok({ year, uploads });
}

/** When the desk issued it (milliseconds), else when S3 received it (S3 keeps whole seconds). */
const newest = (upload: UploadSummary) => upload.issuedAt ?? upload.uploadedAt ?? "";
