import { expect } from "vitest";
import * as XLSX from "xlsx";
import { buildTemplate } from "../../../functions/core/template";
import { type Finding, placeText } from "../../../schemas/finding";
import { type FormatId, formatById } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";

/** Building a report with one rule broken, and checking the finding it gets. */

/** The template of a format filled with the tables, and where each cell went. */
export function workbook(format: FormatId, tables: ReportTables) {
  const template = buildTemplate(formatById(format), { values: tables });
  const at = (table: string, row: string, column: string) => template.cells.get(`${table}.${row}.${column}`)!;
  return { bytes: template.bytes, at };
}

/** A valid report of the format (the seed's 2019 numbers, a county's 2024 ones), changed. */
export function withValues(format: "2019" | "2021", change: (tables: ReportTables) => void) {
  const tables = format === "2019" ? seed2019Tables() : county2024Tables();
  change(tables);
  return workbook(format, tables);
}

export const rulesOf = (findings: Finding[]) => [...new Set(findings.map((finding) => finding.rule))];

/** The finding stands at the cell, its message says what is wrong without repeating the place. */
export function expectMessage(
  finding: Finding | undefined,
  sheet: string,
  cell: string,
  zh: RegExp,
  en: RegExp,
) {
  expect(finding).toBeDefined();
  expect(placeText(finding!)).toBe(`${sheet}!${cell}`);
  expect(finding!.message.zh.startsWith(sheet)).toBe(false);
  expect(finding!.message.en.startsWith(sheet)).toBe(false);
  expect(finding!.message.zh).toMatch(zh);
  expect(finding!.message.en).toMatch(en);
}

/** The seed's 2019 numbers carried into 2020 so that no cross-year rule fires. */
export const seed2020 = () => {
  const t = seed2019Tables();
  const p = t.proactive;
  for (const row of ["licensing", "other_services", "penalties", "enforcement", "fees"]) {
    p[row]!.items_last_year = p[row]!.items_last_year! + p[row]!.items_change!;
    p[row]!.items_change = 0;
  }
  p.rules!.published = 2;
  p.rules!.total_published = 33;
  p.normative_documents!.published = 0;
  return t;
};

export const previous2019 = {
  format: "2019" as const,
  year: 2019,
  department: "dept-a",
  tables: seed2019Tables(),
  notes: [],
};

/** The text of the cell a finding names, read back from the workbook's bytes. */
export function textAt(bytes: Uint8Array, finding: Finding): string {
  expect(finding.sheet, "the finding names a sheet").toBeTruthy();
  expect(finding.cell, "the finding names a cell").toBeTruthy();
  const sheet = XLSX.read(bytes, { type: "array" }).Sheets[finding.sheet!];
  return String(sheet?.[finding.cell!]?.v ?? "");
}
