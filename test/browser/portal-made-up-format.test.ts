import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildTemplate } from "../../functions/core/template";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import type { FormatDoc, IndexDoc, ReportDoc } from "../../schemas/feed";
import { madeUpFormat2031, madeUpTables } from "../fixtures/formats/made-up-2031";
import { checkCsv, type TableMetadata, tableSchemaOf } from "../support/csvw";
import { CHROMIUM } from "./harness";

/**
 * A made-up third format reaches the portal with no code change: the registry of formats
 * (`schemas/formats/index.ts`, "adding a format is adding an entry here") is given one more entry — the
 * made-up 2031 format the core's unit tests read — and nothing else. A workbook of that format goes through
 * the whole local stack (validated, published, its `v1/formats/2031.json` written by the code that writes
 * the national ones), and the portal lays the report out with the made-up labels, and its overview and
 * table draw from them.
 */

vi.mock(import("../../schemas/formats/index"), async (importOriginal) => {
  const actual = await importOriginal();
  const { madeUpFormat2031: made } = await import("../fixtures/formats/made-up-2031");
  const FORMATS = [...actual.FORMATS, made];
  // The registry's helpers default to the registry: they must see the entry too.
  return {
    ...actual,
    FORMATS,
    formatById: (id: string, formats = FORMATS) => actual.formatById(id, formats),
    formatForYear: (year: number, formats = FORMATS) => actual.formatForYear(year, formats),
  };
});

const YEAR = 2031;
const DEPARTMENT = { id: "made-up-bureau", name: "虚构市数据局" };

let stack: LocalStack;
let home: string;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
const artifacts = join(import.meta.dirname, "..", "..", "test-artifacts", "portal");

const feed = async <T>(path: string) => (await (await fetch(`${stack.endpoints.feed}/${path}`)).json()) as T;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  home = await mkdtemp(join(tmpdir(), "gongkai-portal-2031-"));
  stack = await startLocalStack({ home, catalogueEvery: 0 });
  await stack.ports.departments.put({ ...DEPARTMENT, emails: ["data@example.gov.cn"] });
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${DEPARTMENT.id}/${YEAR}/年度报告.xlsx`,
      Body: buildTemplate(madeUpFormat2031, { values: madeUpTables() }).bytes,
    }),
  );
  await stack.settle();
  await stack.catalogue();
  context = await chromium.launchPersistentContext(join(home, "chromium"), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking"],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => problems.push(error.message));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("the portal with a made-up third format", () => {
  it("publishes the made-up report with its format document, linked from the index", async () => {
    const index = await feed<IndexDoc>("v1/index.json");
    const entry = index.formats?.find((format) => format.id === "2031");
    expect(entry?.name.zh).toBe("2031年版格式（虚构）");
    const format = await feed<FormatDoc>(entry!.path);
    expect(format.tables[1]!.rows.map((row) => row.label.zh)).toContain("（二）决定不公开");
    const report = await feed<ReportDoc>(`v1/reports/${YEAR}/${DEPARTMENT.id}.json`);
    expect(report.format).toBe("2031");
  });

  it("writes the made-up year's CSV in its columns, conforming to the CSVW metadata beside it", async () => {
    const csvUrl = `${stack.endpoints.feed}/v1/years/${YEAR}.csv`;
    const bytes = new Uint8Array(await (await fetch(csvUrl)).arrayBuffer());
    const metadata = (await (await fetch(`${csvUrl}-metadata.json`)).json()) as TableMetadata;
    const schema = await tableSchemaOf(metadata, `${csvUrl}-metadata.json`, async (address) =>
      (await fetch(address)).json(),
    );
    expect(schema.columns.map((column) => column.name)).toContain("applications.closed_otherwise.all");
    expect(checkCsv(bytes, metadata, schema, { bom: true })).toEqual([]);
  });

  it("shows the year's overview and table from the made-up labels", async () => {
    await page.goto(`${stack.endpoints.feed}/#/year/${YEAR}`);
    await page.getByRole("heading", { name: `${YEAR} 年度概况` }).waitFor();
    expect(await page.getByTestId("reported").textContent()).toBe("1");
    // The headline's 新收 is the made-up row new · all; the outcomes are its three result rows.
    expect(await page.getByTestId("headline-applicationsReceived").textContent()).toBe("39");
    for (const outcome of ["（一）同意公开", "（二）决定不公开", "（三）以其他方式办结"]) {
      await page.getByRole("rowheader", { name: outcome }).waitFor();
    }
    // The charts are titled by the made-up form's own headings; a headline it has no cell for is not shown.
    await page.getByText("三、办理结果（占办理结果总计）", { exact: true }).first().waitFor();
    await page.getByText("四、复议诉讼情况", { exact: true }).first().waitFor();
    expect(await page.getByTestId("headline-partiallyDisclosed").count()).toBe(0);
    // The appeals chart's bars are the made-up rows and outcome columns.
    await page.getByRole("rowheader", { name: "申请复议" }).waitFor();
    await page.getByRole("columnheader", { name: "撤销原决定" }).waitFor();
    await page.getByRole("link", { name: DEPARTMENT.name, exact: true }).waitFor();
    expect(await page.locator("figure.chart svg").count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(artifacts, "6-overview-made-up-2031.png"), fullPage: true });
  });

  it("lays the made-up report out as its own form: its sections, blocks, column groups and values", async () => {
    await page.getByRole("link", { name: DEPARTMENT.name, exact: true }).click();
    await page.getByRole("heading", { name: `${DEPARTMENT.name} · ${YEAR}` }).waitFor();
    for (const title of ["二、主动公开情况", "三、申请办理情况", "四、复议诉讼情况"]) {
      await page.getByRole("heading", { name: title }).waitFor();
    }
    await page.getByRole("table", { name: "第二部分" }).waitFor();
    await page.getByRole("columnheader", { name: "组织" }).waitFor();
    const refused = page.getByRole("row", { name: /（二）决定不公开/ });
    expect(await refused.locator("[data-cell='applications.refused.all']").textContent()).toBe("6");
    expect(await page.locator("[data-cell='proactive.charges.fees']").textContent()).toBe("12.5");
    await page.getByRole("rowheader", { name: "三、办理结果" }).waitFor();
    await page.screenshot({ path: join(artifacts, "7-report-made-up-2031.png"), fullPage: true });
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("row", { name: /\(2\) refused/ }).waitFor();
    await page.getByRole("heading", { name: "IV. Appeals" }).waitFor();
    await page.getByRole("button", { name: "切换到中文" }).click();
    expect(problems).toEqual([]);
  });
});
