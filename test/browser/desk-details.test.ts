import { randomUUID } from "node:crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deskUploadKey } from "../../functions/storage-layout";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";
import {
  addClerk,
  axeViolations,
  type Browser,
  type Clerk,
  launchBrowser,
  type Stack,
  signInToDesk,
  startStack,
  watchPage,
  xlsxFile,
} from "./harness";

/**
 * What a clerk can open on the desk page, and what stays pending, in a real browser against the local
 * stack: an operator's bulk upload opens from the year's uploads like the clerk's own (the pipeline's
 * findings, the diagnosis, the annotated copy); an upload requested but never sent is shown as not
 * received once its link expired, not as pending for good; a file the page cannot read at all makes
 * choosing another the primary action; the English verdict's heading is punctuated as English is.
 * Screenshots in test-results/browser/desk-details/.
 */

let browser: Browser;
let local: Stack;
let clerk: Clerk;
let page: Page;
let problems: string[];

const YEAR = 2024;
const NAME = "某县司法局";
const title = `${NAME} ${YEAR} 年政府信息公开工作年度报告`;

const brokenWorkbook = () => {
  const tables = county2024Tables();
  tables.applications.received!.total = 47;
  return nationalWorkbook("2021", tables, title);
};

const checkRegion = () => page.getByRole("region", { name: "本机检查结果" });
const verdictRegion = () => page.getByRole("region", { name: /^处理结果/ });
const historyRegion = () => page.getByRole("region", { name: `${YEAR} 年度的上传记录` });
const historyRow = (fileName: string) => historyRegion().getByRole("row").filter({ hasText: fileName });

/** The buttons of the check, in the order they are read. */
const actions = (check: Locator) => check.getByRole("button").allTextContents();
/** A button's fill: the primary one is filled with the accent colour, a secondary one is not. */
const fill = (button: Locator) =>
  button.evaluate(
    (element) =>
      // Run in the page; this file is type-checked without the DOM's types.
      (
        globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
      ).getComputedStyle(element).backgroundColor,
  );

beforeAll(async () => {
  local = await startStack();
  browser = await launchBrowser("desk-details");
  clerk = await addClerk(local.stack, "county-justice", NAME);
  page = await (await browser.context()).newPage();
  problems = watchPage(page);
  await signInToDesk(page, local.desk, clerk, YEAR);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

describe("the desk page's details", () => {
  it("opens an operator's bulk upload from the year's uploads: its findings, the diagnosis and the annotated copy", async () => {
    await local.stack.clients.s3.send(
      new PutObjectCommand({
        Bucket: local.stack.config.uploadsBucket,
        Key: `uploads/${clerk.department}/${YEAR}/批量-有错.xlsx`,
        Body: brokenWorkbook(),
      }),
    );
    await local.stack.settle();
    await historyRegion().getByRole("button", { name: "刷新" }).click();
    const row = historyRow("批量-有错.xlsx");
    await row.getByText(/未通过$/).waitFor();
    await row.getByRole("button", { name: "查看 批量-有错.xlsx 的结果" }).click();
    const verdict = verdictRegion();
    await verdict.getByRole("heading", { name: "处理结果：批量-有错.xlsx" }).waitFor();
    await verdict.getByRole("status").getByText("未通过", { exact: true }).waitFor();
    await expect(verdict.getByRole("region", { name: "诊断" }).textContent()).resolves.toContain(
      "三、依申请公开!J6",
    );
    await verdict.getByRole("region", { name: /^错误（/ }).waitFor();
    expect(page.url()).toMatch(new RegExp(`#upload/${YEAR}/\\d{15}-[0-9A-F]{32}$`));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      verdict.getByRole("button", { name: "下载已标注的工作簿" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("批量-有错（已标注）.xlsx");
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "bulk-upload-opened");
    // The address opens it again after a reload (the page opens on its default year).
    await page.reload();
    await verdictRegion().getByRole("heading", { name: "处理结果：批量-有错.xlsx" }).waitFor();
    await verdictRegion().getByRole("status").getByText("未通过", { exact: true }).waitFor();
    await page.getByRole("combobox", { name: "报告年度" }).selectOption(String(YEAR));
    await row.getByRole("button", { name: "查看 批量-有错.xlsx 的结果" }).click();
    await verdictRegion().getByRole("status").getByText("未通过", { exact: true }).waitFor();
    expect(problems).toEqual([]);
  });

  it("heads the verdict in English with English punctuation", async () => {
    await page.getByRole("button", { name: "Switch to English" }).click();
    const heading = page.getByRole("region", { name: /^Outcome/ }).getByRole("heading", { level: 2 });
    await expect(heading.textContent()).resolves.toBe("Outcome: 批量-有错.xlsx");
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "bulk-upload-english");
    await page.getByRole("button", { name: "切换到中文" }).click();
    await verdictRegion().waitFor();
  });

  it("shows an upload requested but never sent as not received once its link expired, not as pending", async () => {
    const uploadId = randomUUID();
    const issuedAt = new Date(Date.now() - 60 * 60_000);
    await local.stack.api.issued.put({
      uploadId,
      department: clerk.department,
      year: YEAR,
      fileName: "关掉的标签页.xlsx",
      key: deskUploadKey(clerk.department, YEAR, uploadId, "关掉的标签页.xlsx"),
      size: 1000,
      issuedAt: issuedAt.toISOString(),
      expiresAt: new Date(issuedAt.getTime() + 10 * 60_000).toISOString(),
      issuedTo: "a closed tab",
    });
    await historyRegion().getByRole("button", { name: "刷新" }).click();
    const row = historyRow("关掉的标签页.xlsx");
    await row.getByText(/未收到文件$/).waitFor();
    await expect(row.textContent()).resolves.not.toContain("等待上传");
    await row.getByRole("button", { name: "查看 关掉的标签页.xlsx 的结果" }).click();
    const verdict = verdictRegion();
    await verdict.getByRole("status").getByText("未收到文件", { exact: true }).waitFor();
    await verdict.getByText(/上传链接已过期/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "never-sent-expired");
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page
      .getByRole("region", { name: /^Outcome/ })
      .getByRole("status")
      .getByText("File not received")
      .waitFor();
    await page
      .getByRole("region", { name: "Uploads for 2024" })
      .getByText(/File not received$/)
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "never-sent-expired-english");
    await page.getByRole("button", { name: "切换到中文" }).click();
    await verdictRegion().waitFor();
    expect(problems).toEqual([]);
  });

  it("makes choosing another file the primary action when the file cannot be read at all, uploading it anyway secondary", async () => {
    await page.getByLabel("选择文件").setInputFiles({
      name: "报表.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("项目,数量\n本年新收,48\n", "utf8"),
    });
    const check = checkRegion();
    await check.getByText("这个文件读不出报表，原因见下。").waitFor();
    expect(await actions(check)).toEqual(["换一个文件", "仍然上传"]);
    const another = check.getByRole("button", { name: "换一个文件" });
    const anyway = check.getByRole("button", { name: "仍然上传" });
    const primary = await fill(another);
    expect(await fill(anyway)).not.toBe(primary);
    await expect(anyway.isEnabled()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "unreadable-choose-another");
    // The primary action opens the file chooser; the file chosen there is checked.
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), another.click()]);
    await chooser.setFiles(xlsxFile("有错.xlsx", brokenWorkbook()));
    await check.getByText(/发现 \d+ 处错误/).waitFor();
    // A readable file with errors may still go to the pipeline for its verdict and annotated copy.
    expect(await actions(check)).toEqual(["仍然上传", "换一个文件"]);
    expect(await fill(check.getByRole("button", { name: "仍然上传" }))).toBe(primary);
    expect(await fill(check.getByRole("button", { name: "换一个文件" }))).not.toBe(primary);
    await browser.screenshot(page, "readable-with-errors");
    expect(problems).toEqual([]);
  });
});
