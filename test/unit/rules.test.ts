import { describe, expect, it } from "vitest";
import { cellKey } from "../../functions/core/read-values";
import { buildTemplate } from "../../functions/core/template";
import { validateWorkbook } from "../../functions/core/validate";
import type { Finding } from "../../schemas/finding";
import { formatById } from "../../schemas/formats";
import type { ReportTables } from "../../schemas/report";
import { type Edit, editWorkbook } from "../fixtures/edit-workbook";
import { county2024Tables } from "../fixtures/report-2021-tables";
import { seed2019Tables } from "../fixtures/seed-2019-tables";

/** Each rule of the spec, broken on its own in an otherwise valid report. */

const clone = (tables: ReportTables): ReportTables => structuredClone(tables);

function workbook(format: "2019" | "2021", tables: ReportTables) {
  const template = buildTemplate(formatById(format), { values: tables });
  const at = (table: string, row: string, column: string) => template.cells.get(`${table}.${row}.${column}`)!;
  return { bytes: template.bytes, at };
}

function withValues(format: "2019" | "2021", change: (tables: ReportTables) => void) {
  const tables = format === "2019" ? seed2019Tables() : county2024Tables();
  change(tables);
  return workbook(format, tables);
}

const rulesOf = (findings: Finding[]) => [...new Set(findings.map((finding) => finding.rule))];

function expectMessage(finding: Finding | undefined, sheet: string, cell: string, zh: RegExp, en: RegExp) {
  expect(finding).toBeDefined();
  expect(finding!.sheet).toBe(sheet);
  expect(finding!.cell).toBe(cell);
  expect(finding!.message.zh.startsWith(`${sheet}!${cell}：`)).toBe(true);
  expect(finding!.message.en.startsWith(`${sheet}!${cell}: `)).toBe(true);
  expect(finding!.message.zh).toMatch(zh);
  expect(finding!.message.en).toMatch(en);
}

describe("rules › errors block publishing", () => {
  it("rejects a results total that differs from the sum of its rows (applications.results_total)", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.applications.received!.natural_person = 97;
      t.applications.received!.commercial = 5;
      t.applications.results_total!.natural_person = 97;
      t.applications.results_total!.commercial = 5;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(result.ok).toBe(false);
    expect(rulesOf(result.findings)).toEqual(["applications.results_total"]);
    const where = at("applications", "results_total", "natural_person");
    expect(where).toEqual({ sheet: "三、依申请公开", cell: "D26" });
    const finding = result.findings.find((f) => f.cell === where.cell);
    expectMessage(
      finding,
      where.sheet,
      where.cell,
      /（七）总计「自然人」应为 96（各项办理结果之和），表中为 97/,
      /should be 96 .* has 97/,
    );
    expect(finding).toMatchObject({ severity: "error", expected: 96, actual: 97, table: "applications" });
  });

  it("rejects a row whose 总计 is not the sum of the six applicant columns (applications.row_total)", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.applications.disclosed!.total = 16;
      t.applications.partially_disclosed!.total = 3;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["applications.row_total"]);
    const where = at("applications", "disclosed", "total");
    expectMessage(
      result.findings.find((f) => f.cell === where.cell),
      where.sheet,
      where.cell,
      /（一）予以公开「总计」应为 15（各类申请人之和），表中为 16/,
      /disclosed, total should be 15/,
    );
  });

  it("rejects a blank 总计 beside non-zero applicant columns", () => {
    const template = workbook("2019", seed2019Tables());
    const where = template.at("applications", "received", "total");
    const bytes = editWorkbook(template.bytes, [{ sheet: where.sheet, cell: where.cell, value: null }]);
    const result = validateWorkbook(bytes, { year: 2019 });
    const finding = result.findings.find((f) => f.rule === "applications.row_total");
    expectMessage(finding, where.sheet, where.cell, /应为 105.*表中为 空白/, /should be 105 .* has blank/);
  });

  it("rejects a column where received + carried over ≠ results + carried forward (applications.balance)", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.applications.carried_forward!.natural_person = 2;
      t.applications.carried_forward!.total = 2;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["applications.balance"]);
    const where = at("applications", "carried_forward", "natural_person");
    const finding = result.findings.find((f) => f.cell === where.cell);
    expectMessage(
      finding,
      where.sheet,
      where.cell,
      /本年新收（96）.*= 96.*结转下年度（2）= 98/,
      /received \(96\).*carried forward \(2\) = 98/,
    );
    expect(finding).toMatchObject({ expected: 0, actual: 2 });
  });

  it("rejects an appeals total that is not upheld + corrected + other + pending (appeals.row_total)", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.appeals.reconsideration!.total = 12;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["appeals.row_total"]);
    const where = at("appeals", "reconsideration", "total");
    expectMessage(
      result.findings[0],
      where.sheet,
      where.cell,
      /行政复议「总计」应为 11.*表中为 12/,
      /should be 11 .* has 12/,
    );
  });

  it("rejects a table whose every number cell is blank (table.blank)", () => {
    const tables = seed2019Tables();
    const template = buildTemplate(formatById("2019"), {
      values: { ...tables, appeals: {} as ReportTables["appeals"] },
    });
    const result = validateWorkbook(template.bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["table.blank"]);
    expect(result.findings[0]).toMatchObject({ table: "appeals", sheet: "四、复议诉讼", cell: null });
    expect(result.findings[0]!.message.zh).toMatch(/请填 0/);
    expect(result.findings[0]!.message.en).toMatch(/write 0/);
  });

  it("rejects a 2019-format report uploaded for 2021 (format.year_mismatch)", () => {
    const result = validateWorkbook(workbook("2019", seed2019Tables()).bytes, { year: 2021 });
    expect(rulesOf(result.findings)).toEqual(["format.year_mismatch"]);
    expect(result.findings[0]).toMatchObject({ expected: "2021", actual: "2019" });
    expect(result.findings[0]!.message.zh).toMatch(/2021 年度报告应使用2021年版格式/);
    expect(result.findings[0]!.message.en).toMatch(/A 2021 report must use the 2021 format/);
  });

  it("rejects a 2019 change that leaves fewer than zero items (proactive.items_negative)", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.proactive.fees!.items_change = -2;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["proactive.items_negative"]);
    const where = at("proactive", "fees", "items_change");
    expectMessage(
      result.findings[0],
      where.sheet,
      where.cell,
      /本年增\/减」为 -2.*只有 1/,
      /change \(-2\) exceeds last year's 1/,
    );
  });

  const valueCases: {
    name: string;
    rule: string;
    edit: (cell: { sheet: string; cell: string }) => Edit;
    row: string;
    column: string;
  }[] = [
    {
      name: "text that is not a number (约20)",
      rule: "value.not_a_number",
      row: "received",
      column: "research",
      edit: (w) => ({ ...w, value: "约20" }),
    },
    {
      name: "Chinese numerals (十四)",
      rule: "value.not_a_number",
      row: "disclosed",
      column: "natural_person",
      edit: (w) => ({ ...w, value: "十四" }),
    },
    {
      name: "a fraction as a count (2.5)",
      rule: "value.not_whole",
      row: "received",
      column: "research",
      edit: (w) => ({ ...w, value: 2.5 }),
    },
    {
      name: "a negative count",
      rule: "value.negative",
      row: "received",
      column: "research",
      edit: (w) => ({ ...w, value: "-2" }),
    },
    {
      name: "a formula error (#REF!)",
      rule: "value.formula_error",
      row: "received",
      column: "research",
      edit: (w) => ({ ...w, raw: { t: "e", v: 0x17, w: "#REF!", f: "A1/0" } }),
    },
    {
      name: "a formula saved without its value",
      rule: "value.formula_uncached",
      row: "received",
      column: "research",
      edit: (w) => ({ ...w, raw: { t: "n", f: "SUM(E5:E6)" } as never }),
    },
  ];
  for (const testCase of valueCases) {
    it(`rejects ${testCase.name} in a number cell (${testCase.rule})`, () => {
      const template = workbook("2019", seed2019Tables());
      const where = template.at("applications", testCase.row, testCase.column);
      const result = validateWorkbook(editWorkbook(template.bytes, [testCase.edit(where)]), { year: 2019 });
      const finding = result.findings.find((f) => f.rule === testCase.rule);
      expectMessage(finding, where.sheet, where.cell, /./, /./);
      expect(result.ok).toBe(false);
      // The unreadable cell is not summed: no follow-on total errors about it.
      expect(rulesOf(result.findings)).toEqual([testCase.rule]);
    });
  }

  it("rejects an amount finer than 1 分 (value.too_precise)", () => {
    const template = workbook("2019", seed2019Tables());
    const where = template.at("proactive", "procurement", "amount");
    const result = validateWorkbook(editWorkbook(template.bytes, [{ ...where, value: "1.1234567" }]), {
      year: 2019,
    });
    expect(rulesOf(result.findings)).toEqual(["value.too_precise"]);
    expectMessage(result.findings[0], where.sheet, where.cell, /6 位小数/, /6 decimals/);
  });

  it("rejects a workbook that lacks a table (table.missing)", () => {
    const template = workbook("2019", seed2019Tables());
    const bytes = editWorkbook(template.bytes, [
      { sheet: "四、复议诉讼", cell: "A3", value: null },
      { sheet: "四、复议诉讼", cell: "F4", value: null },
      { sheet: "四、复议诉讼", cell: "K4", value: null },
    ]);
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["table.missing"]);
    expect(result.findings[0]).toMatchObject({ table: "appeals", sheet: null, cell: null });
    expect(result.findings[0]!.message.zh).toMatch(/找不到「四、政府信息公开行政复议、行政诉讼情况」表/);
  });

  it("rejects a table that lacks a row (table.row_missing) and names the row", () => {
    const template = workbook("2019", seed2019Tables());
    const where = template.at("applications", "not_processed.publication", "total");
    const bytes = editWorkbook(template.bytes, [
      { sheet: where.sheet, cell: where.cell.replace(/^J/, "C"), value: "某某事项" },
    ]);
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["table.row_missing"]);
    expect(result.findings[0]!.message.zh).toMatch(/3\.要求提供公开出版物/);
    expect(result.findings[0]!.message.en).toMatch(/asks for publications/);
  });

  it("rejects a row typed twice (table.row_duplicate) at the second one", () => {
    const template = workbook("2019", seed2019Tables());
    const where = template.at("applications", "not_processed.publication", "total");
    const labelCell = where.cell.replace(/^J/, "C");
    const bytes = editWorkbook(template.bytes, [
      { sheet: where.sheet, cell: labelCell, value: "2.重复申请" },
    ]);
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toContain("table.row_duplicate");
    expect(result.findings.find((f) => f.rule === "table.row_duplicate")).toMatchObject({ cell: labelCell });
  });

  it("rejects a table whose column header is missing (table.column_missing)", () => {
    const template = workbook("2019", seed2019Tables());
    const bytes = editWorkbook(template.bytes, [{ sheet: "三、依申请公开", cell: "F4", value: "备注" }]);
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toContain("table.column_missing");
    expect(result.findings.find((f) => f.rule === "table.column_missing")!.message.zh).toMatch(/科研机构/);
  });
});

describe("rules › warnings are published and named", () => {
  it("warns when 本年新公开数量 exceeds 对外公开总数量 (proactive.published_exceeds_total)", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.proactive.rules!.published = 40;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(result.ok).toBe(true);
    expect(rulesOf(result.findings)).toEqual(["proactive.published_exceeds_total"]);
    const where = at("proactive", "rules", "total_published");
    expectMessage(
      result.findings[0],
      where.sheet,
      where.cell,
      /本年新公开数量」（40）大于「对外公开总数量」（31）/,
      /published this year \(40\) exceeds/,
    );
    expect(result.findings[0]!.severity).toBe("warning");
  });

  const seed2020 = () => {
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
  const previous = {
    format: "2019" as const,
    year: 2019,
    department: "dept-a",
    tables: seed2019Tables(),
    notes: [],
  };

  it("accepts a 2020 report that continues 2019's numbers without a cross-year warning", () => {
    const result = validateWorkbook(workbook("2019", seed2020()).bytes, { year: 2020, previous });
    expect(result.findings).toEqual([]);
  });

  it("warns when carried over differs from last year's carried forward (cross_year.carried_over)", () => {
    const last = clone(previous.tables);
    last.applications.carried_forward!.natural_person = 2;
    const { bytes, at } = workbook("2019", seed2020());
    const result = validateWorkbook(bytes, { year: 2020, previous: { ...previous, tables: last } });
    expect(result.ok).toBe(true);
    expect(rulesOf(result.findings)).toEqual(["cross_year.carried_over"]);
    const where = at("applications", "carried_over", "natural_person");
    expectMessage(
      result.findings[0],
      where.sheet,
      where.cell,
      /为 0，按 2019 年已发布的报告应为 2/,
      /is 0; 2019's published report implies 2/,
    );
  });

  it("warns when last year's items plus change do not carry over (cross_year.items_last_year)", () => {
    const t = seed2020();
    t.proactive.penalties!.items_last_year = 11;
    const { bytes, at } = workbook("2019", t);
    const result = validateWorkbook(bytes, { year: 2020, previous });
    expect(rulesOf(result.findings)).toEqual(["cross_year.items_last_year"]);
    expect(result.findings[0]).toMatchObject({
      ...at("proactive", "penalties", "items_last_year"),
      expected: 12,
      actual: 11,
    });
  });

  it("warns when the total published does not grow by what was published (cross_year.total_published)", () => {
    const t = seed2020();
    t.proactive.normative_documents!.total_published = 80;
    const result = validateWorkbook(workbook("2019", t).bytes, { year: 2020, previous });
    expect(rulesOf(result.findings)).toEqual(["cross_year.total_published"]);
    expect(result.findings[0]).toMatchObject({ expected: 79, actual: 80 });
  });

  it("warns when in force ≠ last year's in force + issued − repealed (cross_year.in_force)", () => {
    const last = county2024Tables();
    last.proactive.normative_documents!.in_force = 40;
    const result = validateWorkbook(workbook("2021", county2024Tables()).bytes, {
      year: 2025,
      previous: { format: "2021", year: 2024, department: "dept-a", tables: last, notes: [] },
    });
    expect(rulesOf(result.findings)).toContain("cross_year.in_force");
    expect(result.findings.find((f) => f.rule === "cross_year.in_force")).toMatchObject({
      expected: 59,
      actual: 57,
    });
  });

  it("warns when every table is identical to last year's (cross_year.identical)", () => {
    const result = validateWorkbook(workbook("2021", county2024Tables()).bytes, {
      year: 2025,
      previous: { format: "2021", year: 2024, department: "dept-a", tables: county2024Tables(), notes: [] },
    });
    expect(result.ok).toBe(true);
    const finding = result.findings.find((f) => f.rule === "cross_year.identical");
    expect(finding?.message.zh).toMatch(/完全相同/);
    expect(finding?.message.en).toMatch(/equals 2024's published report/);
  });

  it("warns when the workbook's title states another year (metadata.year_mismatch)", () => {
    const bytes = buildTemplate(formatById("2019"), {
      values: seed2020(),
      title: "某某局 2019 年政府信息公开工作年度报告",
    }).bytes;
    const result = validateWorkbook(bytes, { year: 2020 });
    expect(rulesOf(result.findings)).toEqual(["metadata.year_mismatch"]);
    expect(result.findings[0]).toMatchObject({ expected: 2020, actual: 2019, severity: "warning" });
  });

  it("warns when the workbook's title names another department (metadata.department_mismatch)", () => {
    const bytes = buildTemplate(formatById("2019"), {
      values: seed2019Tables(),
      title: "自治区人民政府办公厅 2019 年政府信息公开工作年度报告",
    }).bytes;
    const result = validateWorkbook(bytes, { year: 2019, departmentName: "某某市教育局" });
    expect(rulesOf(result.findings)).toEqual(["metadata.department_mismatch"]);
    expect(validateWorkbook(bytes, { year: 2019, departmentName: "自治区人民政府办公厅" }).findings).toEqual(
      [],
    );
  });
});

describe("rules › findings are keyed by the spec's codes", () => {
  it("names every value cell of the template by a code the format defines", () => {
    const template = buildTemplate(formatById("2021"));
    expect(template.cells.has(cellKey("applications", "other.overdue_fee", "total"))).toBe(true);
    expect(template.cells.has(cellKey("applications", "other", "total"))).toBe(false);
  });
});
