import { annotatedName } from "../core/annotate/annotated-name";
import { ANNOTATED_CONTENT_TYPE } from "../storage-layout";
import { findUpload } from "./find-upload";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, Download, failure, ok } from "./results";

/**
 * `GET /api/v1/uploads/{id}/annotated`: the rejected workbook with every finding marked, as the
 * pipeline made and kept it (`annotated/{department}/{year}/{order}.xlsx`) — the same file the rejection
 * mail attaches. Found as `GET /uploads/{id}` finds the upload (by `uploadId`, or by `order` and
 * `?year=Y` in the caller's department's log), so another department's is refused and nothing of it read.
 */
export async function annotatedCopy(
  ports: ApiPorts,
  caller: SignedIn,
  id: string,
  query: Record<string, string>,
): Promise<ApiResult<Download>> {
  const found = await findUpload(ports, caller, id, query);
  if (!found.ok) return found;
  const { issued, record } = found.value;
  if (!record?.annotatedKey) return failure("upload.no_annotated_copy");
  const bytes = await ports.objects.readObject(record.annotatedKey);
  if (!bytes) return failure("upload.no_annotated_copy");
  return ok(new Download(bytes, ANNOTATED_CONTENT_TYPE, annotatedName(issued?.fileName ?? record.fileName)));
}
