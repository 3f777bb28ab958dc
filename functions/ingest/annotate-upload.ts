import { FORMATS } from "../../schemas/formats";
import { type Annotated, annotateWorkbook } from "../core/annotate/annotate-workbook";
import type { AnnotationObjects, AnnotationRequest, AnnotationResult } from "./annotator";

/**
 * The annotate use case: the kept original read, its findings marked by the core, the copy kept where the
 * request says (what `GET /api/v1/uploads/{id}/annotated` serves and the rejection mail attaches). The
 * annotate function's handler and the in-process annotator both run exactly this.
 */
export async function annotateUpload(
  objects: AnnotationObjects,
  request: AnnotationRequest,
): Promise<AnnotationResult> {
  const bytes = await objects.readObject(request.originalKey);
  // Kept before the upload was validated: gone now means the store failed, not the clerk.
  if (!bytes) throw new Error(`the original ${request.originalKey} is not there to annotate`);
  const format = FORMATS.find((candidate) => candidate.id === request.format) ?? null;
  let annotated: Annotated;
  try {
    annotated = await annotateWorkbook(bytes, {
      findings: request.findings,
      diagnosis: request.diagnosis,
      format,
      fileName: request.fileName,
    });
  } catch {
    annotated = {
      ok: false,
      reason: {
        zh: "本邮件未附标注副本：生成副本时出错。请按下面列出的单元格逐一修改。",
        en: "No annotated copy is attached: making it failed. Use the cells listed below.",
      },
    };
  }
  if (!annotated.ok) return { ok: false, reason: annotated.reason };
  await objects.keepAnnotated(request.key, annotated.bytes);
  return { ok: true, key: request.key, fileName: annotated.fileName, converted: annotated.converted };
}
