import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { runGongkai } from "../../functions/cli/program";
import { cliEnvironment } from "../../functions/config";
import { buildTemplate } from "../../functions/core/template";
import { validateWorkbook } from "../../functions/core/validate";
import { validateUpload } from "../../functions/core/validate-upload";
import { DEFAULT_LIMITS } from "../../functions/core/workbook/limits";
import { problemFinding, sheetjsErrorProblem } from "../../functions/core/workbook/problems";
import { customerEncryptedFinding, unroutableFinding } from "../../functions/ingest/upload-findings";
import {
  ALL_FINDING_CODES,
  FINDING_CODES,
  type Finding,
  type FindingCode,
  FindingSchema,
} from "../../schemas/finding";
import { formatById } from "../../schemas/formats";
import type { ReportTables } from "../../schemas/report";
import * as hostile from "../fixtures/hostile";
import * as documents from "../fixtures/hostile/documents";
import { county2024Tables } from "../fixtures/reports/county-2021";
import { seed2019Tables } from "../fixtures/reports/seed-2019";
import { withColumnCopy } from "../fixtures/workbooks/column-copies";
import { editWorkbook } from "../fixtures/workbooks/edit-workbook";
import { previous2019, seed2020, withValues, workbook } from "./rules/harness";

/**
 * The catalogue is the list of every code the system emits: each code here is produced by a real input
 * through the code that emits it in production, and every finding those inputs produce is catalogued,
 * with the catalogue's severity. A `Record` over the codes: a new code without an input fails to compile.
 */

const validate2019 = (change: (t: ReturnType<typeof seed2019Tables>) => void) =>
  validateWorkbook(withValues("2019", change).bytes, { year: 2019 }).findings;

const at = (row: string, column: string) =>
  workbook("2019", seed2019Tables()).at("applications", row, column);
const edited = (edit: { value: string | number } | { raw: XLSX.CellObject }) =>
  validateWorkbook(
    editWorkbook(workbook("2019", seed2019Tables()).bytes, [{ ...at("received", "research"), ...edit }]),
    {
      year: 2019,
    },
  ).findings;
const file = (bytes: Uint8Array, limits = DEFAULT_LIMITS) =>
  validateWorkbook(bytes, { year: 2024, limits }).findings;

const upload = async (bytes: Uint8Array) => (await validateUpload(bytes, { year: 2024 })).findings;

const titled = (title: string, values: ReportTables) =>
  buildTemplate(formatById("2019"), { values, title }).bytes;

function cliFindings(argv: string[]): () => Promise<Finding[]> {
  return async () => {
    let stdout = "";
    await runGongkai(["validate", "--json", ...argv], {
      env: cliEnvironment({ NO_COLOR: "1" }),
      streams: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } },
    });
    return (JSON.parse(stdout) as { findings: Finding[] }).findings;
  };
}

const PRODUCERS: Record<FindingCode, () => Finding[] | Promise<Finding[]>> = {
  "workbook.empty": () => file(hostile.emptyFile()),
  "workbook.too_large": () => file(hostile.plainText(), { ...DEFAULT_LIMITS, maxBytes: 4 }),
  "workbook.not_a_workbook": () => file(hostile.plainText()),
  "workbook.not_spreadsheet_zip": () => file(hostile.docx()),
  "workbook.zip_corrupt": () => file(hostile.truncatedXlsx()),
  "workbook.zip_bomb": () => file(hostile.sharedStringsBomb()),
  "workbook.unsupported_zip": () => file(hostile.zip64Entry()),
  "workbook.too_many_entries": () => file(hostile.manyEntries()),
  "workbook.too_many_sheets": () => file(hostile.manySheets()),
  "workbook.too_many_merges": () => file(hostile.manyMerges()),
  "workbook.hyperlink_range": () => file(hostile.hyperlinkBomb()),
  "workbook.too_many_array_formulas": () => file(hostile.manyArrayFormulas()),
  "workbook.too_many_comments": () => file(hostile.commentFlood()),
  "workbook.chart_range": () => file(hostile.chartPointBomb()),
  "workbook.no_sheets": () => file(hostile.noSheets()),
  "workbook.encrypted": () => file(hostile.encryptedXlsx()),
  "workbook.xls_corrupt": () => file(hostile.craftedCfb({ loop: true })),
  "workbook.too_many_cells": () => file(hostile.writeXlsx(), { ...DEFAULT_LIMITS, maxCells: 10 }),
  // SheetJS failing on a file the guard let through has no stable trigger: the mapping of its error.
  "workbook.unreadable": () => [problemFinding(sheetjsErrorProblem(new Error("something unforeseen")))],
  "document.unreadable": () => upload(documents.docxTruncated()),
  "document.too_large": () => upload(documents.docxBomb()),
  "document.too_many_cells": () => upload(documents.docxTable(1000, 100)),
  "document.too_deeply_nested": () => upload(documents.pageNestedTables(50)),
  "document.too_many_elements": () => upload(documents.pageNodeFlood(300_000)),
  "document.no_tables": () => upload(documents.docxWithoutTables()),
  "upload.unroutable": () => [unroutableFinding("uploads/not a department/2024年/x.xlsx")],
  "upload.customer_encrypted": () => [customerEncryptedFinding()],
  "table.missing": () => file(hostile.dimensionBomb()),
  "table.duplicate": () => {
    // A second, complete copy of section 四 on a sheet of its own: which one is this year's?
    const book = XLSX.read(workbook("2019", seed2019Tables()).bytes);
    XLSX.utils.book_append_sheet(book, structuredClone(book.Sheets["四、复议诉讼"]!), "副本");
    const bytes = XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Uint8Array;
    return validateWorkbook(bytes, { year: 2019 }).findings;
  },
  "table.row_missing": () =>
    validateWorkbook(
      editWorkbook(workbook("2019", seed2019Tables()).bytes, [
        {
          ...at("not_processed.publication", "total"),
          cell: at("not_processed.publication", "total").cell.replace(/^J/, "C"),
          value: "某某事项",
        },
      ]),
      { year: 2019 },
    ).findings,
  "table.column_missing": () =>
    validateWorkbook(
      editWorkbook(workbook("2019", seed2019Tables()).bytes, [
        { sheet: "三、依申请公开", cell: "F4", value: "备注" },
      ]),
      {
        year: 2019,
      },
    ).findings,
  "table.row_duplicate": () =>
    validateWorkbook(
      editWorkbook(workbook("2019", seed2019Tables()).bytes, [
        {
          ...at("not_processed.publication", "total"),
          cell: at("not_processed.publication", "total").cell.replace(/^J/, "C"),
          value: "2.重复申请",
        },
      ]),
      { year: 2019 },
    ).findings,
  "table.column_duplicate": () =>
    validateWorkbook(
      withColumnCopy(workbook("2019", seed2019Tables()).bytes, "三、依申请公开", {
        column: 9,
        change: (value) => value + 1,
      }),
      { year: 2019 },
    ).findings,
  "table.blank": () =>
    validateWorkbook(workbook("2019", { ...seed2019Tables(), appeals: {} }).bytes, { year: 2019 }).findings,
  "format.year_mismatch": () =>
    validateWorkbook(workbook("2019", seed2019Tables()).bytes, { year: 2021 }).findings,
  "value.not_a_number": () => edited({ value: "约20" }),
  "value.not_whole": () => edited({ value: 2.5 }),
  "value.negative": () => edited({ value: "-2" }),
  "value.too_precise": () =>
    validateWorkbook(
      editWorkbook(workbook("2019", seed2019Tables()).bytes, [
        {
          ...workbook("2019", seed2019Tables()).at("proactive", "procurement", "amount"),
          value: "1.1234567",
        },
      ]),
      { year: 2019 },
    ).findings,
  "value.too_large": () => edited({ value: 5_000_000_000 }),
  "value.formula_error": () => edited({ raw: { t: "e", v: 0x17, w: "#REF!", f: "A1/0" } as XLSX.CellObject }),
  "value.formula_uncached": () => edited({ raw: { t: "n", f: "SUM(E5:E6)" } as XLSX.CellObject }),
  "value.merged_cells": () => {
    // 自然人 and 商业企业 of one row merged into one cell.
    const book = XLSX.read(workbook("2019", seed2019Tables()).bytes);
    const where = at("received", "natural_person");
    const first = XLSX.utils.decode_cell(where.cell);
    book.Sheets[where.sheet]!["!merges"]!.push({ s: first, e: { r: first.r, c: first.c + 1 } });
    const bytes = XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Uint8Array;
    return validateWorkbook(bytes, { year: 2019 }).findings;
  },
  "value.unit_from_header": () => {
    const template = workbook("2019", seed2019Tables());
    const where = template.at("proactive", "procurement", "amount");
    const header = { sheet: where.sheet, cell: where.cell.replace(/\d+$/, (n) => String(Number(n) - 1)) };
    return validateWorkbook(
      editWorkbook(template.bytes, [
        { ...header, value: "采购总金额（元）" },
        { ...where, value: 12345 },
      ]),
      { year: 2019 },
    ).findings;
  },
  "applications.row_total": () =>
    validate2019((t) => {
      t.applications.disclosed!.total = 16;
    }),
  "applications.results_total": () =>
    validate2019((t) => {
      t.applications.results_total!.natural_person = 97;
    }),
  "applications.balance": () =>
    validate2019((t) => {
      t.applications.carried_forward!.natural_person = 2;
      t.applications.carried_forward!.total = 2;
    }),
  "appeals.row_total": () =>
    validate2019((t) => {
      t.appeals.reconsideration!.total = 12;
    }),
  "proactive.items_negative": () =>
    validate2019((t) => {
      t.proactive.fees!.items_change = -2;
    }),
  "proactive.published_exceeds_total": () =>
    validate2019((t) => {
      t.proactive.rules!.published = 40;
    }),
  "cross_year.carried_over": () => {
    const last = structuredClone(previous2019.tables);
    last.applications.carried_forward!.natural_person = 2;
    return validateWorkbook(workbook("2019", seed2020()).bytes, {
      year: 2020,
      previous: { ...previous2019, tables: last },
    }).findings;
  },
  "cross_year.items_last_year": () => {
    const t = seed2020();
    t.proactive.penalties!.items_last_year = 11;
    return validateWorkbook(workbook("2019", t).bytes, { year: 2020, previous: previous2019 }).findings;
  },
  "cross_year.total_published": () => {
    const t = seed2020();
    t.proactive.normative_documents!.total_published = 80;
    return validateWorkbook(workbook("2019", t).bytes, { year: 2020, previous: previous2019 }).findings;
  },
  "cross_year.in_force": () => {
    const last = county2024Tables();
    last.proactive.normative_documents!.in_force = 40;
    return validateWorkbook(workbook("2021", county2024Tables()).bytes, {
      year: 2025,
      previous: { format: "2021", year: 2024, department: "d", tables: last, notes: [] },
    }).findings;
  },
  "cross_year.identical": () =>
    validateWorkbook(workbook("2021", county2024Tables()).bytes, {
      year: 2025,
      previous: { format: "2021", year: 2024, department: "d", tables: county2024Tables(), notes: [] },
    }).findings,
  "metadata.year_mismatch": () =>
    validateWorkbook(titled("某某局 2019 年政府信息公开工作年度报告", seed2020()), { year: 2020 }).findings,
  "metadata.department_mismatch": () =>
    validateWorkbook(titled("自治区人民政府办公厅 2019 年政府信息公开工作年度报告", seed2019Tables()), {
      year: 2019,
      departmentName: "某某市教育局",
    }).findings,
  "cli.usage": cliFindings(["a.xlsx", "b.xlsx"]),
  "cli.file_not_found": cliFindings(["/nonexistent/report.xlsx"]),
  "cli.not_a_file": cliFindings(["/"]),
};

describe("the catalogue of finding codes", () => {
  it("says what every code means and why it matters, in both languages", () => {
    for (const code of ALL_FINDING_CODES) {
      const entry = FINDING_CODES[code];
      for (const text of [entry.what.zh, entry.what.en, entry.why.zh, entry.why.en]) {
        expect(text.length, code).toBeGreaterThan(4);
      }
    }
  });

  for (const code of ALL_FINDING_CODES) {
    it(`has ${code} emitted by a real input, with the catalogue's severity`, async () => {
      const findings = await PRODUCERS[code]();
      for (const finding of findings) {
        expect(() => FindingSchema.parse(finding)).not.toThrow();
        expect(finding.severity, finding.rule).toBe(FINDING_CODES[finding.rule].severity);
      }
      expect(findings.map((finding) => finding.rule)).toContain(code);
    });
  }
});
