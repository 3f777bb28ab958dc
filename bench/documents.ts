import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { validateUpload } from "../functions/core/validate-upload";
import { writeDocx } from "../test/fixtures/documents/docx-writer";
import { reportPageBytes } from "../test/fixtures/documents/html-pages";
import { reportDocument } from "../test/fixtures/documents/report-document";
import { seed2019Tables } from "../test/fixtures/reports/seed-2019";

/** The seed report read as a Word document (two producers) and as a published page: medians, like the workbook's. */
export async function benchDocuments(): Promise<Record<string, number | string>> {
  const title = "自治区人民政府办公厅2019年政府信息公开工作年度报告";
  const document = reportDocument("2019", seed2019Tables(), title);
  const inputs: [string, Uint8Array][] = [
    ["seed as .docx (docx package): validate (median ms)", await writeDocx(document)],
    [
      "seed as .docx (LibreOffice): validate (median ms)",
      await readFile(
        join(import.meta.dirname, "..", "test", "fixtures", "documents", "libreoffice", "seed-2019.docx"),
      ),
    ],
    ["seed as a web page (.html): validate (median ms)", reportPageBytes(document, { style: "layout" })],
    [
      "seed as Word's web-page export (GB2312): validate (median ms)",
      reportPageBytes(document, { style: "word_export" }),
    ],
  ];
  const figures: Record<string, number> = {};
  for (const [label, bytes] of inputs) {
    const check = await validateUpload(bytes, { year: 2019 });
    if (!check.ok) throw new Error(`bench: ${label} does not validate`);
    for (let i = 0; i < 20; i++) await validateUpload(bytes, { year: 2019 });
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = process.hrtime.bigint();
      await validateUpload(bytes, { year: 2019 });
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    figures[label] = Math.round(samples.sort((a, b) => a - b)[100]! * 100) / 100;
  }
  return figures;
}
