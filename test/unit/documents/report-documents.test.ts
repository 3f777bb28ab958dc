import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findingAddress } from "../../../functions/core/mail/findings";
import { validateUpload } from "../../../functions/core/validate-upload";
import { placeText } from "../../../schemas/finding";
import type { FormatId } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";
import { type DocxOptions, writeDocx } from "../../fixtures/documents/docx-writer";
import { type PageOptions, reportMhtml, reportPageBytes } from "../../fixtures/documents/html-pages";
import { type FixtureDocument, reportDocument } from "../../fixtures/documents/report-document";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";

/**
 * The real reports the tests hold, written as Word documents (by the `docx` package, and by LibreOffice
 * from the report's page) and published as web pages the ways governments publish them: every value is
 * read right, and a broken copy is refused at the table, row and column the document has it in.
 */

const SEED_TITLE = "自治区人民政府办公厅2019年政府信息公开工作年度报告";
const REPORTS: ReadonlyArray<{
  name: string;
  format: FormatId;
  year: number;
  tables: () => ReportTables;
  title?: string;
}> = [
  {
    name: "the seed report (2019 format)",
    format: "2019",
    year: 2019,
    tables: seed2019Tables,
    title: SEED_TITLE,
  },
  {
    name: "the county bureau's 2024 report (2021 format)",
    format: "2021",
    year: 2024,
    tables: county2024Tables,
  },
];

type Producer = (document: FixtureDocument) => Promise<Uint8Array>;

const docx =
  (options: DocxOptions = {}): Producer =>
  (document) =>
    writeDocx(document, options);
const html =
  (options: PageOptions = {}): Producer =>
  async (document) =>
    reportPageBytes(document, options);

const PRODUCERS: ReadonlyArray<[string, Producer]> = [
  ["a .docx written as Word writes one", docx()],
  ["a .docx whose numbers are in runs split by formatting", docx({ splitRuns: true })],
  [
    "a .docx with the applications table split over two tables, the header typed again",
    docx({ splitApplicationsAfter: 8 }),
  ],
  ["a .docx whose header rows repeat on each page (w:tblHeader)", docx({ repeatHeader: true })],
  ["a .docx with every table inside a one-cell layout table", docx({ nested: true })],
  ["a .docx whose title is set on two lines", docx({ titleOnTwoLines: true })],
  ["a plain page of bordered tables", html()],
  [
    "a page whose article sits in the site's layout table, among scripts and navigation",
    html({ style: "layout" }),
  ],
  ["Word's web-page export in GB2312: &nbsp; zeros, digits in spans", html({ style: "word_export" })],
  ["a page saved by a browser as one .mhtml file", async (document) => reportMhtml(document)],
];

describe("reports written as documents", () => {
  for (const report of REPORTS) {
    for (const [producer, write] of PRODUCERS) {
      it(`reads every value of ${report.name} from ${producer}`, async () => {
        const tables = report.tables();
        const result = await validateUpload(await write(reportDocument(report.format, tables, report.title)));
        expect(result.findings).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.tables).toEqual(tables);
        expect(result.format).toBe(report.format);
        expect(result.year).toBe(report.year);
        expect(result.stated.department).toBe(report.title ? "自治区人民政府办公厅" : "某县市场监督管理局");
      });
    }
    it(`reads every value of ${report.name} from a .docx LibreOffice wrote (a second producer)`, async () => {
      const file = report.format === "2019" ? "seed-2019" : "county-2024";
      const bytes = readFileSync(
        new URL(`../../fixtures/documents/libreoffice/${file}.docx`, import.meta.url),
      );
      const result = await validateUpload(bytes);
      expect(result.kind).toBe("docx");
      expect(result.findings).toEqual([]);
      expect(result.tables).toEqual(report.tables());
    });
  }
});

describe("a broken copy of a document", () => {
  /** Three mistakes, one in each table: a wrong total, a wrong appeals total, a number written as words. */
  const broken = (): FixtureDocument => {
    const tables = county2024Tables();
    tables.applications.received!.total = 47;
    tables.appeals.reconsideration!.total = 5;
    const document = reportDocument("2021", tables);
    for (const table of document.tables)
      for (const row of table.rows)
        for (const cell of row) if (cell.code === "proactive.licensing.decisions") cell.text = "约1036";
    return document;
  };
  const document = broken();
  const place = (code: string) => {
    const at = document.cells.get(code)!;
    return { sheet: `第 ${at.table} 个表格`, cell: `第 ${at.row} 行第 ${at.column} 列`, at };
  };

  for (const [producer, write] of PRODUCERS.filter(([name]) => !name.includes("split over"))) {
    it(`is refused at the table, row and column of each mistake in ${producer}`, async () => {
      const result = await validateUpload(await write(broken()), { year: 2024 });
      expect(result.ok).toBe(false);
      const total = place("applications.received.total");
      const finding = result.findings.find((item) => item.rule === "applications.row_total");
      expect(finding).toMatchObject({
        table: "applications",
        row: "received",
        column: "total",
        sheet: total.sheet,
        cell: total.cell,
        actual: 47,
        expected: 48,
        location: {
          table: total.at.table,
          row: total.at.row,
          column: total.at.column,
          rowLabel: "一、本年新收政府信息公开申请数量",
          columnLabel: "申请人情况 / 总计",
        },
      });
      expect(placeText(finding!)).toBe(`${total.sheet} ${total.cell}`);
      expect(placeText(finding!, "en")).toBe(
        `table ${total.at.table}, row ${total.at.row}, column ${total.at.column}`,
      );
      // The department's mail names the same place.
      expect(findingAddress(finding!)).toBe(placeText(finding!));
      const appeals = place("appeals.reconsideration.total");
      expect(result.findings.find((item) => item.rule === "appeals.row_total")).toMatchObject({
        sheet: appeals.sheet,
        cell: appeals.cell,
        location: { columnLabel: "行政复议 / 总计" },
      });
      const words = place("proactive.licensing.decisions");
      expect(result.findings.find((item) => item.rule === "value.not_a_number")).toMatchObject({
        sheet: words.sheet,
        cell: words.cell,
        actual: "约1036",
        location: { rowLabel: "行政许可" },
      });
    });
  }

  it("names the second part of a table split over two, in that part's own rows", async () => {
    const tables = county2024Tables();
    tables.applications.results_total!.total = 45;
    const result = await validateUpload(
      await docx({ splitApplicationsAfter: 8 })(reportDocument("2021", tables)),
      {
        year: 2024,
      },
    );
    const finding = result.findings.find(
      (item) => item.rule === "applications.row_total" && item.row === "results_total",
    );
    // Tables 二, 三's first part, 三's second part (its own header rows counted), 四.
    expect(finding?.location).toMatchObject({ table: 3, column: 10 });
    expect(finding?.location?.rowLabel).toContain("（七）总计");
    expect(finding?.location?.columnLabel).toContain("总计");
    expect(result.findings.filter((item) => item.rule.startsWith("table."))).toEqual([]);
  });

  it("reads a number with a footnote mark as the number, the mark kept as its note", async () => {
    const marks = { "applications.received.total": "1", "proactive.licensing.decisions": "①" };
    for (const bytes of [
      await docx({ footnotes: marks })(reportDocument("2021", county2024Tables())),
      await html({ footnotes: marks })(reportDocument("2021", county2024Tables())),
    ]) {
      const result = await validateUpload(bytes, { year: 2024 });
      expect(result.ok).toBe(true);
      expect(result.tables?.applications.received?.total).toBe(48);
      expect(result.tables?.proactive.licensing?.decisions).toBe(1036);
    }
  });
});
