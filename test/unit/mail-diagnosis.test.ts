import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeMail, type MailInput } from "../../functions/core/mail";
import { validateWorkbook } from "../../functions/core/validate";

/** The rejection leads with the diagnosis, lists one line per cell, and says what stays published. */

const SHEET = "三、依申请公开";

async function cityEdu(extra: Partial<Extract<MailInput, { kind: "rejected" }>> = {}) {
  const bytes = await readFile(join(import.meta.dirname, "..", "..", "examples", "city-edu-2024.xlsx"));
  const result = validateWorkbook(bytes, { year: 2024 });
  return composeMail({
    kind: "rejected",
    department: { id: "city-edu", name: "某市教育局" },
    year: 2024,
    upload: { fileName: "city-edu-2024.xlsx", uploadedAt: "2025-01-10T02:05:00.000Z" },
    findings: result.findings,
    format: result.format,
    diagnosis: result.diagnosis,
    ...extra,
  });
}

describe("composeMail › rejected, with a diagnosis", () => {
  it("leads with the cells most likely wrong and their values, before the errors", async () => {
    const mail = await cityEdu();
    const lead = mail.text.indexOf("最可能出错的是以下 2 个单元格");
    expect(lead).toBeGreaterThan(0);
    expect(lead).toBeLessThan(mail.text.indexOf("■ 错误"));
    expect(mail.text).toContain(
      `${SHEET}!F6（科研机构 · 一、本年新收政府信息公开申请数量）：表中为 2；改为 0`,
    );
    expect(mail.text).toContain(`${SHEET}!J29（总计 · （七）总计）：表中为 47；改为 46`);
    expect(mail.text).toContain(`${SHEET}!F6 (I. new requests received this year, research institutions)`);
    expect(mail.html).toContain("最可能出错的单元格");
  });

  it("lists one line per cell, two rules at J29 as one, and no 应为 that the diagnosis contradicts", async () => {
    const mail = await cityEdu();
    const zh = mail.text.slice(0, mail.text.indexOf("\nEnglish\n"));
    expect(zh.match(new RegExp(`- ${SHEET}!J29 `, "g"))).toHaveLength(1);
    expect(zh).toContain("■ 错误（4 处）");
    expect(mail.subject).toBe("【未通过】某市教育局 2024 年度报告统计表：4 处错误");
    expect(zh).not.toMatch(/应为 50|结转下年度继续办理「总计」应为 4|应为 2。/);
    expect(zh).toMatch(/J6 {2}.*与各类申请人之和（50）不符：最可能出错的是 F6/);
  });

  it("says a rejected replacement leaves the published version published", async () => {
    const mail = await cityEdu({
      published: { fileName: "2024年报.xlsx", uploadedAt: "2025-01-05T01:00:00.000Z" },
    });
    expect(mail.text).toContain(
      "已发布的版本（文件“2024年报.xlsx”，2025-01-05 09:00（北京时间） 上传）保持不变，仍然有效。",
    );
    expect(mail.text).toContain('The version already published (the file "2024年报.xlsx"');
  });

  it("points at the annotated copy attached, and says what a converted .xls keeps", async () => {
    const mail = await cityEdu({
      annotated: { attached: true, fileName: "x（已标注）.xlsx", converted: true },
    });
    expect(mail.text).toContain("附件“x（已标注）.xlsx”");
    expect(mail.text).toContain("副本已转换为 .xlsx");
    const none = await cityEdu({
      annotated: { attached: false, reason: { zh: "未附标注副本：原因。", en: "No copy: why." } },
    });
    expect(none.text).toContain("未附标注副本：原因。");
  });

  it("says when several repairs are as small, and names the others", () => {
    const cell = (name: string, column: string, actual: number, value: number) => ({
      table: "appeals" as const,
      row: "reconsideration",
      column,
      sheet: "四、复议诉讼",
      cell: name,
      actual,
      value,
    });
    const mail = composeMail({
      kind: "rejected",
      department: { id: "city-edu", name: "某市教育局" },
      year: 2024,
      upload: { fileName: "x.xlsx", uploadedAt: "2025-01-10T02:05:00.000Z" },
      findings: [],
      format: "2021",
      diagnosis: {
        repairs: [{ cells: [cell("E6", "total", 12, 11)] }, { cells: [cell("A6", "upheld", 2, 3)] }],
        unique: false,
        bounded: false,
        reason: null,
      },
    });
    expect(mail.text).toContain(
      "最可能出错的是 四、复议诉讼!E6（总计 · 行政复议）：表中为 12；改为 11 后全部校验通过。",
    );
    expect(mail.text).toContain("同样只改一个单元格的改法不止一种");
    expect(mail.text).toContain("四、复议诉讼!A6（结果维持 · 行政复议）改为 3");
  });

  it("says so when there are too many errors to tell which cells are wrong", () => {
    const mail = composeMail({
      kind: "rejected",
      department: { id: "city-edu", name: "某市教育局" },
      year: 2024,
      upload: { fileName: "x.xlsx", uploadedAt: "2025-01-10T02:05:00.000Z" },
      findings: [],
      format: "2021",
      diagnosis: {
        repairs: [],
        unique: false,
        bounded: true,
        reason: { zh: "至少有 9 个单元格需要改动，错误太多。", en: "At least 9 cells would have to change." },
      },
    });
    expect(mail.text).toContain("至少有 9 个单元格需要改动，错误太多。请逐条核对下列错误。");
    expect(mail.text).not.toContain("先改正上面指出的单元格");
  });
});
