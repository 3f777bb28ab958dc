import { type Finding, finding } from "../../../schemas/finding";
import type { FormatSpec, RowSpec, TableSpec } from "../../../schemas/formats";
import { rowName } from "../findings";
import { address } from "../workbook/grid";
import type { SheetView } from "../workbook/sheet-view";
import { type Candidate, firstCell, type LocatedTable, type Position } from "./types";

/** The findings of locating: a table not found, a table or row found more than once (see also missing-parts.ts, column-copies.ts). */

/** The header labels a table is found by, as a clerk would look for them. */
function headerHint(spec: TableSpec): string {
  const label = (code: string) => spec.columns.find((column) => column.code === code)?.label ?? code;
  const layout = spec.layout;
  switch (layout.kind) {
    case "row_blocks":
      return [layout.labelHeader, ...(layout.blocks[0]?.columns ?? []).map(label)].join(" | ");
    case "row_labels":
      return spec.columns
        .slice(0, 3)
        .map((column) => column.label)
        .join(" | ");
    case "column_blocks":
      return `${spec.rows[0]?.label ?? ""} | ${spec.columns
        .slice(0, 2)
        .map((column) => column.label)
        .join(" | ")}`;
  }
}

export function missingTable(spec: TableSpec): Finding {
  const hint = headerHint(spec);
  return finding(
    "table.missing",
    { table: spec.code, sheet: null, cell: null },
    {
      zh: `找不到「${spec.title.zh}」表：文件中没有表头“${hint} …”。请按国家规定格式填写该表（可用 gongkai template 生成空白模板）。`,
      en: `Table "${spec.title.en}" was not found: the file has no header ${hint} …. Fill in the table in the national format (gongkai template writes a blank one).`,
    },
  );
}

export function duplicateRow(
  spec: TableSpec,
  format: FormatSpec,
  view: SheetView,
  row: RowSpec,
  at: Position,
  /** Where the row was found first, when the locator knows it. */
  first?: Position,
): Finding {
  const name = rowName(format, spec.code, row.code);
  const hidden = hiddenOf(view, first ? [first.r, at.r] : [at.r]);
  return finding(
    "table.row_duplicate",
    { table: spec.code, row: row.code, sheet: view.name, cell: address(at.r, at.c) },
    {
      zh: `「${name.zh}」这一行出现了不止一次${hidden.zh}。请删除重复的行，每行只保留一次。`,
      en: `The row "${name.en}" appears more than once${hidden.en}. Delete the duplicate so each row appears once.`,
    },
    null,
    row.label,
  );
}

/** A row's first position (where its first column was found). */
export function firstOf(positions: ReadonlyMap<string, Position>): Position | undefined {
  return positions.values().next().value;
}

/**
 * What a finding about copies says of the hidden rows among them: a clerk looking at the sheet sees one
 * copy and cannot tell where the other is.
 */
function hiddenOf(view: SheetView, rows: readonly number[]): { zh: string; en: string } {
  const hidden = [...new Set(rows.filter((r) => view.grid.hiddenRows?.has(r)))].sort((a, b) => a - b);
  if (hidden.length === 0) return { zh: "", en: "" };
  const numbers = hidden.map((r) => r + 1);
  return {
    zh: `（第 ${numbers.join("、")} 行是隐藏行：选中它上下两行，右键 →「取消隐藏」即可看到）`,
    en: ` (row ${numbers.join(", ")} ${numbers.length > 1 ? "are" : "is"} hidden: select the rows around it, right-click → Unhide)`,
  };
}

function firstCellName(located: LocatedTable): string | null {
  const first = firstCell(located);
  return Number.isFinite(first.r) ? address(first.r, first.c) : null;
}

/** The same table complete on several sheets, none of them telling which is this year's. */
export function duplicateTable(spec: TableSpec, candidates: readonly Candidate[], titled: boolean): Finding {
  const sheets = candidates.map((candidate) => candidate.located.sheet);
  const zh = sheets
    .map((sheet) => `「${sheet.name}」${sheet.grid.hidden ? "（隐藏的工作表）" : ""}`)
    .join("、");
  const en = sheets.map((sheet) => `${sheet.name}${sheet.grid.hidden ? " (a hidden sheet)" : ""}`).join(", ");
  const hidden = sheets.some((sheet) => sheet.grid.hidden);
  return finding(
    "table.duplicate",
    { table: spec.code, sheet: sheets[0]!.name, cell: firstCellName(candidates[0]!.located) },
    {
      zh: `「${spec.title.zh}」表在多个工作表中都有（${zh}），无法判断哪一张是本年的。请删除其他年份、草稿或重复的工作表${hidden ? "（包括隐藏的工作表：右键工作表标签 → 取消隐藏）" : ""}，只保留本年的一张${titled ? "（这几张的标题都写着本年的年份）" : "，或在本年工作表的标题中写明年份"}。`,
      en: `"${spec.title.en}" appears on several sheets (${en}), so which is this year's cannot be told. Delete the other years', draft or duplicate sheets${hidden ? " (hidden ones too: right-click a sheet tab → Unhide)" : ""} and keep this year's only${titled ? " (each of them is titled with this year)" : ", or state the year in this year's sheet title"}.`,
    },
    null,
    candidates.length,
  );
}

/** The same table complete more than once on one sheet (last year's kept above this year's). */
export function duplicateOnSheet(
  spec: TableSpec,
  view: SheetView,
  copies: number,
  /** The first number cell of each copy, top to bottom. */
  firsts: readonly { r: number; c: number }[] = [],
): Finding {
  const hidden = hiddenOf(
    view,
    firsts.map((first) => first.r),
  );
  const names = firsts.map((first) => view.placeName(first.r, first.c));
  const starts = names.length
    ? { zh: `（分别从 ${names.join("、")} 起）`, en: ` (starting at ${names.join(", ")})` }
    : { zh: "", en: "" };
  // A document is one grid inside the core: name the file, not a sheet it does not have.
  const where = view.grid.placeName
    ? { zh: "文件", en: "in the file" }
    : { zh: `工作表「${view.name}」`, en: `on sheet "${view.name}"` };
  return finding(
    "table.duplicate",
    { table: spec.code, sheet: view.name, cell: firsts[0] ? address(firsts[0].r, firsts[0].c) : null },
    {
      zh: `「${spec.title.zh}」表在${where.zh}中出现了 ${copies} 次${starts.zh}${hidden.zh}，无法判断哪一张是本年的。请删除其他年份或重复的表，只保留本年的一张。`,
      en: `"${spec.title.en}" appears ${copies} times ${where.en}${starts.en}${hidden.en}, so which is this year's cannot be told. Delete the other years' or duplicate copies and keep this year's only.`,
    },
    null,
    copies,
  );
}
