import { describe, expect, it } from "vitest";
import {
  CSV_BOM,
  csvHeader,
  csvRow,
  formatDocument,
  listedCells,
  yearCsvMetadataDocument,
  yearCsvSchemaDocument,
} from "../../functions/core/feed";
import { feedJsonSchemas } from "../../schemas/feed";
import { FORMATS, formatById, formatCells } from "../../schemas/formats";
import { madeUpFormat2031, madeUpTables } from "../fixtures/formats/made-up-2031";
import { county2024Tables } from "../fixtures/reports/county-2021";
import { checkCsv } from "../support/csvw";
import { strictAjv } from "../support/feed-ajv";

/** The catalogue documents rendered from the format descriptions, and the year's CSV lines. */

const { validator } = strictAjv(feedJsonSchemas("https://feed.example.gov.cn"));

describe("the format documents", () => {
  it("label every row and column as the national form prints it, in Chinese and English, in order", () => {
    const doc = formatDocument(formatById("2021"), FORMATS);
    const applications = doc.tables.find((table) => table.code === "applications")!;
    expect(doc.tables.map((table) => table.section)).toEqual(["二", "三", "四"]);
    expect(applications.rows[0]).toMatchObject({
      code: "received",
      label: { zh: "一、本年新收政府信息公开申请数量", en: "I. new requests received this year" },
    });
    expect(applications.columns.map((column) => column.code)).toEqual([
      "natural_person",
      "commercial",
      "research",
      "nonprofit",
      "legal_services",
      "other_org",
      "total",
    ]);
    expect(applications.columnGroups[0]!.label.zh).toBe("法人或其他组织");
  });

  it("give the row hierarchy with each heading in both languages", () => {
    const doc = formatDocument(formatById("2021"), FORMATS);
    const row = doc.tables[1]!.rows.find((candidate) => candidate.code === "withheld.state_secret")!;
    expect(row.label.zh).toBe("1.属于国家秘密");
    expect(row.parents).toEqual([
      { zh: "三、本年度办理结果", en: "III. results of this year" },
      { zh: "（三）不予公开", en: "(3) withheld" },
    ]);
  });

  it("give the unit of an amount and the lines each sum rule holds for", () => {
    const doc = formatDocument(formatById("2021"), FORMATS);
    const amount = doc.tables[0]!.columns.find((column) => column.code === "amount")!;
    expect(amount).toMatchObject({ kind: "amount", unit: { zh: "万元" } });
    const resultsTotal = doc.tables[1]!.sums.find((sum) => sum.rule === "applications.results_total")!;
    expect(resultsTotal).toMatchObject({ along: "column", left: ["results_total"], at: "results_total" });
    expect(resultsTotal.lines).toContain("total");
    expect(resultsTotal.right).toContain("other.other");
  });

  it("say which cells of 2019 and 2021 mean the same: tables 三 and 四, 2019's (六) as 2021's three rows", () => {
    const later = formatDocument(formatById("2021"), FORMATS).correspondence;
    const earlier = formatDocument(formatById("2019"), FORMATS).correspondence;
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({
      format: "2019",
      relation: "succeeds",
      comparable: ["applications", "appeals"],
      notComparable: ["proactive"],
    });
    expect(later[0]!.same).toContain("applications.received.total");
    expect(later[0]!.same).toContain("appeals.reconsideration.upheld");
    expect(later[0]!.same.some((key) => key.startsWith("proactive."))).toBe(false);
    expect(later[0]!.combined).toContainEqual({
      here: [
        "applications.other.overdue_correction.total",
        "applications.other.overdue_fee.total",
        "applications.other.other.total",
      ],
      there: ["applications.other.total"],
    });
    expect(earlier[0]).toMatchObject({ format: "2021", relation: "precedes" });
    expect(earlier[0]!.combined[0]!.here).toEqual(["applications.other.natural_person"]);
  });

  it("validate under Ajv's strict mode, the made-up third format's too", () => {
    const validate = validator("format");
    for (const format of [...FORMATS, madeUpFormat2031]) {
      const ok = validate(formatDocument(format, [...FORMATS, madeUpFormat2031]));
      expect(validate.errors, format.id).toBeNull();
      expect(ok).toBe(true);
    }
    const madeUp = formatDocument(madeUpFormat2031, [...FORMATS, madeUpFormat2031]);
    expect(madeUp.tables[1]!.rows[0]!.label.zh).toBe("一、新收申请");
    expect(madeUp.correspondence).toEqual([]);
  });
});

describe("the JSON Schemas", () => {
  it("each have an $id under the feed's root and compile under Ajv's strict mode", () => {
    const schemas = feedJsonSchemas("https://feed.example.gov.cn/");
    for (const [name, schema] of Object.entries(schemas)) {
      expect((schema as { $id: string }).$id).toBe(
        `https://feed.example.gov.cn/v1/schema/${name}.schema.json`,
      );
    }
    expect(() => strictAjv(schemas)).not.toThrow();
  });
});

describe("the year's CSV lines", () => {
  const format = formatById("2021");
  const entry = {
    department: { id: "county-amr", name: '某县"市场",监督管理局' },
    format: "2021",
    publishedAt: "2025-01-20T08:00:00.000Z",
    path: "v1/reports/2024/county-amr.json",
    sha256: "0".repeat(64),
    headline: {
      applicationsReceived: 0,
      resultsTotal: 0,
      disclosed: 0,
      partiallyDisclosed: 0,
      reconsiderations: 0,
      lawsuits: 0,
    },
  };

  it("head every cell column with its code and Chinese label", () => {
    const header = csvHeader(format).trimEnd().split(",");
    expect(header).toHaveLength(5 + formatCells(format).length);
    expect(header[0]).toBe("department_id 单位代码");
    expect(header).toContain("applications.received.total 三、一、本年新收政府信息公开申请数量 · 总计");
  });

  it("hold a report's every cell in the header's order, text quoted and never a formula", () => {
    const tables = county2024Tables();
    const line = csvRow(format, entry, listedCells(format, tables));
    expect(line.endsWith("\r\n")).toBe(true);
    expect(line).toContain('"某县""市场"",监督管理局"');
    const withFormula = csvRow(format, { ...entry, department: { id: "x", name: "=HYPERLINK(1)" } }, []);
    expect(withFormula).toContain("'=HYPERLINK(1)");
    const received = formatCells(format).findIndex(
      (cell) => cell.table === "applications" && cell.row === "received" && cell.column === "total",
    );
    // The name is the only quoted field: after it, every field is a plain number.
    const numbers = line.trimEnd().split('监督管理局",')[1]!.split(",").slice(3);
    expect(numbers).toHaveLength(formatCells(format).length);
    expect(Number(numbers[received])).toBe(tables.applications.received!.total);
  });

  it("lay a report of another format out by code, leaving what it lacks empty", () => {
    const cells = listedCells(madeUpFormat2031, madeUpTables());
    const fields = csvRow(format, { ...entry, format: "2031" }, cells, madeUpFormat2031)
      .trimEnd()
      .split('监督管理局",')[1]!
      .split(",")
      .slice(3);
    expect(fields).toHaveLength(formatCells(format).length);
    const received = formatCells(format).findIndex((cell) => cell.row === "received");
    expect(fields[received]).toBe("");
  });
});

describe("the CSVW metadata of the year's CSV", () => {
  const formats = [...FORMATS, madeUpFormat2031];
  const entry = {
    department: { id: "county-amr", name: '某县"市场",监督管理局' },
    publishedAt: "2025-01-20T08:00:00.000Z",
    sha256: "0".repeat(64),
    headline: {
      applicationsReceived: 0,
      resultsTotal: 0,
      disclosed: 0,
      partiallyDisclosed: 0,
      reconsiderations: 0,
      lawsuits: 0,
    },
  };

  it("names the header's every column in order, for each format and a made-up one", () => {
    for (const format of formats) {
      const schema = yearCsvSchemaDocument(format, formats);
      const metadata = yearCsvMetadataDocument(2031, format);
      expect(metadata.tableSchema).toBe(`../schema/year-csv/${format.id}.json`);
      const tables = format === madeUpFormat2031 ? madeUpTables() : county2024Tables();
      const row = csvRow(
        format,
        { ...entry, format: format.id, path: `v1/reports/2031/county-amr.json` },
        listedCells(format, tables),
      );
      const csv = new TextEncoder().encode(`${CSV_BOM}${csvHeader(format)}${row}`);
      expect(checkCsv(csv, metadata, schema, { bom: true }), format.id).toEqual([]);
    }
  });

  it("refuses a row whose format is none of the formats, or whose count is negative", () => {
    const format = formatById("2021");
    const schema = yearCsvSchemaDocument(format, FORMATS);
    const cells = listedCells(format, county2024Tables());
    const received = formatCells(format).findIndex(
      (cell) => cell.row === "received" && cell.column === "total",
    );
    cells[received] = -1;
    const row = csvRow(format, { ...entry, format: "2031", path: "v1/reports/2024/county-amr.json" }, cells);
    const csv = new TextEncoder().encode(`${CSV_BOM}${csvHeader(format)}${row}`);
    expect(checkCsv(csv, yearCsvMetadataDocument(2024, format), schema, { bom: true })).toMatchObject([
      { line: 2, column: "format" },
      { line: 2, column: "applications.received.total", problem: '"-1" is not a nonNegativeInteger' },
    ]);
  });
});
