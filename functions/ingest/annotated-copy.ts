import { FORMATS } from "../../schemas/formats";
import type { Annotated } from "../core/annotate/annotate-workbook";
import type { AnnotatedCopy } from "../core/mail";
import type { Validation } from "../core/validate";
import { ANNOTATED_CONTENT_TYPE, annotatedKey } from "../storage-layout";
import type { IngestPorts, MailAttachment, UploadRecord } from "./ports";

/**
 * A rejected upload's annotated copy: made by the core, kept beside the original (`annotated/…`, what
 * `GET /api/v1/uploads/{id}/annotated` will serve) and attached to the rejection mail.
 */
export interface AnnotatedOutcome {
  /** What the mail says of it (absent: nothing to mark, nothing said). */
  copy?: AnnotatedCopy;
  attachment?: MailAttachment;
  key: string | null;
}

export async function keepAnnotatedCopy(
  ports: IngestPorts,
  record: UploadRecord,
  bytes: Uint8Array,
  validation: Validation,
): Promise<AnnotatedOutcome> {
  const marked =
    validation.findings.some((finding) => finding.cell !== null) || validation.diagnosis !== null;
  if (!validation.readable || !marked) return { key: null };
  const format = FORMATS.find((candidate) => candidate.id === validation.format) ?? null;
  let annotated: Annotated;
  try {
    // Loaded on the first rejection only: ExcelJS is large, and a cold start that publishes never needs it.
    const { annotateWorkbook } = await import("../core/annotate/annotate-workbook");
    annotated = await annotateWorkbook(bytes, {
      findings: validation.findings,
      diagnosis: validation.diagnosis,
      format,
      fileName: record.fileName,
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
  if (!annotated.ok) return { copy: { attached: false, reason: annotated.reason }, key: null };
  const key = annotatedKey(record.department, record.year, record.order);
  await ports.objects.keepAnnotated(key, annotated.bytes);
  return {
    copy: { attached: true, fileName: annotated.fileName, converted: annotated.converted },
    attachment: { fileName: annotated.fileName, contentType: ANNOTATED_CONTENT_TYPE, bytes: annotated.bytes },
    key,
  };
}
