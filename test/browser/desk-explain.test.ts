import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportTables } from "../../schemas/report";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2023TablesDiffering, county2024Tables } from "../fixtures/reports/county-2021";
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
 * Explaining a warning at the desk, in a real browser against the local stack: a clerk uploads a report
 * that publishes with warnings, writes an explanation beside each on the page, sees it saved and
 * published beside the warning in the feed, finds it again after a reload, edits it; a report replaced by
 * another upload meanwhile, a lost connection and an expired sign-in are each said plainly. Screenshots
 * in test-results/browser/desk-explain/.
 */

let browser: Browser;
let local: Stack;
let clerk: Clerk;
let other: Clerk;
let context: BrowserContext;
let page: Page;
let problems: string[];

const YEAR = 2024;
const NAME = "某县市场监督管理局";
/** A title naming another department: a warning of the whole report, besides the cross-year one. */
const title = `某市教育局 ${YEAR} 年政府信息公开工作年度报告`;
/** Markup and quotes: shown as the clerk typed them, never run or rendered. */
const FIRST = `上年度结转口径调整，已核实。<img src=x onerror="document.title='pwned'"> & "引号"`;
const SECOND = "经核实，上年度结转数含 1 件跨年补正的申请。\n已于 2025 年 1 月更正台账。";

interface FeedWarning {
  rule: string;
  sheet: string | null;
  cell: string | null;
  explanation?: { text: string; explainedAt: string };
}

/** Puts a report on the operators' bulk path and waits for the pipeline: another upload than the page's. */
async function bulkUpload(key: string, tables: ReportTables): Promise<void> {
  await local.stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: local.stack.config.uploadsBucket,
      Key: `uploads/${clerk.department}/${key}`,
      Body: nationalWorkbook("2021", tables, title),
    }),
  );
  await local.stack.settle();
}

/** The warnings of the clerk's report as the feed publishes them. */
async function feedWarnings(): Promise<FeedWarning[]> {
  const response = await fetch(`${local.stack.endpoints.feed}/v1/reports/${YEAR}/${clerk.department}.json`);
  return ((await response.json()) as { warnings: FeedWarning[] }).warnings;
}

async function signIn(target: Page, who: Clerk, first: boolean): Promise<void> {
  await signInToDesk(target, local.desk, who, YEAR, first);
}

/** Reloads the page; the desk opens on last year, so the report's year is chosen again. */
async function reload(target: Page): Promise<void> {
  await target.reload();
  await target.getByRole("combobox", { name: "报告年度" }).selectOption(String(YEAR));
}

const explainRegion = (target: Page) => target.getByRole("region", { name: `说明 ${YEAR} 年度报告的提醒` });
/** One warning's item, found by the place the page names it by. */
const item = (target: Page, place: string) =>
  explainRegion(target).getByRole("listitem").filter({ hasText: place });
/** The place of the cross-year warning explained (`三、依申请公开!F8`), once the report is published. */
let CROSS_YEAR = "";
/** The warning at that place, in the feed. */
const crossYear = (warnings: FeedWarning[]) =>
  warnings.find((w) => w.rule === "cross_year.carried_over" && `${w.sheet}!${w.cell}` === CROSS_YEAR)!;
/** The warning about the title, which names another department, and its place (the title's cell). */
const titleWarning = (warnings: FeedWarning[]) =>
  warnings.find((w) => w.rule === "metadata.department_mismatch")!;
let TITLE = "";

/**
 * A computer slow to paint: every timer of the page late and no animation frame, so the page's effects run
 * long after the renders they follow, as on a busy machine (where CI once lost the focus of an edit).
 */
const SLOW_TO_PAINT = `{
  window.requestAnimationFrame = () => 0;
  const later = window.setTimeout.bind(window);
  window.setTimeout = (run, ms, ...rest) => later(run, (ms ?? 0) + 200, ...rest);
}`;

beforeAll(async () => {
  local = await startStack();
  browser = await launchBrowser("desk-explain");
  clerk = await addClerk(local.stack, "county-amr", NAME);
  other = await addClerk(local.stack, "city-edu", "某市教育局");
  // Last year's report, which this year's does not continue: a cross-year warning.
  await bulkUpload("2023/2023年报.xlsx", county2023TablesDiffering());
  context = await browser.context();
  page = await context.newPage();
  problems = watchPage(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

describe("explaining a warning at the desk", () => {
  it("offers each warning of the report just published a field to explain it, with its limit and a counter", async () => {
    await signIn(page, clerk, true);
    await page
      .getByLabel("选择文件")
      .setInputFiles(xlsxFile("2024年报.xlsx", nationalWorkbook("2021", county2024Tables(), title)));
    const check = page.getByRole("region", { name: "本机检查结果" });
    await check.getByText(/未发现错误，可以上传；有 \d+ 处提醒/).waitFor({ timeout: 30_000 });
    await check.getByRole("button", { name: "上传", exact: true }).click();
    await page
      .getByRole("region", { name: /^处理结果/ })
      .getByText("已发布", { exact: true })
      .waitFor({ timeout: 30_000 });
    const region = explainRegion(page);
    await region.getByText("已发布的版本：2024年报.xlsx").waitFor();
    const warnings = await feedWarnings();
    // Last year's carried forward differs in two columns; the title names another department.
    expect(warnings.map((w) => w.rule).sort()).toEqual([
      "cross_year.carried_over",
      "cross_year.carried_over",
      "metadata.department_mismatch",
    ]);
    const first = warnings.find((w) => w.rule === "cross_year.carried_over")!;
    CROSS_YEAR = `${first.sheet}!${first.cell}`;
    const titled = titleWarning(warnings);
    TITLE = `${titled.sheet}!${titled.cell}`;
    await expect(region.getByRole("listitem").count()).resolves.toBe(warnings.length);
    // One field a warning, each named by its place: the title's warning by the title's cell.
    await expect(region.getByRole("textbox").count()).resolves.toBe(warnings.length);
    expect(TITLE).toMatch(/^.+!A\d+$/);
    await expect(region.getByLabel(`对 ${TITLE} 这处提醒的说明`).isVisible()).resolves.toBe(true);
    const field = item(page, CROSS_YEAR).getByRole("textbox");
    await expect(item(page, CROSS_YEAR).getByText("最多 1000 个字。").isVisible()).resolves.toBe(true);
    await expect(item(page, CROSS_YEAR).getByText("已写 0 / 1000 字").isVisible()).resolves.toBe(true);
    await expect(item(page, CROSS_YEAR).getByRole("button", { name: "保存说明" }).isDisabled()).resolves.toBe(
      true,
    );
    await field.fill("长".repeat(1003));
    await item(page, CROSS_YEAR).getByText("超出 3 个字，请删减后再保存。").waitFor();
    await expect(field.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(item(page, CROSS_YEAR).getByRole("button", { name: "保存说明" }).isDisabled()).resolves.toBe(
      true,
    );
    await browser.screenshot(page, "over-the-limit");
    await field.fill("上年度");
    await item(page, CROSS_YEAR).getByText("已写 3 / 1000 字").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "warnings-to-explain");
  });

  it("saves the explanation, shows it as typed, and publishes it beside its warning in the feed", async () => {
    const entry = item(page, CROSS_YEAR);
    await entry.getByRole("textbox").fill(FIRST);
    await entry.getByRole("button", { name: "保存说明" }).click();
    await entry.getByText("说明已保存，已与这处提醒一起公开。").waitFor();
    // As text: the markup is there in words, no element made of it.
    await expect(entry.getByText(FIRST, { exact: true }).isVisible()).resolves.toBe(true);
    await expect(explainRegion(page).locator("img").count()).resolves.toBe(0);
    await expect(page.title()).resolves.not.toBe("pwned");
    const shown = crossYear(await feedWarnings());
    expect(shown.explanation?.text).toBe(FIRST);
    // The other warning is not explained by it.
    expect(titleWarning(await feedWarnings()).explanation).toBeUndefined();
    // The focus stays on the item: on its edit button.
    await expect.poll(() => page.evaluate("document.activeElement?.textContent")).toBe("修改说明");
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "explanation-saved");
    expect(problems).toEqual([]);
  });

  it("shows the explanation again after a reload, and an edit replaces it in the feed", async () => {
    await reload(page);
    const entry = item(page, CROSS_YEAR);
    await entry.getByText(FIRST, { exact: true }).waitFor();
    await expect(entry.getByText(/^本单位的说明（.+ 保存）$/).isVisible()).resolves.toBe(true);
    await entry.getByRole("button", { name: /^修改说明（/ }).click();
    const field = entry.getByRole("textbox");
    await expect(field.inputValue()).resolves.toBe(FIRST);
    await expect.poll(() => page.evaluate("document.activeElement?.tagName")).toBe("TEXTAREA");
    await field.fill(SECOND);
    await entry.getByRole("button", { name: "保存说明" }).click();
    await entry.getByText("说明已保存，已与这处提醒一起公开。").waitFor();
    // Its line breaks kept, as rendered (not only in the DOM's text).
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text as laid out, line breaks included
    await expect(entry.locator(".explanation-text").innerText()).resolves.toBe(SECOND);
    const warnings = await feedWarnings();
    expect(crossYear(warnings).explanation?.text).toBe(SECOND);
    expect(JSON.stringify(warnings)).not.toContain("上年度结转口径调整");
    await reload(page);
    await item(page, CROSS_YEAR)
      .locator(".explanation-text")
      .getByText("已于 2025 年 1 月更正台账。")
      .waitFor();
    await browser.screenshot(page, "explanation-edited");
  });

  it("says the report was replaced when another upload replaced it meanwhile, keeps the text, and reloads the new version", async () => {
    const entry = item(page, TITLE);
    const changed = county2024Tables();
    changed.proactive.licensing!.decisions = 1037;
    await bulkUpload(`${YEAR}/2024年报-更正.xlsx`, changed);
    // The page still shows the version it loaded: the save names it, and is refused.
    await entry.getByRole("textbox").fill("报告标题沿用了上级单位的模板。");
    await entry.getByRole("button", { name: "保存说明" }).click();
    const alert = explainRegion(page).getByRole("alert").filter({ hasText: "已被新上传的版本替换" });
    await alert.waitFor();
    await expect(entry.getByRole("button", { name: "保存说明" }).isDisabled()).resolves.toBe(true);
    await expect.poll(() => page.evaluate("document.activeElement?.textContent")).toBe("重新加载提醒");
    expect((await feedWarnings()).every((w) => w.explanation === undefined)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await browser.screenshot(page, "report-replaced");
    await alert.getByRole("button", { name: "重新加载提醒" }).click();
    await explainRegion(page).getByText("已发布的版本：2024年报-更正.xlsx").waitFor();
    await expect(alert.count()).resolves.toBe(0);
    // The new version's warnings, none explained yet; the text typed is still there to save.
    await expect(item(page, CROSS_YEAR).getByRole("textbox").inputValue()).resolves.toBe("");
    await expect(entry.getByRole("textbox").inputValue()).resolves.toBe("报告标题沿用了上级单位的模板。");
    await entry.getByRole("button", { name: "保存说明" }).click();
    await entry.getByText("说明已保存，已与这处提醒一起公开。").waitFor();
    const saved = titleWarning(await feedWarnings());
    expect(saved.explanation?.text).toBe("报告标题沿用了上级单位的模板。");
    await browser.screenshot(page, "replaced-then-explained");
  });

  it("keeps the text when the service cannot be reached and sends it again on retry", async () => {
    const entry = item(page, CROSS_YEAR);
    await entry.getByRole("textbox").fill("网络断开时写的说明。");
    // The connection drops for the first save only.
    let dropped = 0;
    await page.route("**/api/v1/explanations", async (route) => {
      if (route.request().method() === "POST" && dropped++ === 0) await route.abort("internetdisconnected");
      else await route.fallback();
    });
    await entry.getByRole("button", { name: "保存说明" }).click();
    const alert = entry.getByRole("alert").filter({ hasText: "连不上服务，请检查网络后再试。" });
    await alert.waitFor();
    await expect(entry.getByRole("textbox").inputValue()).resolves.toBe("网络断开时写的说明。");
    await browser.screenshot(page, "network-failed");
    await alert.getByRole("button", { name: "重试" }).click();
    await entry.getByText("说明已保存，已与这处提醒一起公开。").waitFor();
    await page.unroute("**/api/v1/explanations");
    expect(crossYear(await feedWarnings()).explanation?.text).toBe("网络断开时写的说明。");
  });

  it("asks to sign in again when the API no longer takes the sign-in at the moment of saving", async () => {
    const tab = await context.newPage();
    await signIn(tab, clerk, false);
    const entry = item(tab, CROSS_YEAR);
    await entry.getByRole("button", { name: /^修改说明（/ }).click();
    await entry.getByRole("textbox").fill("过期之后写的说明。");
    // The token the page holds stops being accepted: every save goes out with a lapsed one, so the API
    // itself answers 401, after the renewal too.
    await tab.route("**/api/v1/explanations", (route) =>
      route.continue({
        headers: { ...route.request().headers(), authorization: "Bearer expired.token.value" },
      }),
    );
    await entry.getByRole("button", { name: "保存说明" }).click();
    await tab.getByText("登录已过期，请重新登录。").waitFor();
    await expect(tab.getByRole("heading", { name: "登录" }).isVisible()).resolves.toBe(true);
    expect(crossYear(await feedWarnings()).explanation?.text).toBe("网络断开时写的说明。");
    await tab.close();
  });

  it("can be explained with the keyboard alone, and reads in English on a phone", async () => {
    const phone = await browser.context(PHONE);
    const small = await phone.newPage();
    await signIn(small, clerk, false);
    await small.getByRole("button", { name: "Switch to English" }).click();
    const region = small.getByRole("region", { name: `Explain the warnings of your ${YEAR} report` });
    await region.getByText("The published version: 2024年报-更正.xlsx", { exact: false }).waitFor();
    const entry = region.getByRole("listitem").filter({ hasText: TITLE });
    await expect(
      entry.getByText("Your department's explanation", { exact: false }).isVisible(),
    ).resolves.toBe(true);
    // From the top of the page, by Tab alone.
    await small.locator("body").click({ position: { x: 1, y: 1 } });
    for (let presses = 0; ; presses++) {
      if (presses > 40) throw new Error("the edit button never got the focus");
      await small.keyboard.press("Tab");
      const label = await small.evaluate("document.activeElement?.getAttribute('aria-label')");
      if (label === `Edit the explanation (${TITLE})`) break;
    }
    await small.keyboard.press("Enter");
    await expect.poll(() => small.evaluate("document.activeElement?.tagName")).toBe("TEXTAREA");
    await small.keyboard.press("ControlOrMeta+A");
    await small.keyboard.type("The title kept the template of the bureau above.");
    await entry.getByText("48 / 1000 characters").waitFor();
    await small.keyboard.press("Tab");
    await expect
      .poll(() => small.evaluate("document.activeElement?.textContent"))
      .toBe("Save the explanation");
    await small.keyboard.press("Enter");
    await entry.getByText("The explanation is saved and published beside the warning.").waitFor();
    const width = (await small.evaluate("document.documentElement.scrollWidth")) as number;
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(await axeViolations(small)).toEqual([]);
    await browser.screenshot(small, "phone-english");
    expect(titleWarning(await feedWarnings()).explanation?.text).toBe(
      "The title kept the template of the bureau above.",
    );
    await phone.close();
  });

  it("offers another department's clerk nothing to explain", async () => {
    const theirs = await browser.context();
    const their = await theirs.newPage();
    const asked = their.waitForResponse((response) => response.url().includes("/api/v1/explanations"));
    await signIn(their, other, true);
    expect((await asked).status()).toBe(404);
    await their
      .getByRole("region", { name: `${YEAR} 年度的上传记录` })
      .getByText("本年度还没有上传。")
      .waitFor();
    await expect(explainRegion(their).count()).resolves.toBe(0);
    await expect(their.getByRole("textbox").count()).resolves.toBe(0);
    await theirs.close();
  });

  it("moves the focus into the field and back to its edit button on a computer slow to paint", async () => {
    const slow = await browser.context();
    await slow.addInitScript(SLOW_TO_PAINT);
    const tab = await slow.newPage();
    await signIn(tab, clerk, false);
    // Clicked as soon as it shows: the effects of the render that showed it have not run yet.
    const entry = item(tab, CROSS_YEAR);
    await entry.getByRole("button", { name: /^修改说明（/ }).click();
    const focused = (property: string) => tab.evaluate(`document.activeElement?.${property}`);
    await expect.poll(() => focused("tagName"), { timeout: 10_000 }).toBe("TEXTAREA");
    await expect(entry.getByRole("textbox").inputValue()).resolves.toBe("网络断开时写的说明。");
    await entry.getByRole("textbox").fill("经复核，结转数以台账为准。");
    await entry.getByRole("button", { name: "保存说明" }).click();
    await entry.getByText("说明已保存，已与这处提醒一起公开。").waitFor();
    await expect.poll(() => focused("textContent"), { timeout: 10_000 }).toBe("修改说明");
    expect(crossYear(await feedWarnings()).explanation?.text).toBe("经复核，结转数以台账为准。");
    await slow.close();
  });
});
