import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGongkai } from "../../functions/cli/program";
import { cliEnvironment } from "../../functions/config";
import { writeDocx } from "../fixtures/documents/docx-writer";
import { reportPageBytes } from "../fixtures/documents/html-pages";
import { reportDocument } from "../fixtures/documents/report-document";
import { wordDoc } from "../fixtures/hostile";
import { county2024Tables } from "../fixtures/reports/county-2021";

/** `gongkai validate` on the report as the department wrote it: a Word document, a saved page, a .doc. */

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gongkai-validate-documents-"));
  const broken = county2024Tables();
  broken.applications.received!.total = 47;
  await writeFile(join(dir, "年度报告.docx"), await writeDocx(reportDocument("2021", broken)));
  await writeFile(
    join(dir, "ndbg.html"),
    reportPageBytes(reportDocument("2021", county2024Tables()), { style: "layout" }),
  );
  await writeFile(join(dir, "old.doc"), wordDoc());
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function gongkai(...argv: string[]) {
  let stdout = "";
  const code = await runGongkai(argv, {
    env: cliEnvironment({ NO_COLOR: "1" }),
    streams: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } },
  });
  return { code, stdout };
}

describe("gongkai validate on documents", () => {
  it("names a Word document's wrong cell by its table, row and column", async () => {
    const { code, stdout } = await gongkai("validate", join(dir, "年度报告.docx"), "--year", "2024");
    expect(code).toBe(1);
    expect(stdout).toContain(
      "  第 2 个表格\n    第 4 行第 10 列 错误 一、本年新收政府信息公开申请数量「总计」应为 48",
    );
  });

  it("gives the place as data in --json, with the document's own labels", async () => {
    const { stdout } = await gongkai("validate", join(dir, "年度报告.docx"), "--year", "2024", "--json");
    const result = JSON.parse(stdout) as { findings: { rule: string; location?: unknown }[] };
    expect(result.findings[0]).toMatchObject({
      rule: "applications.row_total",
      location: { table: 2, row: 4, column: 10, columnLabel: "申请人情况 / 总计" },
    });
  });

  it("passes a saved report page, in English too", async () => {
    const { code, stdout } = await gongkai("validate", join(dir, "ndbg.html"), "--lang", "en");
    expect(code).toBe(0);
    expect(stdout).toContain("(2021 format, year 2024)");
    expect(stdout).toContain("can be published");
  });

  it("refuses a .doc saying how to save it as .docx", async () => {
    const { code, stdout } = await gongkai("validate", join(dir, "old.doc"));
    expect(code).toBe(1);
    expect(stdout).toContain("Word 文档（*.docx）");
  });
});
