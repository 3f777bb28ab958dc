import { createHash } from "node:crypto";
import type { NormalizedReport } from "../../schemas/report";
import { feedPaths, headline } from "../core/feed";
import { validateUpload } from "../core/validate-upload";
import { claimedDepartment, DEPARTMENT_ID, parseUploadKey, suggestedYear } from "../storage-layout";
import { type AnnotatedOutcome, keepAnnotatedCopy } from "./annotated-copy";
import { mailOnce } from "./mail-once";
import type { IngestPorts, ReportVersion, UploadRecord } from "./ports";
import { publishCurrent } from "./publish-current";
import { publishedOrder, readPublishedNow } from "./published-now";
import { recordSeasonUpload } from "./season-upload";
import type { TrustedUpload } from "./trusted-upload";
import { customerEncryptedFinding, tooLargeFinding, unroutableFinding } from "./upload-findings";

/**
 * The use case: one upload S3 vouches for (trusted-upload.ts) → the upload kept and recorded, validated,
 * published or not, and mailed. Safe to run again for the same event (at-least-once delivery), in any order (an older
 * upload never replaces a newer one), concurrently with other uploads, and after a crash at any step:
 * every write is idempotent or conditional on a single item (see publish-current.ts).
 */

export interface IngestOutcome {
  status: UploadRecord["status"];
  record: UploadRecord;
}

export async function ingestUpload(ports: IngestPorts, event: TrustedUpload): Promise<IngestOutcome> {
  const { objects, departments, uploads, versions, clock, settings } = ports;
  const order = event.order;
  const path = parseUploadKey(event.key);
  // Outside the layout, but in a registered department's folder: recorded against it, and it is told.
  const claimed = path ? undefined : claimedDepartment(event.key);
  const misplacedIn = claimed && DEPARTMENT_ID.test(claimed) ? await departments.get(claimed) : null;
  const base: UploadRecord = {
    department: path?.department ?? misplacedIn?.id ?? "_unroutable",
    year: path?.year ?? 0,
    order,
    sequencer: event.sequencer,
    key: event.key,
    fileName: path?.fileName ?? event.key.split("/").pop() ?? event.key,
    versionId: event.versionId,
    size: event.size,
    sha256: null,
    originalKey: null,
    uploadedAt: event.lastModified,
    status: "received",
    findings: [],
    processedAt: clock.now().toISOString(),
  };
  const existing = await uploads.get(base.department, base.year, order);
  if (existing && existing.status !== "received" && existing.mailedAt) {
    return { status: existing.status, record: existing };
  }
  // A claim is carried so that mailOnce knows when it takes one over (put() writes no mail field).
  const mailState = existing?.mailedAt
    ? { mailedAt: existing.mailedAt }
    : existing?.mailClaimedAt
      ? { mailClaimedAt: existing.mailClaimedAt }
      : {};

  const object = await objects.read(event.key, event.versionId, settings.maxUploadBytes);
  if (!object) {
    const record: UploadRecord = { ...base, status: "missing" };
    await uploads.put(record);
    return { status: record.status, record };
  }
  // Sealed with the uploader's own key (SSE-C): S3 gives none of its bytes, now or on any retry.
  const sealed = "sealed" in object;
  const size = sealed ? event.size : object.size;
  const tooLarge = size > settings.maxUploadBytes;
  const bytes = sealed ? null : object.bytes;
  // Kept whatever happens next: content-addressed, or (too large to read here) copied as it is.
  const sha256 = bytes && !tooLarge ? createHash("sha256").update(bytes).digest("hex") : null;
  const versionId = object.versionId ?? event.versionId;
  const originalKey = sealed
    ? null
    : sha256 && bytes
      ? await objects.keepOriginal(sha256, bytes, event.key)
      : await objects.keepOversize(event.key, versionId, order, size);
  const notKept = sealed ? "customer_key" : originalKey ? null : "larger_than_copy_limit";
  let record: UploadRecord = {
    ...base,
    ...mailState,
    size,
    sha256,
    originalKey,
    ...(notKept ? { originalNotKept: notKept } : {}),
    versionId,
  };
  if (!existing) await uploads.put(record);
  const upload = { fileName: record.fileName, uploadedAt: record.uploadedAt };

  if (!path) {
    record = { ...record, status: "unroutable", findings: [unroutableFinding(event.key)] };
    await uploads.put(record);
    const misplaced = { ...upload, key: event.key };
    if (misplacedIn) {
      await mailOnce(ports, record, misplacedIn.emails, {
        kind: "misplaced",
        department: { id: misplacedIn.id, name: misplacedIn.name },
        upload: misplaced,
        suggestedYear: suggestedYear(event.key),
      });
    } else {
      await mailOnce(ports, record, [settings.operatorEmail], {
        kind: "unroutable",
        claimedDepartment: claimed ?? "",
        upload: { ...misplaced, sha256: sha256 ?? "" },
      });
    }
    return { status: record.status, record };
  }
  const department = await departments.get(path.department);
  if (!department) {
    record = { ...record, status: "unregistered" };
    await uploads.put(record);
    await mailOnce(ports, record, [settings.operatorEmail], {
      kind: "unregistered",
      departmentId: path.department,
      year: path.year,
      upload: { ...upload, key: event.key, sha256: sha256 ?? "" },
    });
    return { status: record.status, record };
  }
  const mailDepartment = { id: department.id, name: department.name };

  const previous = await publishedReport(ports, department.id, path.year - 1);
  const validation =
    tooLarge || !bytes
      ? null
      : await validateUpload(bytes, {
          department: department.id,
          departmentName: department.name,
          year: path.year,
          ...(previous ? { previous } : {}),
        });
  if (!validation?.ok || !validation.report) {
    const findings = validation?.findings ?? [
      sealed ? customerEncryptedFinding() : tooLargeFinding(size, settings.maxUploadBytes),
    ];
    if (!validation?.readable) {
      record = { ...record, status: "unreadable", findings };
      await uploads.put(record);
      await recordSeasonUpload(ports, department, record);
      await mailOnce(ports, record, department.emails, {
        kind: "unreadable",
        department: mailDepartment,
        year: path.year,
        upload,
        findings,
      });
      return { status: record.status, record };
    }
    // Marks and comments can be written back only into a workbook, not into a Word file or a web page.
    const annotated: AnnotatedOutcome =
      validation.kind === "workbook" ? await keepAnnotatedCopy(ports, record, validation) : { key: null };
    record = {
      ...record,
      status: "rejected",
      findings,
      diagnosis: validation.diagnosis,
      annotatedKey: annotated.key,
    };
    await uploads.put(record);
    await recordSeasonUpload(ports, department, record);
    await mailOnce(
      ports,
      record,
      department.emails,
      {
        kind: "rejected",
        department: mailDepartment,
        year: path.year,
        upload,
        findings,
        format: validation.format,
        diagnosis: validation.diagnosis,
        published: await publishedUpload(ports, department.id, path.year),
        ...(annotated.copy ? { annotated: annotated.copy } : {}),
        readAs: validation.kind,
      },
      annotated.attachment ? [annotated.attachment] : [],
    );
    return { status: record.status, record };
  }

  const findings = validation.findings;
  const version = await versions.put({
    department: department.id,
    year: path.year,
    order,
    format: validation.report.format,
    tables: validation.report.tables,
    notes: validation.report.notes,
    warnings: findings.filter((finding) => finding.severity === "warning"),
    publishedAt: clock.now().toISOString(),
    source: { key: event.key, versionId: record.versionId, sha256: sha256!, uploadedAt: record.uploadedAt },
  });
  const moved = await versions.advanceCurrent(department.id, path.year, {
    order,
    publishedAt: version.publishedAt,
  });
  // Whether this upload became current or a newer one already was, publish what is current: a retry of an
  // older upload that died half-way thereby repairs anything it wrote before dying.
  const season = await publishCurrent(ports, department, path.year, version);
  record = { ...record, status: moved === "newer" ? "superseded" : "published", findings };
  await uploads.put(record);
  await recordSeasonUpload(ports, department, record, season ?? undefined);
  const reportUrl = `${settings.feedBaseUrl}/${feedPaths.report(path.year, department.id)}`;
  if (record.status === "superseded") {
    const pointer = await versions.getCurrent(department.id, path.year);
    const current = pointer ? await versions.get(department.id, path.year, pointer.order) : null;
    if (current) {
      await mailOnce(ports, record, department.emails, {
        kind: "superseded",
        department: mailDepartment,
        year: path.year,
        upload,
        current: {
          fileName: current.source.key.split("/").pop() ?? current.source.key,
          uploadedAt: current.source.uploadedAt,
        },
        reportUrl,
      });
    }
  }
  if (record.status === "published") {
    await mailOnce(ports, record, department.emails, {
      kind: "published",
      department: mailDepartment,
      year: path.year,
      format: version.format,
      upload,
      headline: headline(version.format, version.tables),
      warnings: version.warnings,
      reportUrl,
      feedUrl: `${settings.feedBaseUrl}/${feedPaths.index}`,
    });
  }
  return { status: record.status, record };
}

/** The version published for the department's year (`publishedOrder`): never a withdrawn one. */
async function publishedVersion(
  ports: IngestPorts,
  department: string,
  year: number,
): Promise<ReportVersion | null> {
  const order = publishedOrder(await readPublishedNow(ports, department, year));
  return order === null ? null : ports.versions.get(department, year, order);
}

/** The upload whose numbers are published for the year, if any: a rejected replacement leaves it published. */
async function publishedUpload(
  ports: IngestPorts,
  department: string,
  year: number,
): Promise<{ fileName: string; uploadedAt: string } | null> {
  const version = await publishedVersion(ports, department, year);
  if (!version) return null;
  return {
    fileName: version.source.key.split("/").pop() ?? version.source.key,
    uploadedAt: version.source.uploadedAt,
  };
}

/** Last year's published report, for the cross-year checks: never a withdrawn one. */
async function publishedReport(
  ports: IngestPorts,
  department: string,
  year: number,
): Promise<NormalizedReport | undefined> {
  const version = await publishedVersion(ports, department, year);
  if (!version) return undefined;
  return { format: version.format, year, department, tables: version.tables, notes: version.notes };
}
