import * as XLSX from "xlsx";
import type { Finding } from "../../../schemas/finding";
import { inspectContainer } from "./container";
import type { PackagePart } from "./container/verdict";
import type { Cell, CellType, Grid, Range, Workbook } from "./grid";
import { DEFAULT_LIMITS, type WorkbookLimits } from "./limits";
import { problemFinding, sheetjsErrorProblem, type WorkbookProblem } from "./problems";

/**
 * Bytes → grids. The container is inspected first (magic bytes, zip directory, inflated sizes with hard
 * caps); only then does SheetJS parse, with rows read and ranges clamped to the limits.
 */

/** Only SheetJS 0.20.3 is trusted: other republishes carry older, vulnerable code under newer numbers. */
export const SHEETJS_VERSION = "0.20.3";
if (XLSX.version !== SHEETJS_VERSION) {
  throw new Error(
    `SheetJS ${XLSX.version} is loaded; gongkai requires exactly ${SHEETJS_VERSION} (CVE-2023-30533, CVE-2024-22363)`,
  );
}

export type ReadResult =
  | { ok: true; workbook: Workbook; kind: "xlsx" | "xls" }
  | { ok: false; findings: Finding[] };

const refuse = (problem: WorkbookProblem): ReadResult => ({ ok: false, findings: [problemFinding(problem)] });

export function readWorkbook(bytes: Uint8Array, limits: WorkbookLimits = DEFAULT_LIMITS): ReadResult {
  const verdict = inspectContainer(bytes, limits);
  if (!verdict.ok) return refuse(verdict.problem);
  let book: XLSX.WorkBook;
  try {
    const options: XLSX.ParsingOptions = {
      type: "buffer",
      dense: true,
      sheetRows: limits.maxRows,
      cellFormula: true,
      // Without stubs SheetJS drops a formula saved without its value; with them it is {t:"z", f}.
      sheetStubs: true,
      cellHTML: false,
      cellNF: false,
      // Never true: with it SheetJS throws and catches an exception per cell of a workbook without fills
      // (13 s for 200,000 cells).
      cellStyles: false,
      // Cell text (number formats applied) is never read; an error cell's text is its value's name.
      cellText: false,
      cellDates: false,
      bookVBA: false,
      bookFiles: false,
      bookDeps: false,
      WTF: false,
    };
    book = verdict.parts ? parsePackage(verdict.parts, options) : XLSX.read(bytes, options);
  } catch (error) {
    return refuse(sheetjsErrorProblem(error));
  }
  if (book.SheetNames.length > limits.maxSheets) {
    return refuse({
      code: "too_many_sheets",
      detail: `${book.SheetNames.length} sheets`,
      limit: limits.maxSheets,
      actual: book.SheetNames.length,
    });
  }
  const sheets: Grid[] = [];
  let cells = 0;
  for (const [index, name] of book.SheetNames.entries()) {
    const sheet = book.Sheets[name];
    if (!sheet) continue;
    // Excel caps sheet names at 31 characters; a crafted file's may be any length, and names end up in messages.
    const grid = toGrid(name.slice(0, 100), sheet, limits, {
      rows: verdict.hiddenRows?.[index] ?? [],
      columns: verdict.hiddenColumns?.[index] ?? [],
    });
    if (book.Workbook?.Sheets?.[index]?.Hidden) grid.grid.hidden = true;
    cells += grid.cellCount;
    if (cells > limits.maxCells) {
      return refuse({
        code: "too_many_cells",
        detail: `more than ${limits.maxCells} cells`,
        limit: limits.maxCells,
        actual: cells,
      });
    }
    sheets.push(grid.grid);
  }
  if (sheets.length === 0) return refuse({ code: "no_sheets", detail: "the workbook has no worksheets" });
  return { ok: true, workbook: { sheets }, kind: verdict.kind };
}

// SheetJS's zip parser below `XLSX.read`: a named export its types leave out. Reached as a member of the
// namespace (never the namespace as a value), so the bundler still leaves SheetJS's writers out.
declare module "xlsx" {
  export function parse_zip(zip: unknown, options: ParsingOptions): WorkBook;
}

/** Adds an entry to a SheetJS container (`CFB.utils.cfb_add`; CFB is untyped). */
const cfbAdd: (
  zip: unknown,
  name: string,
  content: Uint8Array | undefined,
  options: { unsafe: true },
) => { data?: string } = XLSX.CFB.utils.cfb_add;
const NO_BYTES = new Uint8Array(0);

/**
 * An xlsx's parts as the guard read them, handed to SheetJS as the container its zip reader would have
 * made, so that it inflates nothing twice and parses exactly what the guard checked. An XML part goes as
 * the text the guard scanned: SheetJS reads an entry's `data` string as it would the bytes' Latin-1 text
 * (this is SheetJS 0.20.3's container, pinned above).
 */
function parsePackage(parts: readonly PackagePart[], options: XLSX.ParsingOptions): XLSX.WorkBook {
  // The root entry the zip reader starts its container with (`cfb_new` would also build an OLE tree).
  const zip = { FileIndex: [{ name: "Root Entry", type: 5 }], FullPaths: ["Root Entry/"] };
  for (const part of parts) {
    if ("bytes" in part) cfbAdd(zip, part.name, part.bytes, { unsafe: true });
    // An empty text would read as no part at all; empty bytes read as the empty text.
    else if (part.text === "") cfbAdd(zip, part.name, NO_BYTES, { unsafe: true });
    else cfbAdd(zip, part.name, undefined, { unsafe: true }).data = part.text;
  }
  return XLSX.parse_zip(zip, options);
}

const TYPES: Record<string, CellType | undefined> = { s: "s", n: "n", b: "b", e: "e", d: "d" };

function toGrid(
  name: string,
  sheet: XLSX.WorkSheet,
  limits: WorkbookLimits,
  /** The rows (an xlsx's; SheetJS reads an xls's) and columns (an xlsx's) the guard found hidden. */
  hiddenByGuard: { rows: readonly number[]; columns: readonly number[] },
): { grid: { -readonly [K in keyof Grid]: Grid[K] }; cellCount: number } {
  const data = (sheet["!data"] ?? []) as (XLSX.CellObject | undefined)[][];
  const rowCount = Math.min(data.length, limits.maxRows);
  const rows: (Cell | undefined)[][] = [];
  let colCount = 0;
  let cellCount = 0;
  for (let r = 0; r < rowCount; r++) {
    const source = data[r];
    if (!source) continue;
    const row: (Cell | undefined)[] = [];
    const width = Math.min(source.length, limits.maxColumns);
    for (let c = 0; c < width; c++) {
      const cell = toCell(source[c]);
      if (!cell) continue;
      row[c] = cell;
      cellCount++;
      colCount = Math.max(colCount, c + 1);
    }
    rows[r] = row;
  }
  const merges: Range[] = [];
  for (const merge of (sheet["!merges"] ?? []).slice(0, limits.maxMerges)) {
    if (merge.s.r >= rowCount || merge.s.c >= limits.maxColumns) continue;
    merges.push({
      r1: merge.s.r,
      c1: merge.s.c,
      r2: Math.min(merge.e.r, rowCount - 1),
      c2: Math.min(merge.e.c, limits.maxColumns - 1),
    });
  }
  const hiddenRows = new Set<number>(hiddenByGuard.rows.filter((r) => r < rowCount));
  for (const [r, info] of (sheet["!rows"] ?? []).entries())
    if (info?.hidden && r < rowCount) hiddenRows.add(r);
  const grid: Grid = {
    name,
    rowCount,
    colCount,
    rows,
    merges,
    ...(hiddenRows.size > 0 ? { hiddenRows } : {}),
    ...(hiddenByGuard.columns.length > 0 ? { hiddenColumns: new Set(hiddenByGuard.columns) } : {}),
  };
  return { grid, cellCount };
}

function toCell(source: XLSX.CellObject | undefined): Cell | undefined {
  if (!source) return undefined;
  const formula = typeof source.f === "string" && source.f.length > 0;
  // A formula saved without its cached value: a stub (`t: "z"`, read with sheetStubs), or, as SheetJS
  // itself writes one, an error cell with no value.
  if (formula && (source.t === "z" || source.v === undefined || source.v === null)) {
    return { type: "s", value: "", formula, uncachedFormula: true };
  }
  if (source.t === "e")
    return { type: "e", value: source.w ?? XLSX.utils.format_cell(source) ?? "#ERROR", formula };
  if (source.v === undefined || source.v === null || source.t === "z") return undefined;
  const type = TYPES[source.t];
  if (!type) return undefined;
  if (type === "d")
    return { type, value: source.v instanceof Date ? source.v.toISOString() : String(source.v), formula };
  if (type === "s" && String(source.v).trim() === "") return undefined;
  if (type === "s" && typeof source.r === "string" && (RAISED.test(source.r) || STRUCK.test(source.r)))
    return richText(source.r, formula);
  return { type, value: source.v as string | number | boolean, formula };
}

/** A run formatted superscript or subscript (`<vertAlign val="superscript"/>`). */
const RAISED = /<(?:\w+:)?vertAlign\s+val="(?:superscript|subscript)"/;
/** A run struck through (`<strike/>`, not `<strike val="0"/>`): deleted text, never digits of the number. */
const STRUCK = /<(?:\w+:)?strike(?!\s+val="(?:0|false)")[\s/>]/;
const RUN = /<(?:\w+:)?r>([\s\S]*?)<\/(?:\w+:)?r>/g;
const RUN_TEXT = /<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?t>/g;
const XML_ENTITY = /&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi;

function unescapeXml(text: string): string {
  return text.replace(XML_ENTITY, (entity) => {
    const named: Record<string, string> = {
      "&lt;": "<",
      "&gt;": ">",
      "&amp;": "&",
      "&quot;": '"',
      "&apos;": "'",
    };
    if (named[entity.toLowerCase()]) return named[entity.toLowerCase()]!;
    const code =
      entity[2]?.toLowerCase() === "x"
        ? Number.parseInt(entity.slice(3, -1), 16)
        : Number(entity.slice(2, -1));
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

/**
 * A shared string of rich-text runs (SheetJS keeps the runs' XML as `.r`): the superscript or subscript
 * runs at its end are its footnote, never digits of its number; struck-through runs are deleted text, not
 * read (`50` struck before `57` is 57, never 5057). Only strings with such a run come here; the runs are a
 * few, bounded by the shared string's size.
 */
function richText(runs: string, formula: boolean): Cell {
  let text = "";
  let footnote = "";
  let misplaced = false;
  for (const run of runs.matchAll(RUN)) {
    const body = run[1]!;
    if (STRUCK.test(body)) continue;
    const value = unescapeXml([...body.matchAll(RUN_TEXT)].map((part) => part[1]).join(""));
    if (RAISED.test(body)) footnote += value;
    else {
      if (footnote && value.trim()) misplaced = true;
      text += value;
    }
  }
  return {
    type: "s",
    value: text,
    formula,
    ...(footnote ? { footnote } : {}),
    ...(misplaced ? { misplacedMark: true } : {}),
  };
}
