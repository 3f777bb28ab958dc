import type { FormatDoc } from "./feed";

/**
 * What the portal reads from a format document: labels of cells, the result rows a total sums and how
 * they group, and which cells of another format mean the same. Only the three table codes every format
 * has (`proactive`, `applications`, `appeals`) are known here; rows and columns come from the document.
 */

export type Table = FormatDoc["tables"][number];
export type Tables = Record<string, Record<string, Record<string, number>>>;

export function tableOf(format: FormatDoc, code: string): Table | undefined {
  return format.tables.find((table) => table.code === code);
}

/** The value of a cell key (`table.row.column`) in tables; row codes may hold dots. */
export function cellValue(tables: Tables, key: string): number | undefined {
  const first = key.indexOf(".");
  const last = key.lastIndexOf(".");
  return tables[key.slice(0, first)]?.[key.slice(first + 1, last)]?.[key.slice(last + 1)];
}

/** A headline number's value: the sum of its cells. */
export function headlineValue(format: FormatDoc, field: string, tables: Tables): number | undefined {
  const cells = format.headline[field]?.cells ?? [];
  let sum = 0;
  for (const key of cells) {
    const value = cellValue(tables, key);
    if (value === undefined) return undefined;
    sum += value;
  }
  return sum;
}

/**
 * The headline numbers a format has: those made of at least one of its cells (a format without partial
 * disclosure has no such number, rather than a 0 it never reported).
 */
export function headlineFields(format: FormatDoc): [string, FormatDoc["headline"][string]][] {
  return Object.entries(format.headline).filter(([, headline]) => headline.cells.length > 0);
}

/** The sum rule of a table whose total is `along` a direction with the most terms (results, applicants). */
function widestSum(table: Table, along: "row" | "column") {
  return table.sums
    .filter((sum) => sum.along === along && sum.relation === "=" && sum.left.length === 1)
    .sort((a, b) => b.right.length - a.right.length)[0];
}

/**
 * Section 三's outcomes: the rows its results total sums, grouped by the heading they stand under below
 * the results heading (（三）不予公开 › 1.…8.), each with its label — read from the sum rules alone.
 */
export function outcomeGroups(format: FormatDoc): {
  total: { row: string; column: string } | null;
  /** The heading the results stand under (三、本年度办理结果), or the total's own label. */
  heading: { zh: string; en: string } | null;
  groups: { label: { zh: string; en: string }; rows: string[] }[];
} {
  const table = tableOf(format, "applications");
  const results = table && widestSum(table, "column");
  const perRow = table && widestSum(table, "row");
  if (!table || !results || !perRow) return { total: null, heading: null, groups: [] };
  const groups: { label: { zh: string; en: string }; rows: string[]; key: string }[] = [];
  for (const code of results.right) {
    const row = table.rows.find((candidate) => candidate.code === code);
    if (!row) continue;
    const heading = row.parents[1];
    const key = heading ? heading.zh : row.code;
    const found = groups.find((group) => group.key === key);
    if (found) found.rows.push(code);
    else groups.push({ key, label: heading ?? row.label, rows: [code] });
  }
  const totalRow = table.rows.find((row) => row.code === results.at);
  const heading = totalRow ? (totalRow.parents[0] ?? totalRow.label) : null;
  return { total: { row: results.at, column: perRow.at }, heading, groups };
}

/**
 * The cells of `format` whose sum is the same quantity as `key` of `other`: the key itself when both
 * have it, the combined cells where a row was split, or null when the tables are not comparable.
 */
export function correspondingCells(format: FormatDoc, other: FormatDoc, key: string): string[] | null {
  if (format.id === other.id) return [key];
  const correspondence = other.correspondence.find((candidate) => candidate.format === format.id);
  if (!correspondence) return null;
  if (correspondence.same.includes(key)) return [key];
  const combined = correspondence.combined.find((pair) => pair.here.length === 1 && pair.here[0] === key);
  return combined ? combined.there : null;
}

/** A cell key's label: the row's headings, the row, the column. */
export function cellLabel(format: FormatDoc, key: string, lang: "zh" | "en"): string {
  const first = key.indexOf(".");
  const last = key.lastIndexOf(".");
  const table = tableOf(format, key.slice(0, first));
  const row = table?.rows.find((candidate) => candidate.code === key.slice(first + 1, last));
  const column = table?.columns.find((candidate) => candidate.code === key.slice(last + 1));
  if (!row || !column) return key;
  return `${row.label[lang]} · ${column.label[lang]}`;
}
