import { createHash } from "node:crypto";
import type { Finding } from "../../schemas/finding";
import { formatById } from "../../schemas/formats";
import type { NormalizedReport } from "../../schemas/report";
import {
  applyReport,
  type DepartmentYears,
  departmentDocument,
  departmentYear,
  emptyTotals,
  type FeedIndex,
  feedPaths,
  headline,
  indexDocument,
  reportDocument,
  serializeDocument,
  summaryDocument,
  upsertDepartmentYear,
  upsertIndexYear,
  upsertYearReport,
  type YearReports,
  type YearTotals,
  yearDocument,
  yearEntry,
} from "../core/feed";
import { composeMail, type MailInput } from "../core/mail";
import { validateWorkbook } from "../core/validate";
import type { Department, IngestPorts, ReportVersion, UploadRecord } from "./ports";
import { parseUploadKey, type UploadEvent, uploadOrder } from "./upload-event";

/**
 * The use case: one object-created event → the upload kept and recorded, validated, published or not,
 * and mailed. Safe to run again for the same event (at-least-once delivery), in any order (an older
 * upload never replaces a newer one), and after a crash at any step: every write is idempotent or
 * conditional on a single item.
 */

export interface IngestOutcome {
  status: UploadRecord["status"];
  record: UploadRecord;
}

/** Bump when the JSON Schemas change, so the next publish writes them again. */
const SCHEMA_REVISION = 1;

export async function ingestUpload(ports: IngestPorts, event: UploadEvent): Promise<IngestOutcome> {
  const { objects, reports, clock, settings } = ports;
  const order = uploadOrder(event);
  const path = parseUploadKey(event.key);
  const base: UploadRecord = {
    department: path?.department ?? "_unroutable",
    year: path?.year ?? 0,
    order,
    key: event.key,
    fileName: path?.fileName ?? event.key.split("/").pop() ?? event.key,
    versionId: event.versionId,
    size: event.size,
    sha256: null,
    originalKey: null,
    uploadedAt: event.eventTime,
    status: "received",
    findings: [],
    processedAt: clock.now().toISOString(),
  };
  const existing = await reports.getUpload(base.department, base.year, order);
  if (existing && existing.status !== "received" && existing.mailedAt)
    return { status: existing.status, record: existing };

  const object = await objects.read(event.key, event.versionId, settings.maxUploadBytes);
  if (!object) {
    const record = { ...base, status: "missing" as const };
    await reports.putUpload(record);
    return { status: record.status, record };
  }
  const sha256 = createHash("sha256").update(object.bytes).digest("hex");
  const originalKey = await objects.keepOriginal(sha256, object.bytes, event.key);
  let record: UploadRecord = { ...base, sha256, originalKey, versionId: object.versionId ?? event.versionId };
  if (!existing) await reports.putUpload(record);

  if (!path) {
    record = { ...record, status: "unroutable", findings: [unroutableFinding(event.key)] };
    await reports.putUpload(record);
    await mailOnce(ports, record, [settings.operatorEmail], {
      kind: "unregistered",
      departmentId: event.key.split("/")[1] ?? "",
      year: 0,
      upload: { fileName: record.fileName, uploadedAt: record.uploadedAt, key: event.key, sha256 },
    });
    return { status: record.status, record };
  }
  const department = await reports.getDepartment(path.department);
  if (!department) {
    record = { ...record, status: "unregistered" };
    await reports.putUpload(record);
    await mailOnce(ports, record, [settings.operatorEmail], {
      kind: "unregistered",
      departmentId: path.department,
      year: path.year,
      upload: { fileName: record.fileName, uploadedAt: record.uploadedAt, key: event.key, sha256 },
    });
    return { status: record.status, record };
  }

  const previous = await currentReport(ports, department.id, path.year - 1);
  const tooLarge = object.size > settings.maxUploadBytes;
  const validation = validateWorkbook(tooLarge ? new Uint8Array(0) : object.bytes, {
    department: department.id,
    departmentName: department.name,
    year: path.year,
    ...(previous ? { previous } : {}),
  });
  const findings = tooLarge ? [tooLargeFinding(object.size, settings.maxUploadBytes)] : validation.findings;
  const upload = { fileName: record.fileName, uploadedAt: record.uploadedAt };
  const mailDepartment = { id: department.id, name: department.name };

  if (tooLarge || !validation.ok || !validation.report) {
    const unreadable = tooLarge || !validation.readable;
    record = { ...record, status: unreadable ? "unreadable" : "rejected", findings };
    await reports.putUpload(record);
    await mailOnce(ports, record, department.emails, {
      kind: unreadable ? "unreadable" : "rejected",
      department: mailDepartment,
      year: path.year,
      upload,
      findings,
    });
    return { status: record.status, record };
  }

  const version = await reports.putVersion({
    department: department.id,
    year: path.year,
    order,
    format: validation.report.format,
    tables: validation.report.tables,
    notes: validation.report.notes,
    warnings: findings.filter((finding) => finding.severity === "warning"),
    publishedAt: clock.now().toISOString(),
    source: { key: event.key, versionId: record.versionId, sha256, uploadedAt: record.uploadedAt },
  });
  const moved = await reports.advanceCurrent(department.id, path.year, {
    order,
    publishedAt: version.publishedAt,
  });
  if (moved === "newer") {
    record = { ...record, status: "superseded", findings };
    await reports.putUpload(record);
    return { status: record.status, record };
  }
  await publish(ports, department, version);
  // A newer upload may have become current while this one was publishing: make sure its numbers win.
  const current = await reports.getCurrent(department.id, path.year);
  if (current && current.order > order) {
    const newer = await reports.getVersion(department.id, path.year, current.order);
    if (newer) await publish(ports, department, newer);
  }
  record = { ...record, status: "published", findings };
  await reports.putUpload(record);
  const report = reportDocument(reportInput(department, version));
  await mailOnce(ports, record, department.emails, {
    kind: "published",
    department: mailDepartment,
    year: path.year,
    format: version.format,
    upload,
    headline: headline(report.tables),
    warnings: version.warnings,
    reportUrl: `${settings.feedBaseUrl}/${feedPaths.report(path.year, department.id)}`,
    feedUrl: `${settings.feedBaseUrl}/${feedPaths.index}`,
  });
  return { status: record.status, record };
}

async function currentReport(
  ports: IngestPorts,
  department: string,
  year: number,
): Promise<NormalizedReport | undefined> {
  const pointer = await ports.reports.getCurrent(department, year);
  if (!pointer) return undefined;
  const version = await ports.reports.getVersion(department, year, pointer.order);
  if (!version) return undefined;
  return { format: version.format, year, department, tables: version.tables, notes: version.notes };
}

function reportInput(department: Department, version: ReportVersion) {
  return {
    report: {
      format: version.format,
      year: version.year,
      department: department.id,
      tables: version.tables,
      notes: version.notes,
    },
    department: { id: department.id, name: department.name },
    publishedAt: version.publishedAt,
    source: version.source,
    warnings: version.warnings,
  };
}

interface YearState {
  totals: YearTotals;
  reports: YearReports;
  /** department → the order of the upload its numbers come from (applied exactly once). */
  applied: Record<string, string>;
  lastChanged: string;
}

interface DepartmentState {
  years: DepartmentYears;
  applied: Record<string, string>;
  lastChanged: string;
}

interface IndexState {
  index: FeedIndex;
  lastChanged: string;
  schemaRevision: number;
}

/**
 * Makes `version` the published report everywhere it appears: its cell records, the year's totals and
 * list, the department's history, the index, and the five feed documents. Each aggregate is one item,
 * read, changed and written back on condition that nobody changed it meanwhile; a version already
 * applied is not applied again, and an older one never over a newer.
 */
async function publish(ports: IngestPorts, department: Department, version: ReportVersion): Promise<void> {
  const { reports, feed } = ports;
  await reports.putCells(version);
  const report = reportDocument(reportInput(department, version));
  const reportBody = serializeDocument(report);
  await feed.write(feedPaths.report(version.year, department.id), reportBody);

  const year = await update<YearState>(ports, `YEAR#${version.year}`, async (state) => {
    const current = state ?? {
      totals: emptyTotals(version.year, version.format),
      reports: {},
      applied: {},
      lastChanged: version.publishedAt,
    };
    const applied = current.applied[department.id];
    if (applied !== undefined && applied >= version.order) return undefined;
    const removed = applied
      ? (await reports.getVersion(department.id, version.year, applied))?.tables
      : undefined;
    if (applied && !removed)
      throw new Error(`published version ${applied} of ${department.id} ${version.year} is missing`);
    return {
      totals: applyReport(current.totals, removed, version.tables),
      reports: upsertYearReport(current.reports, yearEntry(report, reportBody.sha256)),
      applied: { ...current.applied, [department.id]: version.order },
      lastChanged: later(current.lastChanged, version.publishedAt),
    };
  });
  const departmentState = await update<DepartmentState>(
    ports,
    `DEPARTMENT#${department.id}`,
    async (state) => {
      const current = state ?? { years: {}, applied: {}, lastChanged: version.publishedAt };
      const applied = current.applied[String(version.year)];
      if (applied !== undefined && applied >= version.order) return undefined;
      return {
        years: upsertDepartmentYear(current.years, departmentYear(report)),
        applied: { ...current.applied, [String(version.year)]: version.order },
        lastChanged: later(current.lastChanged, version.publishedAt),
      };
    },
  );
  const reportsInYear = Object.keys(year.reports).length;
  const index = await update<IndexState>(ports, "INDEX", async (state) => {
    const current = state ?? { index: {}, lastChanged: year.lastChanged, schemaRevision: 0 };
    const entry = current.index[String(version.year)];
    if (entry && entry.reports === reportsInYear && entry.lastChanged >= year.lastChanged) return undefined;
    return {
      index: upsertIndexYear(
        current.index,
        version.year,
        reportsInYear,
        later(entry?.lastChanged, year.lastChanged),
      ),
      lastChanged: later(current.lastChanged, year.lastChanged),
      schemaRevision: current.schemaRevision,
    };
  });

  // Four independent documents, each written whole.
  await Promise.all([
    feed.write(
      feedPaths.year(version.year),
      serializeDocument(yearDocument(version.year, Object.values(year.reports), year.lastChanged)),
    ),
    feed.write(
      feedPaths.summary(version.year),
      serializeDocument(summaryDocument(year.totals, year.lastChanged)),
    ),
    feed.write(
      feedPaths.department(department.id),
      serializeDocument(
        departmentDocument(
          { id: department.id, name: department.name },
          Object.values(departmentState.years),
          departmentState.lastChanged,
        ),
      ),
    ),
    feed.write(feedPaths.index, serializeDocument(indexDocument(index.index, index.lastChanged))),
  ]);
  if (index.schemaRevision < SCHEMA_REVISION) {
    // Loaded only here: building every feed schema is the costliest part of a cold start.
    const { feedJsonSchemas } = await import("../../schemas/feed");
    for (const [name, schema] of Object.entries(feedJsonSchemas())) {
      await feed.write(feedPaths.schema(name), serializeDocument(schema, "schema"));
    }
    await update<IndexState>(ports, "INDEX", async (state) =>
      state && state.schemaRevision < SCHEMA_REVISION
        ? { ...state, schemaRevision: SCHEMA_REVISION }
        : undefined,
    );
  }
}

function later(a: string | undefined, b: string): string {
  return a && a > b ? a : b;
}

/**
 * Read-modify-write of one aggregate item with optimistic concurrency. `change` returns the new value,
 * or undefined when there is nothing to change (already applied); the value in force is returned.
 */
async function update<T>(
  ports: IngestPorts,
  name: string,
  change: (state: T | null) => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const stored = await ports.reports.getState<T>(name);
    const next = await change(stored?.value ?? null);
    if (next === undefined) {
      if (!stored) throw new Error(`aggregate ${name} has no state and no change`);
      return stored.value;
    }
    if (await ports.reports.putState(name, next, stored?.version ?? null)) return next;
  }
  throw new Error(`aggregate ${name}: too many concurrent writers, will retry`);
}

/** Sends the upload's one email, unless an earlier delivery of the same event already did. */
async function mailOnce(
  ports: IngestPorts,
  record: UploadRecord,
  to: string[],
  input: MailInput,
): Promise<void> {
  if (to.length === 0) return;
  if (!(await ports.reports.claimMail(record, ports.clock.now().toISOString()))) return;
  try {
    await ports.mailer.send({ to, ...composeMail(input) });
  } catch (error) {
    await ports.reports.releaseMail(record);
    throw error;
  }
}

function unroutableFinding(key: string): Finding {
  return {
    rule: "upload.unroutable",
    severity: "error",
    table: null,
    sheet: null,
    cell: null,
    expected: "uploads/{department}/{year}/{file}",
    actual: key,
    message: {
      zh: `上传位置不对：文件应放在 uploads/单位编号/年份/ 下（如 uploads/dept-a/2024/报告.xlsx），实际为 ${key}。`,
      en: `Wrong upload location: files go under uploads/{department}/{year}/ (e.g. uploads/dept-a/2024/report.xlsx), not ${key}.`,
    },
  };
}

function tooLargeFinding(size: number, limit: number): Finding {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return {
    rule: "workbook.too_large",
    severity: "error",
    table: null,
    sheet: null,
    cell: null,
    expected: limit,
    actual: size,
    message: {
      zh: `文件太大（${mb(size)} MB），上限为 ${mb(limit)} MB。统计表通常只有几十 KB：请删除图片和无关的工作表后另存再上传。`,
      en: `The file is too large (${mb(size)} MB); the limit is ${mb(limit)} MB. The tables are usually a few dozen KB: remove pictures and unrelated sheets, save and upload again.`,
    },
  };
}

export { formatById };
