import { createHash } from "node:crypto";
import type { Finding } from "../../schemas/finding";
import { uploadKey } from "../storage-layout";
import { ingestUpload } from "./ingest-upload";
import type { Department, IngestPorts, UploadStatus } from "./ports";
import { s3Order, type TrustedUpload } from "./trusted-upload";

/**
 * Back-fill: an earlier year's report of a department — its saved page, Word document or workbook —
 * published as history through the same path as an upload (kept, validated with the same rules, recorded,
 * published into the feed), so the cross-year rules have last year's report from the first season. The
 * department and year are given, not read from a key. Two things differ from an upload, on purpose: no
 * mail is sent (the department did not upload anything; the operator sees each outcome), and a year
 * already published for the department is left as it is (importing again changes nothing).
 */

export interface HistoryReport {
  department: string;
  year: number;
  /** The file's name, as the upload's key will carry it. */
  fileName: string;
  bytes: Uint8Array;
}

export type HistoryStatus = UploadStatus | "kept";

export interface HistoryOutcome {
  status: HistoryStatus;
  /** The key the report is recorded under (`uploads/{department}/{year}/{file}`). */
  key: string;
  findings: Finding[];
}

/** What the upload record says instead of a mail: `gongkai status` shows it. */
export const HISTORY_NOT_MAILED = "imported as history: no mail is sent for an import";

export async function importReport(ports: IngestPorts, report: HistoryReport): Promise<HistoryOutcome> {
  const key = uploadKey(report.department, report.year, report.fileName);
  if (await ports.versions.getCurrent(report.department, report.year)) {
    return { status: "kept", key, findings: [] };
  }
  const now = ports.clock.now();
  const sha256 = createHash("sha256").update(report.bytes).digest("hex");
  // The bytes' digest orders two imports of the same moment, as S3's sequencer orders two uploads.
  const sequencer = sha256.slice(0, 16);
  const upload: TrustedUpload = {
    bucket: "",
    key,
    versionId: null,
    size: report.bytes.length,
    lastModified: now.toISOString(),
    sequencer,
    order: s3Order(now.toISOString(), sequencer),
  };
  const history: IngestPorts = {
    ...ports,
    // The bytes in hand stand for the object an upload would have put under the key.
    objects: {
      // Delegated one by one: the adapter is a class, whose methods a spread would not copy.
      keepOriginal: (digest, bytes, sourceKey) => ports.objects.keepOriginal(digest, bytes, sourceKey),
      keepOversize: (oversizeKey, versionId, order, size) =>
        ports.objects.keepOversize(oversizeKey, versionId, order, size),
      keepAnnotated: (annotatedKey, bytes) => ports.objects.keepAnnotated(annotatedKey, bytes),
      readObject: (objectKey) => ports.objects.readObject(objectKey),
      inspect: async (inspectKey, versionId) =>
        inspectKey === key
          ? { versionId: null, size: report.bytes.length, lastModified: now.toISOString() }
          : ports.objects.inspect(inspectKey, versionId),
      read: async (readKey, versionId, maxBytes) =>
        readKey === key
          ? {
              bytes: report.bytes.length > maxBytes ? report.bytes.subarray(0, maxBytes + 1) : report.bytes,
              size: report.bytes.length,
              versionId: null,
              lastModified: now.toISOString(),
            }
          : ports.objects.read(readKey, versionId, maxBytes),
    },
    mailer: { send: async () => ({ status: "refused", reason: HISTORY_NOT_MAILED }) },
  };
  const outcome = await ingestUpload(history, upload);
  return { status: outcome.status, key, findings: outcome.record.findings };
}

/**
 * Whose report a file is: the folder it sits in or its name, when that is a registered department's id
 * (`2023/finance/report.html`, `finance.docx`); else the department its title states, when exactly one
 * registered department has that name. Null when none can be told.
 */
export function departmentOf(
  path: readonly string[],
  stated: string | null,
  registered: readonly Department[],
): Department | null {
  const byId = new Map(registered.map((department) => [department.id, department]));
  for (const segment of path.slice(0, -1).reverse()) {
    const department = byId.get(segment);
    if (department) return department;
  }
  const stem = (path.at(-1) ?? "").replace(/\.[^.]*$/, "");
  const named = byId.get(stem);
  if (named) return named;
  if (!stated) return null;
  const plain = (text: string) => text.normalize("NFKC").replace(/\s+/g, "");
  const matches = registered.filter((department) => plain(department.name) === plain(stated));
  return matches.length === 1 ? matches[0]! : null;
}
