import { cellName } from "../../../functions/core/findings";
import { type FindingLine, findingLines } from "../../../functions/core/present/finding-lines";
import { type LaidOutTable, layOut } from "../../../functions/core/template-layout";
import type { Diagnosis } from "../../../schemas/diagnosis";
import { type Bilingual, type Finding, placeText, type Severity } from "../../../schemas/finding";
import { cellKey, FORMATS, type FormatSpec, type TableSpec, tablesOf } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";
import type { Lang } from "./i18n";

/**
 * What the page shows of a validation (the browser's or the server's), worked out once from the data and
 * rendered by the views: the findings one line per cell, numbered, errors apart from warnings; and the
 * three tables laid out as the national form prints them — by the same layout the template writer uses,
 * from the format description — each value cell marked with the lines about it and the diagnosis's
 * repair, each line placed under its cell's row. Pure: no DOM.
 */

/** A finding line with its number on the page and where it belongs. */
export interface NumberedLine {
  n: number;
  severity: Severity;
  /** `三、依申请公开!J6`, or a document's place; "" for the file as a whole. */
  place: Bilingual;
  message: Bilingual;
  rules: string[];
  /** `table.row.column` of the cell it is about, when it is about one cell of the format. */
  key: string | null;
  table: string | null;
  /** What the cell holds, where a value finding quotes it (`约20`, `#REF!`): shown instead of the 0 it counts as. */
  quoted: string | null;
}

export interface FormCell {
  text: Bilingual;
  rowSpan: number;
  colSpan: number;
  /** A heading (a label of the form) or a number of the report. */
  kind: "heading" | "value";
  /** Value cells: `table.row.column`, the cell's name (row label and column header) and its marks. */
  key?: string;
  name?: Bilingual;
  lines?: NumberedLine[];
  /** The diagnosis's repair of this cell: its value (null when several would do). */
  repair?: { value: number | null };
}

export interface FormRow {
  cells: FormCell[];
  /** The lines about the cells of this row, shown right under it. */
  lines: NumberedLine[];
  /** A row of the form's column headers (above the first number). */
  header: boolean;
}

export interface FormTable {
  code: string;
  title: Bilingual;
  width: number;
  rows: FormRow[];
}

export interface Presented {
  errors: NumberedLine[];
  warnings: NumberedLine[];
  /** Lines about a whole table or the whole file: listed above the tables. */
  general: NumberedLine[];
  /** The tables as the form lays them out, when they could be read. */
  tables: FormTable[];
}

export function present(
  findings: readonly Finding[],
  options: { format: FormatSpec | null; tables: ReportTables | null; diagnosis: Diagnosis | null },
): Presented {
  let n = 0;
  const number = (lines: FindingLine[]): NumberedLine[] =>
    lines.map((line) => {
      const first = line.findings[0]!;
      const located = first.table && first.row && first.column;
      return {
        n: ++n,
        severity: line.severity,
        place: { zh: placeText(first, "zh"), en: placeText(first, "en") },
        message: line.message,
        rules: line.rules,
        key: located ? cellKey({ table: first.table!, row: first.row!, column: first.column! }) : null,
        table: first.table,
        quoted:
          line.findings
            .filter((finding) => finding.rule.startsWith("value.") && typeof finding.actual === "string")
            .map((finding) => String(finding.actual))[0] ?? null,
      };
    });
  const errors = number(findingLines(findings.filter((finding) => finding.severity === "error")));
  const warnings = number(findingLines(findings.filter((finding) => finding.severity === "warning")));
  const all = [...errors, ...warnings];
  const { format, tables } = options;
  const missing = new Set(findings.filter((f) => f.rule === "table.missing").map((f) => f.table));
  const laidOut =
    format && tables
      ? tablesOf(format)
          .filter((spec) => !missing.has(spec.code))
          .map((spec) => formTable(format, spec, layOut(spec, { values: tables }), all, options.diagnosis))
      : [];
  const placed = new Set(laidOut.flatMap((table) => table.rows.flatMap((row) => row.lines)));
  return { errors, warnings, general: all.filter((line) => !placed.has(line)), tables: laidOut };
}

function formTable(
  format: FormatSpec,
  spec: TableSpec,
  laid: LaidOutTable,
  lines: readonly NumberedLine[],
  diagnosis: Diagnosis | null,
): FormTable {
  const english = englishLabels(spec);
  const at = new Map<string, { r: number; c: number; key: string; row: string; column: string }>();
  for (const [key, position] of laid.values) at.set(`${position.r}:${position.c}`, { ...position, key });
  const firstValueRow = Math.min(...[...laid.values.values()].map((position) => position.r));
  const repairs = new Map<string, number | null>();
  for (const cell of diagnosis?.repairs[0]?.cells ?? []) repairs.set(cellKey(cell), cell.value);
  const covered = new Set<string>();
  const spans = new Map<string, { rowSpan: number; colSpan: number }>();
  for (const merge of laid.merges) {
    spans.set(`${merge.s.r}:${merge.s.c}`, {
      rowSpan: merge.e.r - merge.s.r + 1,
      colSpan: merge.e.c - merge.s.c + 1,
    });
    for (let r = merge.s.r; r <= merge.e.r; r++)
      for (let c = merge.s.c; c <= merge.e.c; c++)
        if (r !== merge.s.r || c !== merge.s.c) covered.add(`${r}:${c}`);
  }
  const rows: FormRow[] = [];
  // The title rows are the table's caption, not rows of the form.
  for (let r = laid.titleRows; r < laid.rows.length; r++) {
    const cells: FormCell[] = [];
    const rowLines: NumberedLine[] = [];
    for (let c = 0; c < laid.width; c++) {
      const where = `${r}:${c}`;
      if (covered.has(where)) continue;
      const span = spans.get(where) ?? { rowSpan: 1, colSpan: 1 };
      const value = at.get(where);
      if (value) {
        const about = lines.filter((line) => line.key === value.key);
        rowLines.push(...about);
        const shown = shownValue(laid.rows[r]![c] ?? null, about);
        cells.push({
          kind: "value",
          text: { zh: shown, en: shown },
          ...span,
          key: value.key,
          name: cellName(format, spec.code, value.row, value.column),
          lines: about,
          ...(repairs.has(value.key) ? { repair: { value: repairs.get(value.key)! } } : {}),
        });
      } else {
        const label = String(laid.rows[r]![c] ?? "");
        cells.push({ kind: "heading", text: { zh: label, en: english.get(label) ?? label }, ...span });
      }
    }
    rows.push({ cells, lines: rowLines.sort((a, b) => a.n - b.n), header: r < firstValueRow });
  }
  return { code: spec.code, title: spec.title, width: laid.width, rows };
}

/** The number as read; where a value finding quotes what the cell holds instead (`约20`), that text. */
function shownValue(value: string | number | null, lines: readonly NumberedLine[]): string {
  const quoted = lines.find((line) => line.quoted !== null)?.quoted;
  if (quoted !== undefined && quoted !== null) return quoted;
  return value === null ? "" : String(value);
}

/** The format description's English for each Chinese label the layout prints. */
function englishLabels(spec: TableSpec): Map<string, string> {
  const labels = new Map<string, string>();
  for (const column of spec.columns) labels.set(column.label, column.en);
  for (const row of spec.rows) labels.set(row.label, row.en);
  for (const group of spec.columnGroups ?? []) labels.set(group.label, group.en);
  for (const group of spec.rowGroups ?? []) labels.set(group.label, group.en);
  labels.set(spec.title.zh, spec.title.en);
  return labels;
}

/** The format of a validation, by its id; for the server's findings, the year's (or one whose codes fit). */
export function formatOf(id: string | null, year: number, diagnosis: Diagnosis | null): FormatSpec | null {
  const byId = FORMATS.find((format) => format.id === id);
  if (byId) return byId;
  const fits = (format: FormatSpec) =>
    (diagnosis?.repairs ?? []).every((repair) =>
      repair.cells.every((cell) =>
        format.tables[cell.table].rows.some(
          (row) =>
            row.code === cell.row &&
            (row.columns ?? format.tables[cell.table].columns.map((column) => column.code)).includes(
              cell.column,
            ),
        ),
      ),
    );
  const forYear = FORMATS.find(
    (format) => year >= format.years.from && (format.years.to === undefined || year <= format.years.to),
  );
  if (forYear && fits(forYear)) return forYear;
  return FORMATS.find(fits) ?? forYear ?? null;
}

/** Text in the page's language. */
export const say = (text: Bilingual, lang: Lang) => text[lang];
