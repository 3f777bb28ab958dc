import { feedPaths } from "../../../functions/core/feed/paths";
import type { UploadValidation } from "../../../functions/core/validate-upload";
import type { NormalizedReport } from "../../../schemas/report";

/**
 * The check before anything is uploaded: the file read in this browser and validated by the core itself
 * — the same `validateUpload` the pipeline runs, with the same options (the department and its name from
 * the sign-in, the year chosen, last year's published report from the feed for the cross-year warnings,
 * the upload limit) — so the findings are the pipeline's. The core (SheetJS, the document readers, the
 * rules) is a chunk of its own, loaded when the first file is checked, so signing in does not wait for it.
 */

export interface CheckOptions {
  department: string;
  departmentName: string;
  year: number;
  maxUploadBytes: number;
  /** The feed's base URL, where last year's report is read. */
  feed: string;
}

export interface Checked {
  fileName: string;
  size: number;
  validation: UploadValidation | (Omit<UploadValidation, "kind"> & { kind: null });
  /** How long reading and validating took here (milliseconds). */
  elapsedMs: number;
}

/** Loads the core now (after sign-in), so the first check does not wait for it. */
export const loadCore = () => import("./core");

export async function checkFile(file: File, options: CheckOptions): Promise<Checked> {
  const [core, previous] = await Promise.all([loadCore(), previousReport(options)]);
  const started = performance.now();
  const settings = {
    department: options.department,
    departmentName: options.departmentName,
    year: options.year,
    ...(previous ? { previous } : {}),
  };
  // As the pipeline: a file over the limit is refused by its size, never read; otherwise at most the
  // limit and one byte are read, which is what it reads from S3.
  const validation =
    file.size > options.maxUploadBytes
      ? {
          ...core.unreadable([core.tooLargeFinding(file.size, options.maxUploadBytes)], settings),
          kind: null,
        }
      : await core.validateUpload(new Uint8Array(await file.arrayBuffer()), settings);
  return {
    fileName: file.name,
    size: file.size,
    validation,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** Last year's published report of the department, from the feed (none when it has none). */
async function previousReport(options: CheckOptions): Promise<NormalizedReport | null> {
  try {
    const response = await fetch(`${options.feed}/${feedPaths.report(options.year - 1, options.department)}`);
    if (!response.ok) return null;
    const doc = (await response.json()) as NormalizedReport;
    return {
      format: doc.format,
      year: options.year - 1,
      department: options.department,
      tables: doc.tables,
      notes: doc.notes,
    };
  } catch {
    return null;
  }
}
