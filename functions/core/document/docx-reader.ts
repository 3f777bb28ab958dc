import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { DocumentLimits } from "../workbook/limits";
import { DocumentAssembler } from "./assembler";
import type { ReadDocument } from "./model";
import { budget, refuseDocument } from "./problems";

/**
 * The document part of a `.docx` (`word/document.xml`, inflated within the caps by the guard) → paragraphs
 * and tables. Read with saxes, a streaming XML parser: nothing is built but what is kept, the caps are
 * counted as elements come, and no DTD or entity is ever expanded (a document with a DOCTYPE is refused;
 * Word never writes one).
 *
 * What Word means is read here, element by element (ECMA-376 Part 1, §17): `w:tbl`/`w:tr`/`w:tc` with
 * `w:gridSpan`, `w:vMerge` (a cell continuing the one above) and the legacy `w:hMerge`, `w:gridBefore`
 * (a row starting right of the first column), deleted rows (`w:trPr/w:del`); text in `w:t` of runs, tabs
 * and breaks; a run's `w:vertAlign` superscript or subscript (a footnote mark, never a digit), its
 * `w:vanish` (hidden text, not shown, not read) and `w:strike` (struck-through: deleted, not read); text
 * boxes (`w:txbxContent`) skipped; footnote and endnote references as marks; deleted and
 * moved-away text (`w:del`, `w:moveFrom`), field codes (`w:instrText`) and `mc:Fallback` copies skipped.
 * Content controls, smart tags, custom XML and inserted text are read through.
 */

const W = new Set([
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
  "http://purl.oclc.org/ooxml/wordprocessingml/main",
]);
const MC = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/** Subtrees whose text Word does not show as the document's, and the formatting a revision replaced. */
const SKIPPED = new Set([
  "del",
  "moveFrom",
  "instrText",
  "delText",
  "delInstrText",
  // A text box floats over the page: its text (a seal's caption, a note) is not the cell's.
  "txbxContent",
  "sectPr",
  "pPrChange",
  "rPrChange",
  "tcPrChange",
  "trPrChange",
  "tblPrChange",
  "tblGridChange",
]);

const OFF = new Set(["0", "false", "off"]);

interface RunState {
  raised: boolean;
  hidden: boolean;
}

interface RowState {
  skip: number;
  deleted: boolean;
  opened: boolean;
}

interface CellState {
  colSpan: number;
  merge: "up" | "left" | null;
  opened: boolean;
}

/** An attribute by its local name, whatever its prefix (`w:val`). */
function attribute(tag: SaxesTagPlain, local: string): string | undefined {
  for (const [name, value] of Object.entries(tag.attributes)) {
    if (name === local || name.endsWith(`:${local}`)) return value;
  }
  return undefined;
}

const value = (tag: SaxesTagPlain) => attribute(tag, "val");

/**
 * The prefixes the root element binds to WordprocessingML and to markup compatibility (Word, WPS and
 * LibreOffice all write `w:` and `mc:`). Namespaces are resolved once, at the root, rather than per
 * element: saxes reads two to three times faster without its namespace processing.
 */
function prefixes(root: SaxesTagPlain): { w: Set<string>; mc: Set<string> } {
  const w = new Set<string>();
  const mc = new Set<string>();
  for (const [name, uri] of Object.entries(root.attributes)) {
    if (!name.startsWith("xmlns")) continue;
    const prefix = name === "xmlns" ? "" : name.slice("xmlns:".length);
    if (W.has(uri)) w.add(prefix);
    if (uri === MC) mc.add(prefix);
  }
  return { w, mc };
}

function split(name: string): [string, string] {
  const colon = name.indexOf(":");
  return colon < 0 ? ["", name] : [name.slice(0, colon), name.slice(colon + 1)];
}

function count(text: string | undefined): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

export function readDocx(documentXml: string, limits: DocumentLimits & { maxColumns: number }): ReadDocument {
  const assembler = new DocumentAssembler(limits);
  const elements = budget("too_many_elements", "elements in the document part", limits.maxElements);
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  let bound: { w: Set<string>; mc: Set<string> } | null = null;
  /** Local names of the open elements (W namespace; others prefixed with `~`). */
  const open: string[] = [];
  let skipping = 0;
  let run: RunState | null = null;
  const rows: RowState[] = [];
  const cells: CellState[] = [];

  const openCell = () => {
    const cell = cells.at(-1);
    if (!cell || cell.opened) return;
    const row = rows.at(-1);
    if (row && !row.opened) {
      assembler.openRow(row.skip);
      row.opened = true;
    }
    cell.opened = true;
    assembler.openCell(cell.colSpan, 1, cell.merge);
  };

  parser.on("doctype", () => refuseDocument("unreadable", "the document part declares a DOCTYPE"));
  parser.on("error", (error) =>
    refuseDocument("unreadable", `the document part is not XML: ${error.message}`),
  );
  parser.on("opentag", (tag) => {
    elements.add();
    if (open.length >= limits.maxElementDepth) {
      refuseDocument("too_deeply_nested", `elements nested more than ${limits.maxElementDepth} deep`, {
        limit: limits.maxElementDepth,
      });
    }
    bound ??= prefixes(tag);
    const [prefix, local] = split(tag.name);
    const inW = bound.w.has(prefix);
    const name = inW ? local : `~${local}`;
    const parent = open.at(-1);
    open.push(name);
    // A row marked deleted (`w:trPr/w:del`) is seen before its cells, which are then skipped.
    if (skipping === 0 && name === "del" && parent === "trPr" && rows.length > 0) rows.at(-1)!.deleted = true;
    if (skipping > 0 || (bound.mc.has(prefix) && local === "Fallback") || (inW && SKIPPED.has(name))) {
      skipping++;
      return;
    }
    if (!inW) return;
    // A cell's properties come first; anything else in the cell means they are all read.
    if (parent === "tc" && name !== "tcPr") openCell();
    switch (name) {
      case "tbl":
        assembler.openTable();
        break;
      case "tr":
        rows.push({ skip: 0, deleted: false, opened: false });
        break;
      case "gridBefore":
        if (parent === "trPr" && rows.length > 0) rows.at(-1)!.skip = count(value(tag));
        break;
      case "tc": {
        const row = rows.at(-1);
        if (row?.deleted) {
          skipping++;
          return;
        }
        cells.push({ colSpan: 1, merge: null, opened: false });
        break;
      }
      case "gridSpan":
        if (parent === "tcPr" && cells.length > 0) cells.at(-1)!.colSpan = Math.max(1, count(value(tag)));
        break;
      case "vMerge":
        if (parent === "tcPr" && cells.length > 0 && value(tag) !== "restart") cells.at(-1)!.merge = "up";
        break;
      case "hMerge":
        if (parent === "tcPr" && cells.length > 0 && value(tag) !== "restart") cells.at(-1)!.merge = "left";
        break;
      case "r":
        run = { raised: false, hidden: false };
        break;
      case "vertAlign":
        if (parent === "rPr" && run && /^(superscript|subscript)$/.test(value(tag) ?? "")) run.raised = true;
        break;
      case "vanish":
      // Struck-through text is deleted text, never digits of the number beside it (`1200` struck, `1286`).
      case "strike":
      case "dstrike":
        if (parent === "rPr" && run && !OFF.has(value(tag) ?? "")) run.hidden = true;
        break;
      case "tab":
        if (parent === "r" && run && !run.hidden) assembler.text("\t", run.raised);
        break;
      case "br":
      case "cr":
        if (parent === "r" && run && !run.hidden) assembler.text("\n", run.raised);
        break;
      case "noBreakHyphen":
        if (parent === "r" && run && !run.hidden) assembler.text("-", run.raised);
        break;
      case "footnoteReference":
      case "endnoteReference":
        // Word draws the mark's number from the note's id; it is a mark, never part of the cell's number.
        if (run && !run.hidden) assembler.text(`[${attribute(tag, "id") ?? ""}]`, true);
        break;
    }
  });
  parser.on("text", (text) => {
    if (skipping > 0 || open.at(-1) !== "t" || !run || run.hidden) return;
    assembler.text(text, run.raised);
  });
  parser.on("closetag", () => {
    const name = open.pop();
    if (skipping > 0) {
      skipping--;
      return;
    }
    switch (name) {
      case "tcPr":
        openCell();
        break;
      case "tc":
        openCell();
        assembler.closeCell();
        cells.pop();
        break;
      case "tr":
        rows.pop();
        break;
      case "tbl":
        assembler.closeTable();
        break;
      case "p":
        assembler.lineEnd();
        break;
      case "r":
        run = null;
        break;
    }
  });
  parser.write(documentXml).close();
  return assembler.result();
}
