import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { buildTemplate } from "../../functions/core/template";
import { validateWorkbook } from "../../functions/core/validate";
import { formatById } from "../../schemas/formats";
import { messyWorkbook2021 } from "../fixtures/layouts/messy-2021";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { legacyXlsWorkbook, seedStyleWorkbook } from "../fixtures/layouts/seed-document";
import { county2024Tables } from "../fixtures/reports/county-2021";
import { seed2019Tables } from "../fixtures/reports/seed-2019";
import { editWorkbook } from "../fixtures/workbooks/edit-workbook";

describe("validateWorkbook › finding the tables wherever a department put them", () => {
  const seed = seed2019Tables();
  const county = county2024Tables();
  const layouts = [
    {
      name: "the national layout with merged headers (2019)",
      bytes: () => nationalWorkbook("2019", seed),
      year: 2019,
      tables: seed,
    },
    {
      name: "one sheet with prose above, as the seed report prints it",
      bytes: () => seedStyleWorkbook(seed),
      year: 2019,
      tables: seed,
    },
    {
      name: "a legacy .xls (BIFF8) of the seed layout",
      bytes: () => legacyXlsWorkbook(seed),
      year: 2019,
      tables: seed,
    },
    {
      name: "the national layout (2021)",
      bytes: () => nationalWorkbook("2021", county),
      year: 2024,
      tables: county,
    },
    {
      name: "three offset sheets with full-width digits, dashes, units, typos and a stacked appeals table (2021)",
      bytes: () => messyWorkbook2021(county),
      year: 2024,
      tables: county,
    },
  ];
  for (const layout of layouts) {
    it(`reads every value of ${layout.name}`, () => {
      const result = validateWorkbook(layout.bytes(), { department: "dept-a", year: layout.year });
      expect(result.findings).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.tables).toEqual(layout.tables);
      expect(result.report?.tables).toEqual(layout.tables);
      expect(result.format).toBe(layout.year >= 2021 ? "2021" : "2019");
    });
  }

  it("keeps the text of a cell that carried a unit or a note beside its number", () => {
    const result = validateWorkbook(seedStyleWorkbook(seed), { year: 2019 });
    expect(result.report?.notes).toContainEqual(
      expect.objectContaining({
        table: "proactive",
        row: "procurement",
        column: "amount",
        text: "2020.97 万元",
      }),
    );
  });

  it("converts an amount written in 元 to 万元 exactly", () => {
    const result = validateWorkbook(messyWorkbook2021(county), { year: 2024 });
    expect(result.tables?.proactive.fees?.amount).toBe(24252.311082);
  });

  it("takes the year from the workbook's title when the upload names none", () => {
    const result = validateWorkbook(seedStyleWorkbook(seed));
    expect(result.year).toBe(2019);
    expect(result.stated).toMatchObject({ year: 2019, department: "自治区人民政府办公厅" });
  });
});

describe("validateWorkbook › a table on more than one sheet", () => {
  const withCopies = (names: [string, string], first: ReturnType<typeof county2024Tables>) => {
    const a = XLSX.read(nationalWorkbook("2021", first), { type: "buffer" });
    const b = XLSX.read(nationalWorkbook("2021", county2024Tables()), { type: "buffer" });
    const book = XLSX.utils.book_new();
    for (const sheet of a.SheetNames)
      XLSX.utils.book_append_sheet(book, a.Sheets[sheet]!, `${names[0]}${sheet}`.slice(0, 31));
    for (const sheet of b.SheetNames)
      XLSX.utils.book_append_sheet(book, b.Sheets[sheet]!, `${names[1]}${sheet}`.slice(0, 31));
    return new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  };
  const lastYear = () => {
    const t = county2024Tables();
    t.proactive.licensing!.decisions = 999;
    return t;
  };

  it("reads the sheet that names the upload's year when last year's is kept beside it", () => {
    const result = validateWorkbook(withCopies(["2023", "2024"], lastYear()), { year: 2024 });
    expect(result.findings).toEqual([]);
    expect(result.tables?.proactive.licensing?.decisions).toBe(1036);
  });

  it("refuses to guess between two complete copies that name no year (table.duplicate)", () => {
    const result = validateWorkbook(withCopies(["甲", "乙"], lastYear()), { year: 2024 });
    expect(result.ok).toBe(false);
    expect(result.findings.filter((f) => f.rule === "table.duplicate").map((f) => f.table)).toEqual([
      "proactive",
      "applications",
      "appeals",
    ]);
    expect(result.findings[0]!.message.zh).toMatch(/在多个工作表中都有/);
    // At a number cell of the first sheet's copy, not at nowhere.
    expect(result.findings[0]).toMatchObject({
      sheet: "甲二、主动公开",
      cell: expect.stringMatching(/^[A-Z]+\d+$/),
    });
  });
});

describe("validateWorkbook › an amount column whose header names another unit", () => {
  it("converts by the header's unit, exactly, and warns the clerk to check it", () => {
    const template = buildTemplate(formatById("2019"), { values: seed2019Tables() });
    const where = template.cells.get("proactive.procurement.amount")!;
    const header = where.cell.replace(/\d+$/, (row) => String(Number(row) - 1));
    const bytes = editWorkbook(template.bytes, [
      { sheet: where.sheet, cell: header, value: "采购总金额（元）" },
      { sheet: where.sheet, cell: where.cell, value: 20209700 },
    ]);
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(result.ok).toBe(true);
    expect(result.tables).toEqual(seed2019Tables());
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: "value.unit_from_header", severity: "warning", cell: where.cell }),
    ]);
  });
});
