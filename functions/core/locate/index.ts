import type { Finding } from "../../../schemas/finding";
import {
  type FormatSpec,
  type TableCode,
  type TableLayout,
  type TableSpec,
  tablesOf,
} from "../../../schemas/formats";
import { matchScore, oneLabel } from "../labels";
import { address } from "../workbook/grid";
import type { SheetView } from "../workbook/sheet-view";
import { locateColumnBlocks } from "./column-blocks";
import { mergedValues } from "./merged-values";
import { missingParts } from "./missing-parts";
import { locateRowBlocks } from "./row-blocks";
import { locateRowLabels } from "./row-labels";
import { duplicateOnSheet, duplicateTable, missingTable } from "./table-findings";
import {
  type Candidate,
  countCells,
  firstCell,
  type LocatedTable,
  type Location,
  type SheetCandidates,
} from "./types";

export type { LocatedTable, Location, Position } from "./types";

/**
 * Finds each table by its header cells, each row by its label and each column by its header, wherever a
 * department put them: one sheet or three, title rows above, blank rows between, merged headers. How a
 * table is laid out, and so how it is found, is its format description's `layout`.
 */

/** Row-twice findings kept per table. */
const MAX_ROW_DUPLICATES = 20;

type Locator = (view: SheetView, spec: TableSpec, format: FormatSpec) => SheetCandidates | undefined;

const LOCATORS: Record<TableLayout["kind"], Locator> = {
  row_blocks: locateRowBlocks,
  row_labels: locateRowLabels,
  column_blocks: locateColumnBlocks,
};

/** Tells the format by its marker column header (`本年新制作数量` 2019, `本年制发件数` 2021). */
export function detectFormat(
  views: readonly SheetView[],
  formats: readonly FormatSpec[],
): FormatSpec | undefined {
  let best: { format: FormatSpec; hits: number } | undefined;
  for (const format of formats) {
    let hits = 0;
    const marker = oneLabel(format.marker.label);
    for (const view of views) {
      for (const cell of view.headerCells) if (matchScore(cell.text, marker) >= 2) hits++;
    }
    if (hits > 0 && (!best || hits > best.hits)) best = { format, hits };
  }
  return best?.format;
}

/**
 * The header cell of the read table that told the format (its marker label), for a finding about the
 * format to point at; null when the format was assumed rather than told.
 */
export function markerCell(location: Location, format: FormatSpec): { sheet: string; cell: string } | null {
  const view = location.tables[format.marker.table]?.sheet;
  if (!view) return null;
  const marker = oneLabel(format.marker.label);
  const found = view.headerCells.find((cell) => matchScore(cell.text, marker) >= 2);
  return found ? { sheet: view.name, cell: address(found.r, found.c) } : null;
}

/**
 * @param preferred sheets whose own title states the upload's year: where a table stands on several
 *   sheets (last year's kept beside this year's), theirs is read.
 */
export function locateTables(
  views: readonly SheetView[],
  format: FormatSpec,
  preferred: (view: SheetView) => boolean = () => false,
): Location {
  const findings: Finding[] = [];
  const tables: Partial<Record<TableCode, LocatedTable>> = {};
  for (const spec of tablesOf(format)) {
    const locate = LOCATORS[spec.layout.kind];
    const candidates = views
      .map((view) => locate(view, spec, format))
      .filter((found): found is SheetCandidates => found !== undefined)
      .map((found) => withinSheet(spec, found))
      .sort((a, b) => countCells(b.located) - countCells(a.located));
    if (candidates.length === 0) {
      findings.push(missingTable(spec));
      continue;
    }
    const best = candidates.find((candidate) => preferred(candidate.located.sheet)) ?? candidates[0]!;
    // A copy the workbook cannot tell from the one chosen — as full, and named this year's just as much
    // (two sheets both titled with the upload's year: a draft and a final) — is refused, not guessed.
    const rivals = candidates.filter(
      (candidate) =>
        candidate !== best &&
        countCells(candidate.located) >= countCells(best.located) &&
        preferred(candidate.located.sheet) === preferred(best.located.sheet),
    );
    if (rivals.length > 0)
      findings.push(duplicateTable(spec, [best, ...rivals], preferred(best.located.sheet)));
    tables[spec.code] = best.located;
    // A hostile sheet can repeat a row label thousands of times: the first few say it.
    findings.push(
      ...best.duplicates.slice(0, MAX_ROW_DUPLICATES),
      ...missingParts(best.located, spec, format),
      ...mergedValues(best.located, spec, format),
    );
  }
  return { tables, findings };
}

/** Two complete copies of a table on one sheet (last year's kept above this year's): refuse to guess. */
function withinSheet(spec: TableSpec, found: SheetCandidates): Candidate {
  const { best, all } = found;
  const full = countCells(best.located);
  const copies = all.filter((candidate) => full > 0 && countCells(candidate.located) === full);
  if (copies.length < 2) return best;
  const firsts = copies.map((copy) => firstCell(copy.located)).sort((a, b) => a.r - b.r || a.c - b.c);
  return {
    ...best,
    duplicates: [...best.duplicates, duplicateOnSheet(spec, best.located.sheet, copies.length, firsts)],
  };
}
