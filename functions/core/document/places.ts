import type { Diagnosis, RepairCell } from "../../../schemas/diagnosis";
import {
  type DocumentPlace,
  documentCellName,
  documentTableName,
  type Finding,
} from "../../../schemas/finding";
import type { CellSource } from "../../../schemas/report";
import { sortFindings } from "../findings";
import type { Location } from "../locate";
import type { Validation } from "../validate";
import type { DocumentGrid } from "./document-grid";

/**
 * A document's validation, its places named in the document's own terms: the grid's sheet and A1 address,
 * which exist only inside the core, become the table (`第 2 个表格`) and its row and column
 * (`第 6 行第 10 列`), with the labels the document gives them in `location`. The diagnosis's cells are
 * named so before the rules run (`diagnosisInDocumentTerms`), since the rules' messages quote them.
 */

const A1 = /^([A-Z]{1,3})(\d{1,7})$/;

function cellOf(address: string): { r: number; c: number } | null {
  const match = A1.exec(address);
  if (!match) return null;
  const c = [...match[1]!].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0) - 1;
  return { r: Number(match[2]) - 1, c };
}

export function inDocumentTerms(
  validation: Validation,
  location: Location,
  document: DocumentGrid,
): Validation {
  const name = document.grid.name;
  /** The document table a located table was read from: that of its first value cell. */
  const tableOf = (table: Finding["table"]): number | null => {
    const located = table ? location.tables[table] : undefined;
    if (!located) return null;
    for (const columns of located.cells.values())
      for (const position of columns.values()) return document.tableAt(position.r);
    return null;
  };
  const place = (sheet: string | null, cell: string | null, table: Finding["table"]) => {
    if (sheet !== name) return null;
    const at = cell ? cellOf(cell) : null;
    const found: DocumentPlace | null = at
      ? document.placeOf(at.r, at.c)
      : (() => {
          const number = tableOf(table);
          return number === null
            ? null
            : { table: number, row: null, column: null, rowLabel: null, columnLabel: null };
        })();
    return found;
  };
  const findings = validation.findings.map((finding): Finding => {
    if (finding.sheet !== name) return finding;
    const found = place(finding.sheet, finding.cell, finding.table);
    if (!found) return { ...finding, sheet: null, cell: null };
    return {
      ...finding,
      sheet: documentTableName(found.table),
      cell: found.row !== null && found.column !== null ? documentCellName(found.row, found.column) : null,
      location: found,
    };
  });
  const notes = (validation.report?.notes ?? []).map((note): CellSource => {
    const found = place(note.sheet, note.cell, note.table);
    if (!found || found.row === null || found.column === null) return note;
    return {
      ...note,
      sheet: documentTableName(found.table),
      cell: documentCellName(found.row, found.column),
    };
  });
  return {
    ...validation,
    findings: sortFindings(findings),
    report: validation.report ? { ...validation.report, notes } : null,
  };
}

/**
 * The diagnosis's cells named in the document's own terms, as its findings are: applied before the rules
 * run, so that a message naming the cell to change (`最可能出错的是 第 2 个表格 第 6 行第 10 列`) names it
 * where the clerk finds it.
 */
export function diagnosisInDocumentTerms(document: DocumentGrid): (diagnosis: Diagnosis) => Diagnosis {
  const inTerms = (cell: RepairCell): RepairCell => {
    const at = cell.sheet === document.grid.name ? cellOf(cell.cell) : null;
    const found = at ? document.placeOf(at.r, at.c) : null;
    // Every value cell is on a table's row of the grid, so each has its place in the document.
    if (!found || found.row === null || found.column === null) return cell;
    return {
      ...cell,
      sheet: documentTableName(found.table),
      cell: documentCellName(found.row, found.column),
      location: found,
    };
  };
  return (diagnosis) => ({
    ...diagnosis,
    repairs: diagnosis.repairs.map((repair) => ({ cells: repair.cells.map(inTerms) })),
  });
}
