import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import axe from "axe-core";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import type { ReportDoc, SummaryDoc } from "../../schemas/feed";

/**
 * The reference portal in Debian's Chromium against the local stack after the example uploads, driven as
 * a reader does (roles and visible text), with axe-core on each view and a screenshot of each step in
 * test-artifacts/portal/.
 */

let stack: LocalStack;
let home: string;
let context: BrowserContext;
let page: Page;
const artifacts = join(import.meta.dirname, "..", "..", "test-artifacts", "portal");
const examples = join(import.meta.dirname, "..", "..", "examples");

async function upload(department: string, year: number, file: string) {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${department}/${year}/${file}`,
      Body: await readFile(join(examples, file)),
    }),
  );
}

async function noSeriousViolations(name: string) {
  await page.evaluate(axe.source);
  // Run in the page, where axe-core was just evaluated (globalThis there is the page's window).
  const result = await page.evaluate(() =>
    (globalThis as unknown as { axe: typeof axe }).axe.run({ exclude: [] }, { resultTypes: ["violations"] }),
  );
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    name,
  ).toEqual([]);
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

const csp: string[] = [];

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  home = await mkdtemp(join(tmpdir(), "gongkai-portal-"));
  stack = await startLocalStack({ home, catalogueEvery: 0 });
  for (const [id, name] of [
    ["county-amr", "某县市场监督管理局"],
    ["nx-office", "自治区人民政府办公厅"],
    ["city-edu", "某市教育局"],
  ] as const) {
    await stack.ports.departments.put({ id, name, emails: [`${id}@example.gov.cn`] });
  }
  await upload("nx-office", 2019, "nx-office-2019.xlsx");
  await upload("county-amr", 2019, "nx-office-2019.xlsx");
  await upload("county-amr", 2023, "county-amr-2023.xlsx");
  await upload("county-amr", 2024, "county-amr-2024.xlsx");
  await upload("city-edu", 2024, "county-amr-2024.xlsx");
  await stack.catalogue();
  // A fresh profile each run (launchPersistentContext is how Playwright takes --user-data-dir).
  context = await chromium.launchPersistentContext(join(home, "chromium"), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking"],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) csp.push(message.text());
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("the reference portal", () => {
  it("shows the year's numbers from the summary, with charts and their tables", async () => {
    const summary = (await (
      await fetch(`${stack.endpoints.feed}/v1/summary/2024.json`)
    ).json()) as SummaryDoc;
    await page.goto(`${stack.endpoints.feed}/`);
    await page.getByRole("heading", { name: "2024 年度概况" }).waitFor();
    expect(await page.getByTestId("reported").textContent()).toBe("2");
    expect(await page.getByTestId("headline-applicationsReceived").textContent()).toBe(
      summary.tables.applications.received!.total!.toLocaleString("zh-CN"),
    );
    expect(await page.locator("figure.chart svg").count()).toBeGreaterThanOrEqual(2);
    await page.getByRole("rowheader", { name: "（三）不予公开" }).waitFor();
    await noSeriousViolations("1-overview-2024");
  });

  it("filters the departments and downloads the CSV the feed holds", async () => {
    await page.getByLabel("搜索单位").fill("教育");
    await expect.poll(() => page.locator("table.reports tbody tr").count()).toBe(1);
    await page.getByLabel("搜索单位").fill("");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "下载本年全部数据（CSV）" }).click(),
    ]);
    const downloaded = await readFile((await download.path())!);
    const served = new Uint8Array(
      await (await fetch(`${stack.endpoints.feed}/v1/years/2024.csv`)).arrayBuffer(),
    );
    expect(Buffer.from(downloaded).equals(Buffer.from(served))).toBe(true);
  });

  it("lays a report out as the national form with the report's value under its label", async () => {
    const report = (await (
      await fetch(`${stack.endpoints.feed}/v1/reports/2024/county-amr.json`)
    ).json()) as ReportDoc;
    await page.getByRole("link", { name: "某县市场监督管理局", exact: true }).click();
    await page.getByRole("heading", { name: "某县市场监督管理局 · 2024" }).waitFor();
    const row = page.getByRole("row", { name: /一、本年新收政府信息公开申请数量/ });
    expect(await row.locator("[data-cell='applications.received.total']").textContent()).toBe(
      report.tables.applications.received!.total!.toLocaleString("zh-CN"),
    );
    await noSeriousViolations("2-report-county-amr-2024");
  });

  it("switches to English with one click, every label from the format document", async () => {
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("row", { name: /I\. new requests received this year/ }).waitFor();
    await noSeriousViolations("3-report-english");
    await page.getByRole("button", { name: "切换到中文" }).click();
  });

  it("draws a department's series across years and the change of format", async () => {
    await page.goto(`${stack.endpoints.feed}/#/department/county-amr`);
    await page.getByRole("heading", { name: "某县市场监督管理局 · 历年变化" }).waitFor();
    await expect.poll(() => page.locator("figure.chart svg path").count()).toBeGreaterThan(0);
    for (const year of ["2019（2019）", "2023（2021）", "2024（2021）"]) {
      await page.getByRole("rowheader", { name: year }).waitFor();
    }
    await noSeriousViolations("4-department-county-amr");
  });

  it("puts two departments side by side", async () => {
    await page.goto(`${stack.endpoints.feed}/#/year/2024`);
    await page.getByLabel("选择 某县市场监督管理局").check();
    await page.getByLabel("选择 某市教育局").check();
    await page.getByRole("link", { name: /对比所选单位/ }).click();
    await page.getByRole("heading", { name: "2024 单位对比" }).waitFor();
    expect(await page.getByRole("columnheader", { name: "某市教育局" }).count()).toBeGreaterThan(0);
    await noSeriousViolations("5-compare-2024");
    expect(csp).toEqual([]);
  });
});
