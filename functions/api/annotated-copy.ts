import { annotatedName } from "../core/annotate/annotated-name";
import { ANNOTATED_CONTENT_TYPE, UPLOAD_ID } from "../storage-layout";
import { maySee } from "./caller";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, Download, failure, ok } from "./results";
import { latestByKey } from "./upload-view";

/**
 * `GET /api/v1/uploads/{uploadId}/annotated`: the rejected workbook with every finding marked, as the
 * pipeline made and kept it (`annotated/{department}/{year}/{order}.xlsx`) — the same file the rejection
 * mail attaches. Found as `GET /uploads/{uploadId}` finds the upload, so another department's answers 403
 * and nothing of it is read.
 */
export async function annotatedCopy(
  ports: ApiPorts,
  caller: SignedIn,
  uploadId: string,
): Promise<ApiResult<Download>> {
  if (!UPLOAD_ID.test(uploadId)) return failure("upload.not_found");
  const issued = await ports.issued.get(uploadId);
  if (!issued) return failure("upload.not_found");
  if (!maySee(caller, issued.department)) return failure("upload.other_department");
  const records = await ports.uploads.listYear(issued.department, issued.year);
  const record = latestByKey(records.filter((item) => item.key === issued.key)).get(issued.key);
  if (!record?.annotatedKey) return failure("upload.no_annotated_copy");
  const bytes = await ports.objects.readObject(record.annotatedKey);
  if (!bytes) return failure("upload.no_annotated_copy");
  return ok(new Download(bytes, ANNOTATED_CONTENT_TYPE, annotatedName(issued.fileName)));
}
