import type { WorkbookLimits } from "../limits";
import { decodeRange, rangeArea } from "./ranges";
import { SNIFF_BYTES } from "./sniff";
import { refuse } from "./verdict";

/**
 * What SheetJS will do with an XML part, from its bytes: it reads every `<mergeCell>` (ignoring
 * `sheetRows`), visits every cell each `<hyperlink ref>` covers (creating a cell object for each), with
 * `cellFormula` compares every cell with every multi-cell array formula, attaches each comment after
 * scanning the cell's others, and walks a chart's cached points up to the largest index. A claimed
 * `<dimension>` is only noted: SheetJS clamps it to the rows it actually read.
 */

const MERGE_NEEDLE = "mergeCell ref=";
const ARRAY_FORMULA_NEEDLE = 't="array"';
const HYPERLINK_NEEDLE = "hyperlink ";
const COMMENT_NEEDLE = "omment";
const CHART_POINT_NEEDLE = "<c:pt idx=";
/**
 * Multi-cell array formulas one sheet may hold. Reading formulas, SheetJS compares every cell it reads with
 * every such formula seen before it, so 800,000 cells and as many array formulas would be 10^11 steps; a
 * report has none, a working sheet a handful.
 */
export const MAX_ARRAY_FORMULAS = 100;
/** Comments (or threaded replies) on one cell; SheetJS scans a cell's comments for each one it adds. */
export const MAX_COMMENTS_PER_CELL = 100;

/**
 * Refuses a part that would make SheetJS slow or huge; adds to `notes` what is only worth saying. `text`
 * is the part read one character per byte (`latin1`), so offsets in the text are offsets in the part.
 */
export function scanPart(name: string, text: string, limits: WorkbookLimits, notes: string[]): void {
  const merges = countMerges(name, text, limits);
  checkArrayFormulas(name, text);
  checkHyperlinks(name, text, limits);
  if (text.includes(COMMENT_NEEDLE)) checkComments(name, text, limits);
  if (text.includes(CHART_POINT_NEEDLE)) checkChartPoints(name, text, limits);
  noteDimension(name, text, limits, notes);
  if (merges > 0) noteFarMerges(name, text, limits, notes);
}

/** The merged ranges, counted up to one past `maxMerges`; refuses more than `maxMerges`. */
function countMerges(name: string, text: string, limits: WorkbookLimits): number {
  let merges = 0;
  for (
    let at = text.indexOf(MERGE_NEEDLE);
    at >= 0 && merges < limits.maxMerges + 1;
    at = text.indexOf(MERGE_NEEDLE, at + MERGE_NEEDLE.length)
  ) {
    merges++;
  }
  if (merges > limits.maxMerges) {
    refuse("too_many_merges", `${name} has more than ${limits.maxMerges} merged ranges`, {
      limit: limits.maxMerges,
      actual: merges,
    });
  }
  return merges;
}

function checkArrayFormulas(name: string, text: string): void {
  let arrays = 0;
  for (
    let at = text.indexOf(ARRAY_FORMULA_NEEDLE);
    at >= 0;
    at = text.indexOf(ARRAY_FORMULA_NEEDLE, at + 1)
  ) {
    // SheetJS takes the cell's first `ref=`; one inside this tag without a colon is a one-cell formula.
    const ref = /\bref\s*=\s*["']([^"']*)["']/.exec(enclosingTag(text, at))?.[1];
    if (ref === undefined || ref.includes(":")) arrays++;
    if (arrays > MAX_ARRAY_FORMULAS) {
      refuse(
        "too_many_array_formulas",
        `${name} has more than ${MAX_ARRAY_FORMULAS} multi-cell array formulas`,
        {
          limit: MAX_ARRAY_FORMULAS,
          actual: arrays,
        },
      );
    }
  }
}

function checkHyperlinks(name: string, text: string, limits: WorkbookLimits): void {
  let linked = 0;
  for (let at = text.indexOf(HYPERLINK_NEEDLE); at >= 0; at = text.indexOf(HYPERLINK_NEEDLE, at + 1)) {
    const before = text.charCodeAt(at - 1);
    if (before !== 0x3c && before !== 0x3a) continue; // `<hyperlink ` or `<x:hyperlink `
    for (const match of enclosingTag(text, at).matchAll(/\bref\s*=\s*["']([^"']*)["']/g)) {
      linked += rangeArea(decodeRange(match[1]!));
      if (linked > limits.maxCells) {
        refuse(
          "hyperlink_range",
          `${name} has hyperlinks (${match[1]}) covering more than ${limits.maxCells} cells`,
          {
            limit: limits.maxCells,
            actual: linked,
          },
        );
      }
    }
  }
}

function checkComments(name: string, text: string, limits: WorkbookLimits): void {
  const perCell = new Map<string, number>();
  let total = 0;
  for (const match of text.matchAll(/<(?:\w+:)?(?:threadedComment|comment)\b[^>]*>/g)) {
    const ref = /\bref\s*=\s*["']([^"']*)["']/.exec(match[0])?.[1] ?? "";
    const count = (perCell.get(ref) ?? 0) + 1;
    perCell.set(ref, count);
    total++;
    if (count > MAX_COMMENTS_PER_CELL || total > limits.maxCells) {
      const over = count > MAX_COMMENTS_PER_CELL;
      refuse(
        "too_many_comments",
        over
          ? `${name} puts more than ${MAX_COMMENTS_PER_CELL} comments on ${ref}`
          : `${name} has more than ${limits.maxCells} comments`,
        over ? { limit: MAX_COMMENTS_PER_CELL, actual: count } : { limit: limits.maxCells, actual: total },
      );
    }
  }
}

/**
 * SheetJS puts a chart's cached points in an array at the index each names, then walks it with
 * `forEach`, which visits every index up to the largest: one point at 4,000,000,000 never finishes.
 */
function checkChartPoints(name: string, text: string, limits: WorkbookLimits): void {
  let total = 0;
  let largest = -1;
  for (const match of text.matchAll(/<c:numCache>|<c:pt idx="(\d*)"/g)) {
    if (match[1] === undefined) {
      total += largest + 1;
      largest = -1;
    } else {
      largest = Math.max(largest, Number(match[1]));
    }
    if (total + largest + 1 > limits.maxCells) {
      refuse("chart_range", `${name} caches chart points up to index ${largest}`, {
        limit: limits.maxCells,
        actual: total + largest + 1,
      });
    }
  }
}

function noteDimension(name: string, text: string, limits: WorkbookLimits, notes: string[]): void {
  const head = text.slice(0, SNIFF_BYTES);
  // The plain search first: most parts have no dimension, and it is much cheaper than the expression.
  if (!head.includes("dimension")) return;
  const dimension = /<(?:\w+:)?dimension\b[^>]*\bref\s*=\s*["']([^"']*)["']/.exec(head)?.[1];
  if (dimension === undefined) return;
  const range = decodeRange(dimension);
  if (range.er >= limits.maxRows || range.ec >= limits.maxColumns) {
    const rows = range.er - range.sr + 1;
    const cols = range.ec - range.sc + 1;
    notes.push(
      `${name} claims dimension ${dimension} (${rows} rows x ${cols} columns); ` +
        `read at most ${limits.maxRows} rows and ${limits.maxColumns} columns`,
    );
  }
}

/** Notes the first three merged ranges beyond what the reader keeps. */
function noteFarMerges(name: string, text: string, limits: WorkbookLimits, notes: string[]): void {
  let reported = 0;
  for (const match of text.matchAll(/<(?:\w+:)?mergeCell ref=["']([A-Z0-9:]+)['"]/g)) {
    const range = decodeRange(match[1]!);
    if ((range.er >= limits.maxRows || range.ec >= limits.maxColumns) && reported < 3) {
      notes.push(
        `${name} merges ${match[1]}, beyond the first ${limits.maxRows} rows x ${limits.maxColumns} columns`,
      );
      reported++;
    }
  }
}

/** The XML tag around a position: from the `<` before it to the `>` after it (at most 4 KB each way). */
export function enclosingTag(text: string, at: number): string {
  const open = text.lastIndexOf("<", at);
  const start = open < 0 || at - open > 4096 ? at : open;
  const close = text.indexOf(">", at);
  const end = close < 0 || close - at > 4096 ? Math.min(text.length, at + 4096) : close + 1;
  return text.slice(start, end);
}
