import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { buildTemplate } from "../../../functions/core/template";
import { validateWorkbook } from "../../../functions/core/validate";
import { formatById } from "../../../schemas/formats";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";
import { withStruck, withSuperscript } from "../../fixtures/workbooks/rich-text";

/** Numbers are never changed silently, and a copy the workbook cannot tell apart is never guessed. */

const TITLE = "某某局2019年政府信息公开工作年度报告";

function template(title?: string) {
  return buildTemplate(formatById("2019"), { values: seed2019Tables(), ...(title ? { title } : {}) });
}

/** The template with one more sheet: a copy of section 三's sheet. */
function withCopy(bytes: Uint8Array, name: string, hidden = false): Uint8Array {
  const book = XLSX.read(bytes, { type: "buffer" });
  XLSX.utils.book_append_sheet(book, structuredClone(book.Sheets["三、依申请公开"]!), name);
  if (hidden) {
    book.Workbook ??= {};
    book.Workbook.Sheets = book.SheetNames.map((sheet) => ({ Hidden: sheet === name ? 1 : 0 }));
  }
  return XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Uint8Array;
}

describe("numbers are never changed silently", () => {
  it("reads 31 with a superscript footnote run as 31, keeping the mark as a note", () => {
    const filled = template();
    const where = filled.cells.get("applications.received.natural_person")!;
    const bytes = withSuperscript(filled.bytes, where.sheet, where.cell, "96", "1");
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(result.tables?.applications.received?.natural_person).toBe(96);
    expect(result.ok).toBe(true);
    expect(result.report?.notes).toContainEqual(
      expect.objectContaining({ row: "received", column: "natural_person", text: "96（上标 1）" }),
    );
  });

  it("reads 50 struck through before 96 as 96: struck-through text is deleted, never digits", () => {
    const filled = template();
    const where = filled.cells.get("applications.received.natural_person")!;
    const result = validateWorkbook(withStruck(filled.bytes, where.sheet, where.cell, "50", "96"), {
      year: 2019,
    });
    expect(result.tables?.applications.received?.natural_person).toBe(96);
    expect(result.ok).toBe(true);
  });
});

describe("copies the workbook cannot tell apart are refused", () => {
  it("refuses two sheets that both state the upload's year, whatever their titles say", () => {
    const bytes = withCopy(template(TITLE).bytes, "三（草稿）");
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(result.ok).toBe(false);
    const duplicate = result.findings.find((finding) => finding.rule === "table.duplicate");
    expect(duplicate).toMatchObject({ table: "applications" });
    expect(duplicate!.message.zh).toMatch(/三（草稿）/);
  });

  it("still reads this year's copy when only its sheet states the year", () => {
    const book = XLSX.read(withCopy(template().bytes, "去年"), { type: "buffer" });
    XLSX.utils.sheet_add_aoa(book.Sheets["三、依申请公开"]!, [[TITLE]], { origin: "A1" });
    const bytes = XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Uint8Array;
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(result.findings.map((finding) => finding.rule)).not.toContain("table.duplicate");
  });

  it("says so when the second copy is on a hidden sheet", () => {
    const result = validateWorkbook(withCopy(template().bytes, "备份", true), { year: 2019 });
    const duplicate = result.findings.find((finding) => finding.rule === "table.duplicate");
    expect(duplicate!.message.zh).toMatch(/「备份」（隐藏的工作表）/);
    expect(duplicate!.message.zh).toMatch(/取消隐藏/);
    expect(duplicate!.message.en).toMatch(/hidden sheet/);
  });
});

describe("labels with characters that print as nothing", () => {
  for (const [name, char] of [
    ["a soft hyphen", "\u00ad"],
    ["a zero-width non-joiner", "\u200c"],
    ["a zero-width joiner", "\u200d"],
    ["a left-to-right mark", "\u200e"],
    ["a word joiner", "\u2060"],
    ["a Mongolian vowel separator", "\u180e"],
    ["a combining grapheme joiner", "\u034f"],
  ] as const) {
    it(`finds the tables when every label carries ${name}`, () => {
      const book = XLSX.read(template().bytes, { type: "buffer" });
      for (const sheet of Object.values(book.Sheets)) {
        for (const [address, cell] of Object.entries(sheet)) {
          if (address.startsWith("!") || (cell as XLSX.CellObject).t !== "s") continue;
          const text = String((cell as XLSX.CellObject).v);
          (cell as XLSX.CellObject).v = [...text].join(char);
        }
      }
      const bytes = XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Uint8Array;
      const result = validateWorkbook(bytes, { year: 2019 });
      expect(result.findings).toEqual([]);
      expect(result.tables).toEqual(seed2019Tables());
    });
  }
});
