import type { CellChange, Revision } from "../../../schemas/feed";
import { type FormatId, formatById } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";
import { cellValue, formatCells } from "./cells";
import type { ReportSource } from "./documents";

/**
 * The earlier published versions of one department's report for one year, kept beside it (one item per
 * department and year) and published in its report document: when each was published, from which upload,
 * and which cells the version that replaced it changed, from → to — or that it was withdrawn, and why.
 */

export interface StoredRevision {
  /** The order of the version's upload. */
  order: string;
  publishedAt: string;
  source: ReportSource;
  replacedAt: string;
  /** The order of the version that replaced it; null when it was withdrawn. */
  replacedBy: string | null;
  changes: CellChange[] | null;
  withdrawn: { reason: string } | null;
}

export interface RevisionsState {
  /** Oldest first. */
  revisions: StoredRevision[];
}

/** What the revisions of one department and year may take: far below an item's limit. */
export const MAX_REVISIONS_CHARS = 150_000;

/** The cells that differ between two versions' tables, in the format's order. */
export function cellChanges(format: FormatId, from: ReportTables, to: ReportTables): CellChange[] {
  const changes: CellChange[] = [];
  for (const cell of formatCells(formatById(format))) {
    const before = cellValue(from, cell);
    const after = cellValue(to, cell);
    if (before !== after)
      changes.push({ table: cell.table, row: cell.row, column: cell.column, from: before, to: after });
  }
  return changes;
}

/**
 * The revisions with this one recorded (replacing an earlier record of the same version, which a retry or
 * a later replacement leaves), or undefined when it is recorded as it is. Past MAX_REVISIONS_CHARS the
 * oldest revisions' cell lists go first, then the oldest revisions.
 */
export function withRevision(
  state: RevisionsState | null,
  revision: StoredRevision,
): RevisionsState | undefined {
  const revisions = state?.revisions ?? [];
  const known = revisions.find((entry) => entry.order === revision.order);
  if (known && JSON.stringify(known) === JSON.stringify(revision)) return undefined;
  const next = [...revisions.filter((entry) => entry.order !== revision.order), revision].sort((a, b) =>
    a.order < b.order ? -1 : a.order > b.order ? 1 : 0,
  );
  for (let i = 0; JSON.stringify(next).length > MAX_REVISIONS_CHARS && i < next.length - 1; i++) {
    next[i] = { ...next[i]!, changes: null };
  }
  while (JSON.stringify(next).length > MAX_REVISIONS_CHARS && next.length > 1) next.shift();
  return { revisions: next };
}

/** The revisions a report document of `order` shows: every version published before it. */
export function shownRevisions(state: RevisionsState | null, order: string): Revision[] {
  return (state?.revisions ?? [])
    .filter((entry) => entry.order < order)
    .map((entry) => ({
      publishedAt: entry.publishedAt,
      source: {
        key: entry.source.key,
        versionId: entry.source.versionId,
        sha256: entry.source.sha256,
        uploadedAt: entry.source.uploadedAt,
      },
      replacedAt: entry.replacedAt,
      changes: entry.changes,
      withdrawn: entry.withdrawn,
    }));
}
