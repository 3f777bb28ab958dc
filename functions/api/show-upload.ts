import { readPublishedNow } from "../ingest/published-now";
import { findUpload } from "./find-upload";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, ok } from "./results";
import { detail, type UploadDetail } from "./upload-view";

/**
 * `GET /api/v1/uploads/{id}`: one upload with its status, findings, diagnosis and report link — a desk
 * upload by its `uploadId`, or any upload of the department's log by its `order` and `?year=Y`
 * (`find-upload.ts`), beside what is published now (the CURRENT pointer and the season record, each read
 * by key). Another department's upload answers 403 or 404 with nothing of it in the body.
 */
export async function showUpload(
  ports: ApiPorts,
  caller: SignedIn,
  id: string,
  query: Record<string, string>,
): Promise<ApiResult<UploadDetail>> {
  const found = await findUpload(ports, caller, id, query);
  if (!found.ok) return found;
  const upload = found.value;
  const now = await readPublishedNow(ports.publishing, upload.department, upload.year);
  return ok(detail(upload, now, ports.settings.feedBaseUrl, ports.clock.now()));
}
