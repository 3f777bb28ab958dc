import type { Finding } from "../../schemas/finding";
import type { FormatSpec, RowSpec, TableCode, TableSpec } from "../../schemas/formats";
import { cellName, finding, rowName } from "./findings";
import { labelsOf, matchScore, normalizeLabel, oneLabel, splitLevels, stripEnumerators } from "./labels";
import { type AmountUnit, headerUnit } from "./normalize-values";
import { address } from "./workbook/grid";
import type { SheetView, TextCell } from "./workbook/sheet-view";

/**
 * Finds each table by its header cells, each row by its label and each column by its header, wherever a
 * department put them: one sheet or three, title rows above, blank rows between, merged headers.
 */

export interface Position {
  r: number;
  c: number;
  /** The row has no cell of its own under this column (a neighbour's merge covers it): blank. */
  none?: boolean;
  /** The unit the column's header names, for amounts (`采购总金额（元）`). */
  unit?: AmountUnit;
}

export interface LocatedTable {
  table: TableCode;
  sheet: SheetView;
  /** row code → column code → the value cell */
  cells: Map<string, Map<string, Position>>;
}

export interface Location {
  tables: Partial<Record<TableCode, LocatedTable>>;
  findings: Finding[];
}

/** Tells the format by the column headers of section 二 (`本年新制作数量` 2019, `本年制发件数` 2021). */
export function detectFormat(
  views: readonly SheetView[],
  formats: readonly FormatSpec[],
): FormatSpec | undefined {
  let best: { format: FormatSpec; hits: number } | undefined;
  for (const format of formats) {
    let hits = 0;
    for (const view of views) {
      for (const cell of view.headerCells) if (matchScore(cell.text, oneLabel(format.marker)) >= 2) hits++;
    }
    if (hits > 0 && (!best || hits > best.hits)) best = { format, hits };
  }
  return best?.format;
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
  const locators = {
    proactive: locateProactive,
    applications: locateApplications,
    appeals: locateAppeals,
  } as const;
  for (const code of ["proactive", "applications", "appeals"] as const) {
    const spec = format.tables[code];
    const candidates = views
      .map((view) => locators[code](view, spec as never, format))
      .filter((candidate): candidate is Candidate => candidate !== undefined)
      .sort((a, b) => countCells(b.located) - countCells(a.located));
    if (candidates.length === 0) {
      findings.push(
        finding(
          "table.missing",
          "error",
          { table: code, sheet: null, cell: null },
          missingTableMessage(spec),
        ),
      );
      continue;
    }
    const best = candidates.find((candidate) => preferred(candidate.located.sheet)) ?? candidates[0]!;
    const rivals = candidates.filter(
      (candidate) =>
        candidate !== best &&
        countCells(candidate.located) >= countCells(best.located) &&
        !preferred(best.located.sheet),
    );
    if (rivals.length > 0) findings.push(duplicateTable(spec, [best, ...rivals]));
    tables[code] = best.located;
    findings.push(...best.duplicates, ...missingParts(best.located, spec, format));
  }
  return { tables, findings };
}

function duplicateTable(spec: TableSpec, candidates: readonly Candidate[]): Finding {
  const sheets = candidates.map((candidate) => `「${candidate.located.sheet.name}」`).join("、");
  return finding(
    "table.duplicate",
    "error",
    { table: spec.code, sheet: candidates[0]!.located.sheet.name, cell: null },
    {
      zh: `「${spec.title.zh}」表在多个工作表中都有（${sheets}），无法判断哪一张是本年的。请删除其他年份或重复的工作表，只保留本年的一张，或在本年工作表的标题中写明年份。`,
      en: `"${spec.title.en}" appears on several sheets (${candidates.map((c) => c.located.sheet.name).join(", ")}), so which is this year's cannot be told. Delete the other years' or duplicate sheets, or state the year in this year's sheet title.`,
    },
    null,
    candidates.length,
  );
}

function countCells(located: LocatedTable): number {
  let n = 0;
  for (const columns of located.cells.values()) n += columns.size;
  return n;
}

function missingTableMessage(spec: TableSpec) {
  const hint: Record<TableCode, { zh: string; en: string }> = {
    proactive: {
      zh: "表头“信息内容 | 本年新制作数量…”或“本年制发件数…”",
      en: "its header row (信息内容 | 本年制发件数 …)",
    },
    applications: {
      zh: "表头“自然人 | 商业企业 | 科研机构…”",
      en: "its applicant header (自然人 | 商业企业 | 科研机构 …)",
    },
    appeals: {
      zh: "表头“行政复议 | 行政诉讼”及其下的“结果维持 | 结果纠正…”",
      en: "its header (行政复议 | 行政诉讼 over 结果维持 | 结果纠正 …)",
    },
  };
  const h = hint[spec.code];
  return {
    zh: `找不到「${spec.title.zh}」表：工作簿中没有${h.zh}。请按国家规定格式填写该表（可用 gongkai template 生成空白模板）。`,
    en: `Table "${spec.title.en}" was not found: no sheet has ${h.en}. Fill in the table in the national format (gongkai template writes a blank one).`,
  };
}

function missingParts(located: LocatedTable, spec: TableSpec, format: FormatSpec): Finding[] {
  const findings: Finding[] = [];
  for (const row of spec.rows) {
    const columns = located.cells.get(row.code);
    if (!columns) {
      const name = rowName(format, spec.code, row.code);
      findings.push(
        finding(
          "table.row_missing",
          "error",
          { table: spec.code, sheet: located.sheet.name, cell: null },
          {
            zh: `「${spec.title.zh}」缺少一行：${name.zh}。请按国家规定格式补上该行（没有数据填 0）。`,
            en: `"${spec.title.en}" lacks the row "${row.label}" (${name.en}). Add it as in the national format (write 0 where there is nothing to report).`,
          },
          row.label,
          null,
        ),
      );
      continue;
    }
    for (const code of row.columns ?? spec.columns.map((column) => column.code)) {
      if (columns.has(code)) continue;
      const name = cellName(format, spec.code, row.code, code);
      const label = spec.columns.find((column) => column.code === code)?.label ?? code;
      findings.push(
        finding(
          "table.column_missing",
          "error",
          { table: spec.code, sheet: located.sheet.name, cell: null },
          {
            zh: `「${spec.title.zh}」找不到列「${label}」（${name.zh}）。请按国家规定格式补上该列表头。`,
            en: `"${spec.title.en}" has no column "${label}" (${name.en}). Add that column header as in the national format.`,
          },
          label,
          null,
        ),
      );
    }
  }
  return findings;
}

function duplicateRow(
  spec: TableSpec,
  format: FormatSpec,
  view: SheetView,
  row: RowSpec,
  at: Position,
): Finding {
  const name = rowName(format, spec.code, row.code);
  return finding(
    "table.row_duplicate",
    "error",
    { table: spec.code, sheet: view.name, cell: address(at.r, at.c) },
    {
      zh: `「${name.zh}」这一行出现了不止一次。请删除重复的行，每行只保留一次。`,
      en: `The row "${name.en}" appears more than once. Delete the duplicate so each row appears once.`,
    },
    null,
    row.label,
  );
}

interface Candidate {
  located: LocatedTable;
  duplicates: Finding[];
}

/** The best-scoring spec a text matches, when one stands out. */
function bestMatch<T extends { label: string; aliases?: readonly string[] }>(
  text: string,
  specs: readonly T[],
  minimum = 1,
): { spec: T; score: number } | undefined {
  let best: { spec: T; score: number } | undefined;
  let tie = false;
  for (const spec of specs) {
    const score = matchScore(text, labelsOf(spec));
    if (score < minimum) continue;
    if (!best || score > best.score) {
      best = { spec, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return tie ? undefined : best;
}

/** A non-blank value in columns c..cEnd of row r (a header merged over several columns). */
function valueColumn(view: SheetView, r: number, c: number, cEnd: number): number | null {
  let own: number | undefined;
  for (let col = c; col <= cEnd; col++) {
    // A merge reaching in from the left holds the previous column's number, not this one's.
    const merge = view.mergeAt(r, col);
    if (merge && merge.c1 < c) continue;
    own ??= col;
    const cell = view.cell(r, col);
    if (cell && !(cell.type === "s" && String(cell.value).trim() === "")) return col;
  }
  return own ?? null;
}

// ── 二、主动公开 ─────────────────────────────────────────────────────────────

function locateProactive(view: SheetView, spec: TableSpec, format: FormatSpec): Candidate | undefined {
  // Header rows: rows holding any of the format's column labels.
  const headers = new Map<number, Map<string, { c: number; cEnd: number; unit: AmountUnit | undefined }>>();
  for (const cell of view.headerCells) {
    const match = bestMatch(cell.text, spec.columns, 2);
    if (!match) continue;
    const row = headers.get(cell.r) ?? new Map();
    if (!row.has(match.spec.code))
      row.set(match.spec.code, {
        c: cell.c,
        cEnd: view.spanEnd(cell.r, cell.c),
        unit: headerUnit(cell.text),
      });
    headers.set(cell.r, row);
  }
  if (headers.size === 0) return undefined;
  const headerRows = [...headers.keys()].sort((a, b) => a - b);
  // A header wrapped over two rows is one header: the lower row takes the upper row's columns too.
  for (const h of headerRows) {
    const above = headers.get(h - 1);
    const row = headers.get(h)!;
    for (const [code, column] of above ?? []) if (!row.has(code)) row.set(code, column);
  }
  const cells = new Map<string, Map<string, Position>>();
  const found = new Map<string, { r: number; c: number; score: number }>();
  const duplicates: Finding[] = [];
  for (const cell of view.textCells) {
    if (headers.has(cell.r)) continue;
    const match = bestMatch(cell.text, spec.rows, 1);
    if (!match) continue;
    const row = match.spec;
    const wanted = row.columns ?? spec.columns.map((column) => column.code);
    // The nearest header above that has this row's columns, its labels to the right of the row label.
    const headerRow = headerRows
      .filter((h) => h < cell.r && cell.r - h <= 12)
      .reverse()
      .find((h) => wanted.some((code) => (headers.get(h)?.get(code)?.c ?? -1) > cell.c));
    if (headerRow === undefined) continue;
    const previous = found.get(row.code);
    if (previous) {
      if (previous.score >= match.score) {
        if (previous.score === match.score) duplicates.push(duplicateRow(spec, format, view, row, cell));
        continue;
      }
    }
    found.set(row.code, { r: cell.r, c: cell.c, score: match.score });
    const header = headers.get(headerRow)!;
    const columns = new Map<string, Position>();
    for (const code of wanted) {
      const column = header.get(code);
      if (!column) continue;
      const c = valueColumn(view, cell.r, column.c, column.cEnd);
      const unit = column.unit ? { unit: column.unit } : {};
      columns.set(
        code,
        c === null ? { r: cell.r, c: column.c, none: true, ...unit } : { r: cell.r, c, ...unit },
      );
    }
    cells.set(row.code, columns);
  }
  if (cells.size === 0) return undefined;
  return { located: { table: "proactive", sheet: view, cells }, duplicates };
}

// ── 三、依申请公开 ───────────────────────────────────────────────────────────

function nearest(cells: readonly TextCell[], target: Position): TextCell | undefined {
  return [...cells].sort(
    (a, b) =>
      Math.abs(a.r - target.r) - Math.abs(b.r - target.r) ||
      Math.abs(a.c - target.c) - Math.abs(b.c - target.c),
  )[0];
}

function locateApplications(view: SheetView, spec: TableSpec, format: FormatSpec): Candidate | undefined {
  // Every header cell of every column, found in one pass over the sheet's text.
  const byColumn = new Map<string, TextCell[]>(spec.columns.map((column) => [column.code, []]));
  for (const cell of view.headerCells) {
    for (const column of spec.columns) {
      if (matchScore(cell.text, labelsOf(column)) >= 2) byColumn.get(column.code)!.push(cell);
    }
  }
  const matching = (code: string) => byColumn.get(code) ?? [];
  let best: Candidate | undefined;
  const candidates: Candidate[] = [];
  for (const anchor of matching("commercial")) {
    const band = (cell: TextCell) => cell.r >= anchor.r - 3 && cell.r <= anchor.r;
    const columns = new Map<string, number>([["commercial", anchor.c]]);
    const pick = (code: string, filter: (cell: TextCell) => boolean) => {
      const cell = nearest(
        matching(code).filter((candidate) => band(candidate) && filter(candidate)),
        anchor,
      );
      if (cell) columns.set(code, cell.c);
    };
    // The other organisation columns: on the anchor's row, or merged down over it (the national header
    // merges them over two rows), in whatever order the department put them, the closest first.
    for (const code of ["research", "nonprofit", "legal_services", "other_org"]) {
      pick(
        code,
        (cell) =>
          cell.r <= anchor.r &&
          view.lastRow(cell.r, cell.c) >= anchor.r &&
          cell.c !== anchor.c &&
          Math.abs(cell.c - anchor.c) <= 8,
      );
    }
    const organisations = [...columns.values()];
    pick("natural_person", (cell) => cell.c < Math.min(...organisations));
    // 总计: the first such header right of the applicants (a table beside this one has its own 总计).
    const rightmost = Math.max(...columns.values());
    const totals = matching("total").filter((cell) => band(cell) && cell.c > rightmost);
    const total = totals.sort((a, b) => a.c - b.c || Math.abs(a.r - anchor.r) - Math.abs(b.r - anchor.r))[0];
    if (total) columns.set("total", total.c);
    const firstDataColumn = Math.min(...columns.values());
    const located = applicationRows(view, spec, format, anchor.r, firstDataColumn, columns);
    candidates.push(located);
    if (!best || countCells(located.located) > countCells(best.located)) best = located;
  }
  return best && best.located.cells.size > 0 ? withinSheetDuplicates(spec, best, candidates) : undefined;
}

function applicationRows(
  view: SheetView,
  spec: TableSpec,
  format: FormatSpec,
  headerRow: number,
  firstDataColumn: number,
  columns: Map<string, number>,
): Candidate {
  const headings = new Map<string, number>();
  for (const row of spec.rows) {
    for (const [level, parent] of (row.parents ?? []).entries()) headings.set(parent, level);
  }
  const headingLevel = (text: string) => {
    for (const [heading, level] of headings) {
      if (matchScore(text, oneLabel(heading)) >= 2) return { heading, level };
    }
    return undefined;
  };
  const cells = new Map<string, Map<string, Position>>();
  const duplicates: Finding[] = [];
  let context: string[] = [];
  const lastRow = Math.min(view.grid.rowCount - 1, headerRow + 80);
  for (let r = headerRow + 1; r <= lastRow; r++) {
    const parts: { text: string; c: number }[] = [];
    let previous = "";
    for (let c = 0; c < firstDataColumn; c++) {
      const text = view.text(r, c);
      if (!text || text === previous) continue;
      previous = text;
      for (const level of splitLevels(text)) parts.push({ text: level, c });
    }
    if (parts.length === 0) continue;
    if (/行政复议|行政诉讼/.test(parts.map((part) => part.text).join(""))) break;
    const innermost = parts[parts.length - 1]!;
    for (const part of parts.slice(0, -1)) {
      const heading = headingLevel(part.text);
      if (heading) context = [...context.slice(0, heading.level), heading.heading];
    }
    let candidates = spec.rows
      .map((row) => ({ row, score: matchScore(innermost.text, labelsOf(row)) }))
      .filter((candidate) => candidate.score > 0);
    const top = Math.max(0, ...candidates.map((candidate) => candidate.score));
    candidates = candidates.filter((candidate) => candidate.score === top);
    if (candidates.length > 1) {
      const inContext = candidates.filter((candidate) => {
        const parent = candidate.row.parents?.at(-1);
        return parent !== undefined && context.includes(parent);
      });
      if (inContext.length > 0) candidates = inContext;
    }
    const heading = headingLevel(innermost.text);
    if (candidates.length !== 1 || (heading && top < 3)) {
      if (heading) context = [...context.slice(0, heading.level), heading.heading];
      continue;
    }
    const row = candidates[0]!.row;
    context = [...(row.parents ?? [])];
    if (cells.has(row.code)) {
      duplicates.push(duplicateRow(spec, format, view, row, { r, c: innermost.c }));
      continue;
    }
    const positions = new Map<string, Position>();
    for (const [code, c] of columns) positions.set(code, { r, c });
    cells.set(row.code, positions);
    if (row.code === "carried_forward") break;
  }
  return { located: { table: "applications", sheet: view, cells }, duplicates };
}

// ── 四、行政复议、行政诉讼 ─────────────────────────────────────────────────────

function locateAppeals(view: SheetView, spec: TableSpec, format: FormatSpec): Candidate | undefined {
  const upheld = spec.columns.find((column) => column.code === "upheld")!;
  const anchors = view.headerCells.filter((cell) => matchScore(cell.text, labelsOf(upheld)) >= 2);
  if (anchors.length === 0) return undefined;
  // Header rows close together are one table's header; a second cluster further down is a second table.
  const clusters: TextCell[][] = [];
  for (const anchor of [...anchors].sort((a, b) => a.r - b.r)) {
    const last = clusters.at(-1);
    if (last && anchor.r - last.at(-1)!.r <= 3) last.push(anchor);
    else clusters.push([anchor]);
  }
  const tables = clusters.map((cluster) =>
    new Set(cluster.map((cell) => cell.c)).size >= 2
      ? appealsSideBySide(view, spec, cluster)
      : appealsStacked(view, spec, format, cluster[0]!),
  );
  const best = tables.reduce((a, b) => (countCells(b.located) > countCells(a.located) ? b : a));
  return withinSheetDuplicates(spec, best, tables);
}

/** Two complete copies of a table on one sheet (last year's kept above this year's): refuse to guess. */
function withinSheetDuplicates(
  spec: TableSpec,
  best: Candidate,
  candidates: readonly Candidate[],
): Candidate {
  const full = countCells(best.located);
  const copies = candidates.filter((candidate) => full > 0 && countCells(candidate.located) === full);
  if (copies.length < 2) return best;
  const sheet = best.located.sheet.name;
  return {
    ...best,
    duplicates: [
      ...best.duplicates,
      finding(
        "table.duplicate",
        "error",
        { table: spec.code, sheet, cell: null },
        {
          zh: `「${spec.title.zh}」表在工作表「${sheet}」中出现了 ${copies.length} 次，无法判断哪一张是本年的。请删除其他年份或重复的表，只保留本年的一张。`,
          en: `"${spec.title.en}" appears ${copies.length} times on sheet "${sheet}", so which is this year's cannot be told. Delete the other years' or duplicate copies and keep this year's only.`,
        },
        null,
        copies.length,
      ),
    ],
  };
}

/** The national layout: three groups of five columns side by side, one row of 15 numbers. */
function appealsSideBySide(view: SheetView, spec: TableSpec, anchors: readonly TextCell[]): Candidate {
  const starts = [...anchors]
    .sort((a, b) => a.c - b.c || a.r - b.r)
    .filter((cell, i, all) => i === 0 || all[i - 1]!.c !== cell.c);
  const groups = starts.map((start, i) => {
    const end = (starts[i + 1]?.c ?? start.c + 8) - 1;
    const columns = new Map<string, number>([["upheld", start.c]]);
    let bottom = view.mergeAt(start.r, start.c)?.r2 ?? start.r;
    for (const cell of view.headerCells) {
      if (cell.r !== start.r || cell.c <= start.c || cell.c > end) continue;
      const match = bestMatch(cell.text, spec.columns, 2);
      if (match && !columns.has(match.spec.code)) {
        columns.set(match.spec.code, cell.c);
        bottom = Math.max(bottom, view.mergeAt(cell.r, cell.c)?.r2 ?? cell.r);
      }
    }
    // Which row this group is: the group heading above it (行政复议 / 未经复议直接起诉 / 复议后起诉).
    let row: RowSpec | undefined;
    for (let r = start.r - 1; r >= Math.max(0, start.r - 3) && !row; r--) {
      for (let c = start.c; c <= end && !row; c++) {
        const text = view.text(r, c);
        if (text) row = bestMatch(text, spec.rows, 1)?.spec;
      }
    }
    return { start, columns, bottom, row };
  });
  const used = new Set(groups.map((group) => group.row?.code).filter(Boolean));
  const unassigned = spec.rows.filter((row) => !used.has(row.code));
  for (const group of groups) if (!group.row) group.row = unassigned.shift();
  const headerBottom = Math.max(...groups.map((group) => group.bottom));
  const allColumns = groups.flatMap((group) => [...group.columns.values()]);
  // The numbers stand in the first row under the header that has any cell in the group columns.
  let dataRow = headerBottom + 1;
  for (let r = headerBottom + 1; r <= headerBottom + 3; r++) {
    if (allColumns.some((c) => view.cell(r, c) !== undefined)) {
      dataRow = r;
      break;
    }
  }
  const cells = new Map<string, Map<string, Position>>();
  for (const group of groups) {
    if (!group.row || cells.has(group.row.code)) continue;
    const positions = new Map<string, Position>();
    for (const [code, c] of group.columns) positions.set(code, { r: dataRow, c });
    cells.set(group.row.code, positions);
  }
  return { located: { table: "appeals", sheet: view, cells }, duplicates: [] };
}

/** A transposed layout some departments use: one header row of five columns, a row per 复议/诉讼. */
function appealsStacked(view: SheetView, spec: TableSpec, format: FormatSpec, anchor: TextCell): Candidate {
  const columns = new Map<string, number>([["upheld", anchor.c]]);
  for (const cell of view.headerCells) {
    if (cell.r !== anchor.r || cell.c <= anchor.c) continue;
    const match = bestMatch(cell.text, spec.columns, 2);
    if (match && !columns.has(match.spec.code)) columns.set(match.spec.code, cell.c);
  }
  const cells = new Map<string, Map<string, Position>>();
  const duplicates: Finding[] = [];
  for (let r = anchor.r + 1; r <= Math.min(view.grid.rowCount - 1, anchor.r + 8); r++) {
    let label = "";
    let labelColumn = 0;
    for (let c = 0; c < anchor.c; c++) {
      const text = view.text(r, c);
      if (text && !label.endsWith(text)) {
        label += text;
        labelColumn = c;
      }
    }
    if (!label) continue;
    const core = stripEnumerators(normalizeLabel(label));
    const row =
      bestMatch(core, spec.rows, 1)?.spec ??
      spec.rows.find((candidate) =>
        labelsOf(candidate).some((text) => core.replace(/[()]/g, "").endsWith(normalizeLabel(text))),
      );
    if (!row) continue;
    if (cells.has(row.code)) {
      duplicates.push(duplicateRow(spec, format, view, row, { r, c: labelColumn }));
      continue;
    }
    const positions = new Map<string, Position>();
    for (const [code, c] of columns) positions.set(code, { r, c });
    cells.set(row.code, positions);
  }
  return { located: { table: "appeals", sheet: view, cells }, duplicates };
}
