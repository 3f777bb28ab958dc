import { describe, expect, it } from "vitest";
import { composeMail } from "../../../functions/core/mail";
import { diagnosisLines } from "../../../functions/core/present/diagnosis";
import { validateUpload } from "../../../functions/core/validate-upload";
import { DiagnosisSchema } from "../../../schemas/diagnosis";
import { formatById } from "../../../schemas/formats";
import { writeDocx } from "../../fixtures/documents/docx-writer";
import { reportPageBytes } from "../../fixtures/documents/html-pages";
import { type FixtureDocument, reportDocument } from "../../fixtures/documents/report-document";
import { county2024Tables } from "../../fixtures/reports/county-2021";

/**
 * A document has no sheets and no A1: the diagnosis, the messages that quote it and the mail name its
 * cells as the document's findings do (`第 2 个表格 第 6 行第 10 列`), never by the grid the core reads it
 * into (`网页!J25`, `Word 文档!I27`).
 */

/** An A1 address, or the internal grid's name, anywhere in a text. */
const GRID_PLACE = /(?<![A-Za-z])[A-Z]{1,3}\d{1,7}(?!\d)|网页!|Word 文档!/;

/** The county's report with the applications' total received typed 47 (the applicants sum to 48). */
function mistyped(): FixtureDocument {
  const tables = county2024Tables();
  tables.applications.received!.total = 47;
  return reportDocument("2021", tables);
}

const PRODUCERS: ReadonlyArray<
  [string, "docx" | "html", (document: FixtureDocument) => Promise<Uint8Array>]
> = [
  ["a .docx", "docx", (document) => writeDocx(document)],
  ["a web page", "html", async (document) => reportPageBytes(document)],
];

describe("the diagnosis of a report written as a document", () => {
  const document = mistyped();
  const at = document.cells.get("applications.received.total")!;
  const place = `第 ${at.table} 个表格 第 ${at.row} 行第 ${at.column} 列`;

  for (const [producer, kind, write] of PRODUCERS) {
    it(`names the cell to change by the document's table, row and column in ${producer}`, async () => {
      const result = await validateUpload(await write(document), { year: 2024 });
      expect(result.kind).toBe(kind);
      const cells = result.diagnosis?.repairs[0]?.cells;
      expect(cells).toEqual([
        {
          table: "applications",
          row: "received",
          column: "total",
          sheet: `第 ${at.table} 个表格`,
          cell: `第 ${at.row} 行第 ${at.column} 列`,
          actual: 47,
          value: 48,
          location: {
            table: at.table,
            row: at.row,
            column: at.column,
            rowLabel: "一、本年新收政府信息公开申请数量",
            columnLabel: expect.stringContaining("总计"),
          },
        },
      ]);
      // The place is part of the shape the JSON and the upload record carry.
      expect(DiagnosisSchema.parse(result.diagnosis)).toEqual(result.diagnosis);
      // Where the findings put the same cell.
      const finding = result.findings.find((item) => item.rule === "applications.row_total");
      expect(finding?.location).toEqual(cells?.[0]?.location);
    });

    it(`says so in the diagnosis's sentences and the messages that quote it, with no A1 (${producer})`, async () => {
      const result = await validateUpload(await write(document), { year: 2024 });
      const format = formatById("2021");
      const [lead] = diagnosisLines(result.diagnosis, format, "zh");
      expect(lead).toContain(`最可能出错的是 ${place}（`);
      expect(diagnosisLines(result.diagnosis, format, "en")[0]).toContain(
        `table ${at.table}, row ${at.row}, column ${at.column} (`,
      );
      const balance = result.findings.find((item) => item.rule === "applications.balance");
      expect(balance?.message.zh).toContain(`最可能出错的是 ${place}（`);
      expect(balance?.message.en).toContain(
        `Most likely table ${at.table}, row ${at.row}, column ${at.column} (`,
      );
      for (const text of [
        ...diagnosisLines(result.diagnosis, format, "zh"),
        ...diagnosisLines(result.diagnosis, format, "en"),
        ...result.findings.flatMap((item) => [item.message.zh, item.message.en]),
      ])
        expect(text).not.toMatch(GRID_PLACE);
    });

    it(`mails the rejection of ${producer} in the document's terms: its places, and why no copy is attached`, async () => {
      const result = await validateUpload(await write(document), { year: 2024 });
      const mail = composeMail({
        kind: "rejected",
        department: { id: "county-amr", name: "某县市场监督管理局" },
        year: 2024,
        upload: {
          fileName: kind === "docx" ? "年报.docx" : "年报.html",
          uploadedAt: "2025-01-10T02:05:00.000Z",
        },
        findings: result.findings,
        format: result.format,
        diagnosis: result.diagnosis,
        readAs: result.kind,
      });
      expect(mail.text).toContain(`最可能出错的是 ${place}（`);
      expect(mail.text).toContain("每条以所在的表格和行、列开头（如 第 2 个表格 第 6 行第 10 列）");
      const name = kind === "docx" ? " Word 文档" : "网页";
      expect(mail.text).toContain(
        `本邮件未附标注副本：您上传的是${name}，标色和批注只能写进 Excel 工作簿，无法写回${name}。`,
      );
      expect(mail.text).toContain("each starting with its table, row and column");
      for (const wording of [
        "工作表!单元格",
        "该工作簿",
        "sheet!cell",
        "this workbook",
        "三、依申请公开!J26",
      ])
        expect(mail.text).not.toContain(wording);
      expect(mail.text).not.toMatch(GRID_PLACE);
    });
  }
});

describe("a label finding of a report written as a document", () => {
  // The applications table's header 总计 typed 合计: the finding quotes the cell that holds it.
  const document = reportDocument("2021", county2024Tables());
  const applications = document.cells.get("applications.received.total")!.table;
  const header = document.tables[applications - 1]!.rows.flat().find((cell) => cell.text === "总计")!;
  header.text = "合计";

  for (const [producer, , write] of PRODUCERS) {
    it(`quotes the cell holding the wrong label by the document's place, never an A1 (${producer})`, async () => {
      const result = await validateUpload(await write(document), { year: 2024 });
      const missing = result.findings.find((finding) => finding.rule === "table.column_missing")!;
      expect(missing.message.zh).toContain(`：第 ${applications} 个表格 第 `);
      expect(missing.message.zh).toContain("为「合计」，应为「总计」");
      for (const text of [missing.message.zh, missing.message.en]) expect(text).not.toMatch(GRID_PLACE);
    });
  }
});
