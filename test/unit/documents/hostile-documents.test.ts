import { describe, expect, it } from "vitest";
import { validateUpload } from "../../../functions/core/validate-upload";
import type { UploadLimits } from "../../../functions/core/workbook/limits";
import * as hostile from "../../fixtures/hostile";
import * as documents from "../../fixtures/hostile/documents";

/**
 * Documents built to exhaust a reader are refused within bounds — a finding, never a crash or a hang,
 * each in well under a second — and broken ones say what is wrong.
 */

async function refused(bytes: Uint8Array, limits: Partial<UploadLimits> = {}) {
  const started = performance.now();
  const result = await validateUpload(bytes, { year: 2024, limits });
  const elapsed = performance.now() - started;
  expect(result.ok).toBe(false);
  expect(result.readable).toBe(false);
  expect(result.findings).toHaveLength(1);
  return { finding: result.findings[0]!, elapsed, result };
}

describe("hostile documents", () => {
  it("refuses a docx bomb (40 MiB of document part) by inflating no more than the cap", async () => {
    const { finding, elapsed } = await refused(documents.docxBomb());
    expect(finding.rule).toBe("document.too_large");
    expect(finding.message.zh).toContain("Word 文档");
    expect(elapsed).toBeLessThan(2000);
  });

  it("refuses a Word table of 100,000 cells while reading it", async () => {
    const { finding, elapsed } = await refused(documents.docxTable(1000, 100));
    expect(finding).toMatchObject({ rule: "document.too_many_cells", expected: 20_000 });
    expect(elapsed).toBeLessThan(2000);
  });

  it("refuses a page table of 100,000 cells while reading it", async () => {
    const { finding, elapsed } = await refused(documents.pageTable(1000, 100));
    expect(finding.rule).toBe("document.too_many_cells");
    expect(finding.message.zh).toContain("网页");
    expect(elapsed).toBeLessThan(2000);
  });

  it("refuses Word tables nested fifty deep", async () => {
    const { finding } = await refused(documents.docxNestedTables(50));
    expect(finding).toMatchObject({ rule: "document.too_deeply_nested", expected: 8 });
  });

  it("refuses page tables nested fifty deep", async () => {
    const { finding } = await refused(documents.pageNestedTables(50));
    expect(finding.rule).toBe("document.too_deeply_nested");
  });

  it("refuses markup nested thousands deep without recursing through it", async () => {
    const { finding, elapsed } = await refused(documents.pageDeepMarkup(5000));
    expect(finding.rule).toBe("document.too_deeply_nested");
    expect(elapsed).toBeLessThan(2000);
  });

  it("refuses a page of 10 MB of markup before parsing it", async () => {
    const { finding, elapsed } = await refused(documents.pageOfMarkup(10_000_000));
    expect(finding.rule).toBe("document.too_large");
    expect(elapsed).toBeLessThan(500);
  });

  it("stops parsing a flood of elements at the node cap", async () => {
    const { finding, elapsed } = await refused(documents.pageNodeFlood(300_000));
    expect(finding).toMatchObject({ rule: "document.too_many_elements", expected: 200_000 });
    expect(elapsed).toBeLessThan(2000);
  });

  it("refuses a document part that declares entities (never expanding them)", async () => {
    const { finding, elapsed } = await refused(documents.docxEntityBomb());
    expect(finding.rule).toBe("document.unreadable");
    expect(elapsed).toBeLessThan(500);
  });

  it("refuses a document part cut off in the middle of a table as damaged", async () => {
    const { finding } = await refused(documents.docxTruncated());
    expect(finding.rule).toBe("document.unreadable");
    expect(finding.message.zh).toContain("另存为");
  });

  it("refuses a report typed without tables, saying the numbers must be in a table", async () => {
    const { finding } = await refused(documents.docxWithoutTables());
    expect(finding.rule).toBe("document.no_tables");
    expect(finding.message.zh).toContain("插入 → 表格");
  });

  it("refuses a Word document over the upload cap as a document, in a document's words", async () => {
    const { finding } = await refused(documents.docxBomb(), { maxBytes: 1000 });
    expect(finding).toMatchObject({ rule: "document.too_large", expected: 1000 });
  });

  it("refuses a binary .doc/.wps saying how to save it as .docx", async () => {
    const { finding } = await refused(hostile.wordDoc());
    expect(finding).toMatchObject({ rule: "workbook.not_a_workbook", actual: "old_word" });
    expect(finding.message.zh).toContain("Word 文档（*.docx）");
    expect(finding.message.en).toContain("Word Document (*.docx)");
  });

  it("passes a zip that only names Word parts to the zip guard's checks (a damaged docx)", async () => {
    const bytes = documents.docxTable(2, 2);
    // The central directory's copy of the document part's CRC no longer matches its data.
    const broken = new Uint8Array(bytes);
    const at = broken.lastIndexOf(0x64) - 40;
    broken[at] = (broken[at]! + 1) & 0xff;
    const result = await validateUpload(broken, { year: 2024 });
    expect(result.ok).toBe(false);
  });
});
