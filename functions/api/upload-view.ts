import type { Finding } from "../../schemas/finding";
import { feedPaths } from "../core/feed";
import { lineCounts } from "../core/present/finding-lines";
import type { UploadRecord } from "../ingest/ports";
import { type PublishedNow, publishedUploadNow } from "../ingest/published-now";
import type { IssuedUpload } from "./ports";

/**
 * How the desk shows an upload: the issued POST (if the desk issued it) and the latest upload log record
 * of its key (once S3 has the file), folded into one status with its counts, findings and report link.
 * Whether a published upload is still what is published comes from what is published now, read once per
 * request (`ingest/published-now.ts`, as `gongkai status` reads it). Whether an issued upload never
 * arrived is decided here, from the clock the caller passes in.
 */

export type DeskStatus =
  | "pending"
  | "expired"
  | "processing"
  | "published"
  | "rejected"
  | "superseded"
  | "withdrawn"
  | "failed";

const STATUS: Record<UploadRecord["status"], DeskStatus> = {
  received: "processing",
  published: "published",
  superseded: "superseded",
  rejected: "rejected",
  unreadable: "rejected",
  unregistered: "failed",
  unroutable: "failed",
  missing: "failed",
};

export interface UploadSummary {
  /** Null for an upload that did not come through the desk (the operators' bulk path). */
  uploadId: string | null;
  /**
   * The upload log record's order once S3 has the file (null before): with the year, how any upload of
   * the department's log is shown (`GET /api/v1/uploads/{order}?year=Y`), the bulk path's included.
   */
  order: string | null;
  year: number;
  fileName: string;
  /** When the desk issued the POST (null for the bulk path). */
  issuedAt: string | null;
  /** When S3 received the file (S3's Last-Modified), null while pending. */
  uploadedAt: string | null;
  status: DeskStatus;
  errors: number;
  warnings: number;
}

export interface UploadDetail extends UploadSummary {
  department: string;
  key: string;
  /** When the desk's POST expires (null for the bulk path); with no file a while after, `expired`. */
  expiresAt: string | null;
  findings: Finding[];
  /** Which cells are most likely wrong, as the pipeline diagnosed it (null when none was). */
  diagnosis: unknown;
  /** The published report's path in the feed, and its URL, when this upload is what is published. */
  feedPath: string | null;
  reportUrl: string | null;
  /** The pipeline kept an annotated copy (`GET /api/v1/uploads/{uploadId}/annotated`). */
  annotated: boolean;
  /** When an operator withdrew this upload's report, and why (the reason is public in the feed too). */
  withdrawal: { at: string; reason: string } | null;
}

/** The record of the latest version of each key, by key. */
export function latestByKey(records: readonly UploadRecord[]): Map<string, UploadRecord> {
  const latest = new Map<string, UploadRecord>();
  for (const record of records) {
    const seen = latest.get(record.key);
    if (!seen || seen.order < record.order) latest.set(record.key, record);
  }
  return latest;
}

/**
 * How long after its POST's policy expires an issued upload with no file is still `pending`: S3 takes a
 * POST begun before the expiry, and its record follows the file by seconds (minutes when a delivery is
 * retried). Past that, nothing is coming: the tab was closed or the connection lost before the file went.
 */
export const RECEIPT_GRACE_MS = 5 * 60_000;

/** Whether an issued upload whose file S3 never got can no longer arrive (its POST expired), at `at`. */
export function neverArrived(issued: Pick<IssuedUpload, "expiresAt">, at: Date): boolean {
  const expiresAt = Date.parse(issued.expiresAt);
  return Number.isFinite(expiresAt) && at.getTime() > expiresAt + RECEIPT_GRACE_MS;
}

/**
 * The desk's status of an upload: the pipeline's outcome, except that a published upload is what it is now
 * (`publishedUploadNow`: `withdrawn` or `superseded` once the upload log's `published` no longer holds).
 */
export function deskStatus(record: UploadRecord | null, now: PublishedNow): DeskStatus {
  if (!record) return "pending";
  const status = STATUS[record.status];
  return status === "published" ? publishedUploadNow(record.order, now) : status;
}

/**
 * One line of the year's uploads: the desk's issued POST and/or the pipeline's record of the file (one of
 * the two at least), at `at` — an issued upload with no file is `expired` once it can no longer arrive.
 */
export function summary(
  issued: IssuedUpload | null,
  record: UploadRecord | null,
  now: PublishedNow,
  at: Date,
): UploadSummary {
  const counts = lineCounts(record?.findings ?? []);
  const status = !record && issued && neverArrived(issued, at) ? "expired" : deskStatus(record, now);
  return {
    uploadId: issued?.uploadId ?? null,
    order: record?.order ?? null,
    year: issued?.year ?? record!.year,
    fileName: issued?.fileName ?? record!.fileName,
    issuedAt: issued?.issuedAt ?? null,
    uploadedAt: record?.uploadedAt ?? null,
    status,
    errors: counts.errors,
    warnings: counts.warnings,
  };
}

/** What is known of one upload: the desk's issued POST and/or its upload log record, one at least. */
export type KnownUpload =
  | { issued: IssuedUpload; record: UploadRecord | null }
  | { issued: IssuedUpload | null; record: UploadRecord };

/** One upload in full, at `at`; the report link only while it is what is published. */
export function detail(
  { issued, record }: KnownUpload,
  now: PublishedNow,
  feedBaseUrl: string,
  at: Date,
): UploadDetail {
  const base = summary(issued, record, now, at);
  const department = issued?.department ?? record!.department;
  const feedPath = base.status === "published" ? feedPaths.report(base.year, department) : null;
  return {
    ...base,
    department,
    key: issued?.key ?? record!.key,
    expiresAt: issued?.expiresAt ?? null,
    findings: record?.findings ?? [],
    // Written by the pipeline's diagnosis when it records one on the upload.
    diagnosis: (record as { diagnosis?: unknown } | null)?.diagnosis ?? null,
    feedPath,
    reportUrl: feedPath ? `${feedBaseUrl}/${feedPath}` : null,
    annotated: Boolean(record?.annotatedKey),
    withdrawal:
      base.status === "withdrawn" && now.withdrawal
        ? { at: now.withdrawal.at, reason: now.withdrawal.reason }
        : null,
  };
}
