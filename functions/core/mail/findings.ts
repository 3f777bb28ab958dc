import { type Finding, placeText } from "../../../schemas/finding";
import { clean, LIMITS } from "./text";

/**
 * Findings laid out for a clerk fixing the workbook: the whole-file problems first, then sheet by sheet
 * (in the order the sheets first come up), each sheet's cells top to bottom, left to right.
 */

/** At most this many findings are listed in one email, so a hostile sheet cannot make it huge. */
export const MAX_LISTED_FINDINGS = 200;

export interface FindingGroup {
  /** The sheet, or null for findings about the whole file (no cell, or no sheet to find the cell in). */
  sheet: string | null;
  findings: Finding[];
}

const A1 = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?!\d)/;

/** Row and column (1-based) of an A1 address; a range counts by its first cell. */
function position(cell: string): { row: number; column: number } | undefined {
  const match = A1.exec(cell);
  if (!match) return undefined;
  const column = [...match[1]!.toUpperCase()].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
  return { row: Number(match[2]), column };
}

interface Located {
  text: string;
  at: { row: number; column: number } | undefined;
}

function located(text: string): Located {
  return { text, at: position(text) };
}

function compareLocated(a: Located, b: Located): number {
  if (a.at && b.at) return a.at.row - b.at.row || a.at.column - b.at.column;
  if (a.at || b.at) return a.at ? -1 : 1;
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

/** Cells in reading order: row, then column (B1 < A2 < A10 < B10); what is no address comes after, by text. */
export function compareCells(a: string, b: string): number {
  return compareLocated(located(a), located(b));
}

/** Findings sorted by cell, each address read once (a hostile sheet can bring many thousands), ties kept in order. */
function byCell(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index, cell: located(finding.cell ?? "") }))
    .sort((a, b) => compareLocated(a.cell, b.cell) || a.index - b.index)
    .map(({ finding }) => finding);
}

/** The findings in the order the email lists them, grouped: whole file first, then by sheet. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const wholeFile: Finding[] = [];
  const bySheet = new Map<string, Finding[]>();
  for (const finding of findings) {
    const sheet = finding.sheet;
    if (finding.cell === null || sheet === null) {
      wholeFile.push(finding);
      continue;
    }
    const list = bySheet.get(sheet) ?? [];
    bySheet.set(sheet, list);
    list.push(finding);
  }
  const groups: FindingGroup[] = wholeFile.length > 0 ? [{ sheet: null, findings: wholeFile }] : [];
  for (const [sheet, list] of bySheet) groups.push({ sheet, findings: byCell(list) });
  return groups;
}

/** The first `limit` findings in listing order, grouped, and how many were left out. */
export function listFindings(
  findings: readonly Finding[],
  limit: number,
): { groups: FindingGroup[]; omitted: number } {
  const ordered = groupFindings(findings).flatMap((group) => group.findings);
  const shown = ordered.slice(0, Math.max(0, limit));
  return { groups: groupFindings(shown), omitted: ordered.length - shown.length };
}

/** Where a finding is, as a clerk types it in Excel: `三、依申请公开!J26`, or the sheet or cell alone. */
export function findingAddress(finding: Finding): string {
  // A document has no A1: its table, row and column (`第 2 个表格 第 4 行第 10 列`).
  if (finding.location) return clean(placeText(finding), LIMITS.sheet);
  const sheet = finding.sheet === null ? "" : clean(finding.sheet, LIMITS.sheet);
  const cell = finding.cell === null ? "" : clean(finding.cell, LIMITS.cell);
  return sheet && cell ? `${sheet}!${cell}` : sheet || cell;
}

/** A finding's message as the email lists it: the place stands before it on the same line. */
export function findingMessage(finding: Finding, lang: "zh" | "en"): string {
  return clean(finding.message[lang], LIMITS.message);
}
