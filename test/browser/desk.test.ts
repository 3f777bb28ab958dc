import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findingLines } from "../../functions/core/present/finding-lines";
import { validateUpload } from "../../functions/core/validate-upload";
import { tooLargeFinding } from "../../functions/ingest/upload-findings";
import { bitFlippedXlsx, lyingSizes, sharedStringsBomb } from "../fixtures/hostile";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";
import { seed2019Tables } from "../fixtures/reports/seed-2019";
import {
  addClerk,
  axeViolations,
  type Browser,
  type Clerk,
  launchBrowser,
  PHONE,
  type Stack,
  signInToDesk,
  startStack,
  watchPage,
  xlsxFile,
} from "./harness";

/**
 * The clerk's desk in a real browser (Debian's Chromium, driven by Playwright) against the local stack:
 * signing in, the check in the browser before anything is uploaded, the upload and the pipeline's
 * verdict, another department's clerk, keyboard only, a phone's width, and axe-core. Each step leaves a
 * screenshot in test-results/browser/desk/.
 */

let browser: Browser;
let local: Stack;
let clerk: Clerk;
let other: Clerk;
let context: BrowserContext;
let page: Page;
let problems: string[];
/** The upload of the broken workbook, once the clerk has uploaded it. */
let rejectedId = "";

const YEAR = 2024;
const NAME = "某县市场监督管理局";
const title = `${NAME} ${YEAR} 年政府信息公开工作年度报告`;

/** The bureau's 2024 report with one typo: 一、本年新收「总计」47 where its parts add up to 48. */
function brokenWorkbook(): Uint8Array {
  const tables = county2024Tables();
  tables.applications.received!.total = 47;
  return nationalWorkbook("2021", tables, title);
}
const validWorkbook = () => nationalWorkbook("2021", county2024Tables(), title);

/** Signs in on the page: the temporary password first, then the clerk's own. */
async function signIn(target: Page, who: Clerk, first = true): Promise<void> {
  await signInToDesk(target, local.desk, who, YEAR, first);
}

/** Drops a file on the drop zone as a person drags it from their files. */
async function drop(target: Page, name: string, bytes: Uint8Array): Promise<void> {
  // Built in the page (as a string: this file is type-checked without the DOM's types).
  const transfer = await target.evaluateHandle(
    `(() => { const dt = new DataTransfer(); dt.items.add(new File([new Uint8Array(${JSON.stringify([...bytes])})], ${JSON.stringify(name)})); return dt; })()`,
  );
  await target.getByText(/拖到这里/).dispatchEvent("drop", { dataTransfer: transfer });
}

/** The finding lines a region lists (errors, then warnings), as the page words them. */
async function listed(region: ReturnType<Page["getByRole"]>): Promise<string[]> {
  const lists = region.getByRole("region", { name: /^(错误|提醒)（\d+）$/ });
  return lists.getByRole("listitem").allTextContents();
}

const checkRegion = (target: Page) => target.getByRole("region", { name: "本机检查结果" });
const verdictRegion = (target: Page) => target.getByRole("region", { name: /^处理结果/ });

beforeAll(async () => {
  local = await startStack();
  browser = await launchBrowser("desk");
  clerk = await addClerk(local.stack, "county-amr", NAME);
  other = await addClerk(local.stack, "city-edu", "某市教育局");
  context = await browser.context();
  page = await context.newPage();
  problems = watchPage(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

describe("the desk page", () => {
  it("signs a clerk in with the temporary password, has them set their own, and shows their department", async () => {
    await page.goto(local.desk);
    await expect(page.getByRole("heading", { name: "登录" }).isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "sign-in");
    await signIn(page, clerk);
    await expect(page.getByRole("heading", { name: "检查并上传报告" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: /空白模板/ }).getAttribute("href")).resolves.toBe(
      "templates/2021.xlsx",
    );
    await browser.screenshot(page, "signed-in");
    expect(problems).toEqual([]);
  });

  it("marks the wrong cell of a dropped workbook and shows its finding beside it, before anything is uploaded", async () => {
    const bytes = brokenWorkbook();
    await drop(page, "2024年报.xlsx", bytes);
    const check = checkRegion(page);
    await check.waitFor();
    // What the pipeline will find, computed here by the core in Node.
    const expected = await validateUpload(bytes, {
      department: clerk.department,
      departmentName: NAME,
      year: YEAR,
    });
    const errors = findingLines(expected.findings.filter((finding) => finding.severity === "error"));
    expect(errors.length).toBeGreaterThan(0);
    await expect(check.getByRole("status").first().textContent()).resolves.toContain(
      `发现 ${errors.length} 处错误`,
    );
    await expect(check.getByRole("region", { name: "诊断" }).textContent()).resolves.toContain(
      "三、依申请公开!J6",
    );
    const lines = await listed(check);
    expect(lines).toHaveLength(errors.length);
    errors.forEach((line, index) => {
      expect(lines[index]).toContain(`${line.sheet}!${line.cell}`);
      expect(lines[index]).toContain(line.message.zh);
    });
    // The cell itself: its number, its severity in words (not only a colour), the repair, and the line under it.
    const cell = check.getByRole("cell", { name: /^一、本年新收政府信息公开申请数量「总计」：/ });
    await expect(cell.textContent()).resolves.toMatch(/47[\s\S]*错误[\s\S]*改为 48/);
    const row = check.getByRole("row").filter({ hasText: "三、依申请公开!J6" });
    await expect(row.textContent()).resolves.toContain(errors[0]!.message.zh);
    // Nothing has left the browser.
    expect(await local.stack.api.issued.list(clerk.department, YEAR)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "checked-broken-workbook");
  });

  it("uploads it with a progress bar and shows the server's verdict, the same findings as the browser's", async () => {
    const check = checkRegion(page);
    const inBrowser = await listed(check);
    await page.getByRole("button", { name: "仍然上传" }).click();
    const verdict = verdictRegion(page);
    await verdict.getByText("未通过").waitFor({ timeout: 30_000 });
    expect(await listed(verdict)).toEqual(inBrowser);
    await expect(verdict.getByText("服务器的结论与本机检查相同。").isVisible()).resolves.toBe(true);
    await expect(verdict.getByRole("region", { name: "诊断" }).textContent()).resolves.toContain(
      "三、依申请公开!J6",
    );
    rejectedId = /#upload\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? "";
    expect(rejectedId).not.toBe("");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      verdict.getByRole("button", { name: "下载已标注的工作簿" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("2024年报（已标注）.xlsx");
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "rejected");
  });

  it("uploads a valid workbook and shows 已发布 with the numbers the feed publishes", async () => {
    await page.getByLabel("选择文件").setInputFiles(xlsxFile("2024年报-改正.xlsx", validWorkbook()));
    const check = checkRegion(page);
    await check.getByText("未发现错误，可以上传。").waitFor();
    await browser.screenshot(page, "checked-valid-workbook");
    await check.getByRole("button", { name: "上传", exact: true }).click();
    const verdict = verdictRegion(page);
    await verdict.getByText("已发布", { exact: true }).waitFor({ timeout: 30_000 });
    await verdict.getByRole("term").first().waitFor();
    const year = (await (await fetch(`${local.stack.endpoints.feed}/v1/years/${YEAR}.json`)).json()) as {
      reports: { department: { id: string }; headline: Record<string, number> }[];
    };
    const published = year.reports.find((report) => report.department.id === clerk.department)!;
    expect(published.headline.applicationsReceived).toBe(48);
    await expect(verdict.getByRole("definition").allTextContents()).resolves.toEqual(
      [
        published.headline.applicationsReceived,
        published.headline.resultsTotal,
        published.headline.disclosed,
        published.headline.partiallyDisclosed,
        published.headline.reconsiderations,
        published.headline.lawsuits,
      ].map(String),
    );
    const link = verdict.getByRole("link", { name: "在公开数据（feed）中查看" });
    await expect(link.getAttribute("href")).resolves.toBe(
      `${local.stack.endpoints.feed}/v1/reports/${YEAR}/${clerk.department}.json`,
    );
    const history = page.getByRole("region", { name: `${YEAR} 年度的上传记录` });
    await history
      .getByRole("row")
      .filter({ hasText: "2024年报-改正.xlsx" })
      .getByText(/已发布$/)
      .waitFor();
    await expect(
      history.getByRole("row").filter({ hasText: "2024年报.xlsx" }).textContent(),
    ).resolves.toContain("未通过");
    await browser.screenshot(page, "published");
    expect(problems).toEqual([]);
  });

  it("says what the pipeline says of a file that is no workbook, and of one over the upload limit", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n");
    const words = (await validateUpload(pdf)).findings[0]!.message.zh;
    await page
      .getByLabel("选择文件")
      .setInputFiles({ name: "报告.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) });
    const check = checkRegion(page);
    await check.getByText(words).waitFor();
    await expect(check.getByRole("status").first().textContent()).resolves.toContain("这个文件读不出报表");
    const limit = local.stack.config.maxUploadBytes;
    const big = new Uint8Array(limit + 1);
    await page.getByLabel("选择文件").setInputFiles(xlsxFile("很大.xlsx", big));
    await check.getByText(tooLargeFinding(big.length, limit).message.zh).waitFor();
    await browser.screenshot(page, "too-large");
    // The 2019 format for a 2024 report: the pipeline's own words for it.
    const old = nationalWorkbook("2019", seed2019Tables(), title);
    const wrongFormat = (
      await validateUpload(old, { department: clerk.department, departmentName: NAME, year: YEAR })
    ).findings.find((finding) => finding.rule === "format.year_mismatch")!;
    await page.getByLabel("选择文件").setInputFiles(xlsxFile("旧格式.xlsx", old));
    await check.getByText(wrongFormat.message.zh).waitFor();
    await browser.screenshot(page, "wrong-format");
  });

  it("refuses a zip bomb, a zip that lies about its sizes and a corrupted one in the browser as the pipeline does", async () => {
    const check = checkRegion(page);
    for (const [name, bytes] of [
      ["炸弹.xlsx", sharedStringsBomb()],
      ["谎报大小.xlsx", lyingSizes()],
      ["损坏.xlsx", bitFlippedXlsx()],
    ] as const) {
      const expected = await validateUpload(new Uint8Array(bytes), {
        department: clerk.department,
        departmentName: NAME,
        year: YEAR,
      });
      expect(expected.findings.some((finding) => finding.severity === "error")).toBe(true);
      await page.getByLabel("选择文件").setInputFiles(xlsxFile(name, bytes));
      await check.getByText(`${name}：`).waitFor();
      for (const finding of expected.findings) await check.getByText(finding.message.zh).first().waitFor();
      await expect(check.getByRole("button", { name: "上传", exact: true }).count()).resolves.toBe(0);
    }
    await browser.screenshot(page, "zip-bomb-refused");
  });

  it("lists warnings apart from errors, each marked in words, and lets a file with only warnings be uploaded", async () => {
    // A correct report whose title names another department: a warning, not an error.
    const bytes = nationalWorkbook(
      "2021",
      county2024Tables(),
      `某市教育局 ${YEAR} 年政府信息公开工作年度报告`,
    );
    const expected = await validateUpload(bytes, {
      department: clerk.department,
      departmentName: NAME,
      year: YEAR,
    });
    const warnings = findingLines(expected.findings.filter((finding) => finding.severity === "warning"));
    expect(warnings.length).toBeGreaterThan(0);
    expect(expected.findings.filter((finding) => finding.severity === "error")).toEqual([]);
    await page.getByLabel("选择文件").setInputFiles(xlsxFile("标题不对.xlsx", bytes));
    const check = checkRegion(page);
    await check.getByText(`未发现错误，可以上传；有 ${warnings.length} 处提醒，请看一下。`).waitFor();
    await expect(check.getByRole("region", { name: /^错误（/ }).count()).resolves.toBe(0);
    const apart = check.getByRole("region", { name: `提醒（${warnings.length}）` });
    const items = await apart.getByRole("listitem").allTextContents();
    expect(items).toHaveLength(warnings.length);
    warnings.forEach((line, index) => {
      expect(items[index]).toContain("提醒");
      expect(items[index]).toContain(line.message.zh);
    });
    await expect(check.getByRole("button", { name: "上传", exact: true }).isEnabled()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "warnings-apart");
  });

  it("shows another department's clerk none of it, not even by the upload's address", async () => {
    const theirs = await browser.context();
    const their = await theirs.newPage();
    await signIn(their, other);
    const history = their.getByRole("region", { name: `${YEAR} 年度的上传记录` });
    await history.getByText("本年度还没有上传。").waitFor();
    await their.goto(`${local.desk}#upload/${rejectedId}`);
    await their.getByText(other.departmentName).waitFor();
    await their.getByRole("alert").filter({ hasText: "这不是本单位的上传。" }).waitFor();
    const shown = await their.locator("body").textContent();
    expect(shown).not.toContain("2024年报");
    expect(shown).not.toContain(NAME);
    await browser.screenshot(their, "other-department");
    await theirs.close();
  });

  it("renews an expired sign-in with the refresh token, and asks to sign in again when that is refused too", async () => {
    // A sign-in with the password: cognito-local keeps no refresh token of a first sign-in's challenge.
    const renewing = await browser.context();
    const tab = await renewing.newPage();
    await signIn(tab, clerk, false);
    const spoil = (field: "idToken" | "refreshToken") =>
      tab.evaluate((name) => {
        const key = "gongkai.desk.session";
        const tokens = JSON.parse(sessionStorage.getItem(key)!);
        tokens[name] = "expired.token.value";
        sessionStorage.setItem(key, JSON.stringify(tokens));
      }, field);
    await spoil("idToken");
    await tab.reload();
    await tab.getByRole("heading", { name: "检查并上传报告" }).waitFor();
    await spoil("idToken");
    await spoil("refreshToken");
    await tab.reload();
    await tab.getByText("登录已过期，请重新登录。").waitFor();
    await expect(tab.getByRole("heading", { name: "登录" }).isVisible()).resolves.toBe(true);
    await browser.screenshot(tab, "session-expired");
    await renewing.close();
  });

  it("signs out: back to the sign-in, nothing kept in the tab, and the refresh token revoked", async () => {
    const leaving = await browser.context();
    const tab = await leaving.newPage();
    await signIn(tab, clerk, false);
    const refreshToken = (await tab.evaluate(
      "JSON.parse(sessionStorage.getItem('gongkai.desk.session')).refreshToken",
    )) as string;
    await tab.getByRole("button", { name: "退出登录" }).click();
    await tab.getByText("已退出登录。").waitFor();
    await expect(tab.getByRole("heading", { name: "登录" }).isVisible()).resolves.toBe(true);
    await expect(tab.evaluate("sessionStorage.getItem('gongkai.desk.session')")).resolves.toBeNull();
    await tab.reload();
    await tab.getByRole("heading", { name: "登录" }).waitFor();
    await expect(tab.getByText(NAME).count()).resolves.toBe(0);
    // The token the tab held no longer renews a sign-in (the revocation is sent as the page signs out).
    const renew = async () => {
      const answer = await fetch(local.stack.endpoints.cognito, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
        },
        body: JSON.stringify({
          AuthFlow: "REFRESH_TOKEN_AUTH",
          ClientId: local.stack.endpoints.userPoolClientId,
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      });
      return answer.status;
    };
    await expect.poll(renew, { timeout: 5_000 }).toBe(400);
    await browser.screenshot(tab, "signed-out");
    await leaving.close();
  });

  it("can be used with the keyboard alone: sign in, choose the file, upload", async () => {
    const keyboard = await browser.context();
    const tab = await keyboard.newPage();
    await tab.goto(local.desk);
    /** Presses Tab until the focused element is the one wanted (by its id or its text). */
    const focusOn = async (wanted: (focused: { id: string; text: string }) => boolean, limit = 40) => {
      for (let presses = 0; presses < limit; presses++) {
        await tab.keyboard.press("Tab");
        const focused = (await tab.evaluate(
          "({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent ?? '' })",
        )) as { id: string; text: string };
        if (wanted(focused)) return;
      }
      throw new Error(`nothing wanted got the focus in ${limit} presses`);
    };
    await focusOn((element) => element.id === "email");
    await tab.keyboard.type(clerk.email);
    await tab.keyboard.press("Tab");
    await tab.keyboard.type(clerk.password);
    await tab.keyboard.press("Enter");
    await tab.getByText(NAME).waitFor();
    await focusOn((element) => element.id === "year");
    // The years newest first: one down from last year is the year of the workbook.
    await tab.keyboard.press("ArrowDown");
    await expect(tab.getByRole("combobox", { name: "报告年度" }).inputValue()).resolves.toBe(String(YEAR));
    // Listening before the focus moves: Playwright intercepts the chooser only once it is waited for, and
    // on a loaded machine a key pressed right after asking could open the native one instead.
    const chooser = tab.waitForEvent("filechooser", { timeout: 60_000 });
    await focusOn((element) => element.id === "file");
    await expect(tab.evaluate("document.activeElement?.type")).resolves.toBe("file");
    await tab.keyboard.press("Space");
    await (await chooser).setFiles(xlsxFile("键盘上传.xlsx", validWorkbook()));
    await checkRegion(tab).getByText("未发现错误，可以上传。").waitFor();
    await focusOn((element) => element.text === "上传");
    await tab.keyboard.press("Enter");
    await verdictRegion(tab)
      .getByRole("status")
      .getByText(/^(已发布|已被更新的上传取代)$/)
      .waitFor({ timeout: 30_000 });
    await browser.screenshot(tab, "keyboard-only");
    await keyboard.close();
  });

  it("fits a 390-pixel-wide phone, the tables scrolling inside their own regions, and reads in English", async () => {
    const phone = await browser.context(PHONE);
    const small = await phone.newPage();
    await signIn(small, clerk, false);
    await small.getByLabel("选择文件").setInputFiles(xlsxFile("2024年报.xlsx", brokenWorkbook()));
    await checkRegion(small).waitFor();
    const width = (await small.evaluate("document.documentElement.scrollWidth")) as number;
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(await axeViolations(small)).toEqual([]);
    await browser.screenshot(small, "phone");
    await small.getByRole("button", { name: "Switch to English" }).click();
    await small.getByRole("heading", { name: "Check and upload the report" }).waitFor();
    await small
      .getByRole("region", { name: "Diagnosis" })
      .getByText(/The cell most likely wrong is/)
      .waitFor();
    await expect(small.locator("html").getAttribute("lang")).resolves.toBe("en");
    await browser.screenshot(small, "phone-english");
    await phone.close();
  });
});
