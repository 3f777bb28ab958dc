import { actingDepartment } from "./caller";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, failure, ok } from "./results";
import { checkYear } from "./upload-request";
import { latestByKey, summary, type UploadSummary } from "./upload-view";

const QUERY = new Set(["year", "department"]);

/**
 * `GET /api/v1/uploads?year=Y`: the department's uploads of the year, newest first — the ones the desk
 * issued (pending until S3 has the file) and those of the operators' bulk path. Two queries by key (the
 * issued uploads and the upload log of one department and year), never a scan.
 */
export async function listUploads(
  ports: ApiPorts,
  caller: SignedIn,
  query: Record<string, string>,
): Promise<ApiResult<{ year: number; uploads: UploadSummary[] }>> {
  const unknown = Object.keys(query).filter((name) => !QUERY.has(name));
  if (unknown.length > 0)
    return failure("request.unknown_field", unknown.slice(0, 5).join(", ").slice(0, 200));
  if (query.year === undefined) return failure("request.missing_field", "year");
  const year = checkYear(query.year, ports.clock.now());
  if (!year.ok) return year;
  const department = await actingDepartment(ports, caller, query.department);
  if (!department.ok) return department;
  const [issued, records] = await Promise.all([
    ports.issued.list(department.value.id, year.value),
    ports.uploads.listYear(department.value.id, year.value),
  ]);
  const latest = latestByKey(records);
  const issuedKeys = new Set(issued.map((upload) => upload.key));
  const uploads = [
    ...issued.map((upload) => summary(upload, latest.get(upload.key) ?? null)),
    ...records.filter((record) => !issuedKeys.has(record.key)).map((record) => summary(null, record)),
  ].sort((a, b) => newest(b).localeCompare(newest(a)));
  return ok({ year: year.value, uploads });
}

/** When the desk issued it (milliseconds), else when S3 received it (S3 keeps whole seconds). */
const newest = (upload: UploadSummary) => upload.issuedAt ?? upload.uploadedAt ?? "";
