import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withdrawReport } from "../../functions/season/withdraw";
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
 * The desk page shows what is published now, in a real browser against the local stack: the clerk's
 * published upload is listed as superseded once an operator's newer upload on the bulk path is published
 * (its verdict without the report link, which would show the newer numbers), and a report the operator
 * withdrew is shown as withdrawn, with the reason, in both languages. Screenshots in
 * test-results/browser/desk-superseded/.
 */

let browser: Browser;
let local: Stack;
let clerk: Clerk;
let page: Page;
let problems: string[];

const YEAR = 2024;
const NAME = "某县市场监督管理局";
const validWorkbook = () =>
  nationalWorkbook("2021", county2024Tables(), `${NAME} ${YEAR} 年政府信息公开工作年度报告`);

const verdictRegion = () => page.getByRole("region", { name: /^处理结果/ });
const historyRegion = () => page.getByRole("region", { name: `${YEAR} 年度的上传记录` });
const historyRow = (fileName: string) => historyRegion().getByRole("row").filter({ hasText: fileName });

/** Checks and uploads a valid workbook on the page, and waits for 已发布. */
async function publishAtDesk(fileName: string): Promise<void> {
  await page.getByLabel("选择文件").setInputFiles(xlsxFile(fileName, validWorkbook()));
  const check = page.getByRole("region", { name: "本机检查结果" });
  await check.getByText("未发现错误，可以上传。").waitFor();
  await check.getByRole("button", { name: "上传", exact: true }).click();
  await verdictRegion().getByRole("status").getByText("已发布", { exact: true }).waitFor({ timeout: 30_000 });
}

beforeAll(async () => {
  local = await startStack();
  browser = await launchBrowser("desk-superseded");
  clerk = await addClerk(local.stack, "county-amr", NAME);
  page = await (await browser.context()).newPage();
  problems = watchPage(page);
  await signInToDesk(page, local.desk, clerk, YEAR);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

describe("the desk page against what is published now", () => {
  it("lists the clerk's published upload as superseded once an operator's newer bulk upload is published, with no report link", async () => {
    await publishAtDesk("2024年报.xlsx");
    await local.stack.clients.s3.send(
      new PutObjectCommand({
        Bucket: local.stack.config.uploadsBucket,
        Key: `uploads/${clerk.department}/${YEAR}/批量-${YEAR}.xlsx`,
        Body: validWorkbook(),
      }),
    );
    await local.stack.settle();
    await historyRegion().getByRole("button", { name: "刷新" }).click();
    await historyRow("2024年报.xlsx")
      .getByText(/已被更新的上传取代$/)
      .waitFor();
    await historyRow(`批量-${YEAR}.xlsx`)
      .getByText(/已发布$/)
      .waitFor();
    await historyRow("2024年报.xlsx").getByRole("button", { name: "查看 2024年报.xlsx 的结果" }).click();
    const verdict = verdictRegion();
    await verdict.getByRole("status").getByText("已被更新的上传取代", { exact: true }).waitFor();
    await expect(verdict.getByText("本年度已有一份更新的报告发布。").isVisible()).resolves.toBe(true);
    await expect(verdict.getByRole("link", { name: "在公开数据（feed）中查看" }).count()).resolves.toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "superseded");
    expect(problems).toEqual([]);
  });

  it("shows a report the operator withdrew as 已撤回, with the reason, in the verdict and the year's uploads", async () => {
    await publishAtDesk("2024年报-再传.xlsx");
    const reason = "报送单位申请撤回，核实后重报";
    const withdrawn = await withdrawReport(local.stack.season, {
      department: clerk.department,
      year: YEAR,
      reason,
    });
    expect(withdrawn.ok).toBe(true);
    await historyRegion().getByRole("button", { name: "刷新" }).click();
    await historyRow("2024年报-再传.xlsx")
      .getByText(/已撤回$/)
      .waitFor();
    await expect(historyRow(`批量-${YEAR}.xlsx`).textContent()).resolves.toContain("已被更新的上传取代");
    await historyRow("2024年报-再传.xlsx")
      .getByRole("button", { name: "查看 2024年报-再传.xlsx 的结果" })
      .click();
    const verdict = verdictRegion();
    await verdict.getByRole("status").getByText("已撤回", { exact: true }).waitFor();
    await verdict.getByText(/管理员撤回了这份报告/).waitFor();
    await expect(verdict.getByText(`撤回原因：${reason}`).isVisible()).resolves.toBe(true);
    await expect(verdict.getByRole("link", { name: "在公开数据（feed）中查看" }).count()).resolves.toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "withdrawn");
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page
      .getByRole("region", { name: /^Outcome/ })
      .getByRole("status")
      .getByText("Withdrawn")
      .waitFor();
    await page.getByText(`Why it was withdrawn: ${reason}`, { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "withdrawn-english");
    expect(problems).toEqual([]);
  });
});
