import type { AnnotatedCopy } from "../core/mail";
import type { Validation } from "../core/validate";
import { ANNOTATED_CONTENT_TYPE, annotatedKey } from "../storage-layout";
import type { IngestPorts, MailAttachment, UploadRecord } from "./ports";

/**
 * A rejected upload's annotated copy: made by the annotator (its own function on AWS), kept beside the
 * original (`annotated/…`, what `GET /api/v1/uploads/{id}/annotated` serves) and attached to the
 * rejection mail.
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
  validation: Validation,
): Promise<AnnotatedOutcome> {
  const marked =
    validation.findings.some((finding) => finding.cell !== null) || validation.diagnosis !== null;
  // A readable upload was kept (originals/{sha256}) before it was validated: that is what gets marked.
  if (!validation.readable || !marked || !record.originalKey) return { key: null };
  const annotated = await ports.annotator.annotate({
    originalKey: record.originalKey,
    key: annotatedKey(record.department, record.year, record.order),
    fileName: record.fileName,
    format: validation.format,
    findings: validation.findings,
    diagnosis: validation.diagnosis,
  });
  if (!annotated.ok) return { copy: { attached: false, reason: annotated.reason }, key: null };
  const bytes = await ports.objects.readObject(annotated.key);
  if (!bytes) throw new Error(`the annotated copy ${annotated.key} was kept but cannot be read`);
  return {
    copy: { attached: true, fileName: annotated.fileName, converted: annotated.converted },
    attachment: { fileName: annotated.fileName, contentType: ANNOTATED_CONTENT_TYPE, bytes },
    key: annotated.key,
  };
}
