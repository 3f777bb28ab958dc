import { UPLOAD_ID } from "../storage-layout";
import { maySee } from "./caller";
import type { ApiPorts, SignedIn } from "./ports";
import { readPublishedNow } from "./published-now";
import { type ApiResult, failure, ok } from "./results";
import { detail, latestByKey, type UploadDetail } from "./upload-view";

/**
 * `GET /api/v1/uploads/{uploadId}`: one upload with its status, findings, diagnosis and report link. Found
 * by its id (one read), then its department's year in the upload log (a query by key) beside what is
 * published now (the CURRENT pointer and the season record, each read by key). Another
 * department's upload answers 403 with nothing of it in the body.
 */
export async function showUpload(
  ports: ApiPorts,
  caller: SignedIn,
  uploadId: string,
): Promise<ApiResult<UploadDetail>> {
  if (!UPLOAD_ID.test(uploadId)) return failure("upload.not_found");
  const issued = await ports.issued.get(uploadId);
  if (!issued) return failure("upload.not_found");
  if (!maySee(caller, issued.department)) return failure("upload.other_department");
  const [records, now] = await Promise.all([
    ports.uploads.listYear(issued.department, issued.year),
    readPublishedNow(ports, issued.department, issued.year),
  ]);
  const record = latestByKey(records.filter((item) => item.key === issued.key)).get(issued.key) ?? null;
  return ok(detail(issued, record, now, ports.settings.feedBaseUrl));
}
