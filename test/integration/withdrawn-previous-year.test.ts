import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearLocalMailbox, readLocalMailbox } from "../../functions/local/mailbox";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import { withdrawReport } from "../../functions/season/withdraw";
import type { ReportTables } from "../../schemas/report";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2023TablesDiffering, county2024Tables } from "../fixtures/reports/county-2021";

/**
 * A report an operator withdrew is no longer published (season.md), so nothing is checked against it:
 * not next year's cross-year rules, not the mail that says what stays published after a rejection.
 * Beside each department that withdrew, one that did not, with the same uploads: the warning it gets
 * shows the fixtures would have warned.
 */

let stack: LocalStack;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-withdrawn-"));
  stack = await startLocalStack({ home });
  for (const id of ["kept", "withdrawn"]) {
    await stack.ports.departments.put({ id, name: `某县${id}局`, emails: [`${id}@example.gov.cn`] });
  }
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

async function upload(department: string, year: number, body: Uint8Array, file = "r.xlsx") {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${department}/${year}/${file}`,
      Body: body,
    }),
  );
  await stack.settle();
}

async function report(department: string, year: number) {
  const response = await fetch(`${stack.endpoints.feed}/v1/reports/${year}/${department}.json`);
  expect(response.status).toBe(200);
  return (await response.json()) as { warnings: { rule: string }[] };
}

const workbook = (tables: ReportTables) => nationalWorkbook("2021", tables);

describe("a withdrawn report", () => {
  it("is not last year's report for the cross-year checks", async () => {
    for (const id of ["kept", "withdrawn"]) await upload(id, 2023, workbook(county2023TablesDiffering()));
    const withdrawal = await withdrawReport(stack.season, {
      department: "withdrawn",
      year: 2023,
      reason: "撤回",
    });
    expect(withdrawal.ok).toBe(true);
    for (const id of ["kept", "withdrawn"]) await upload(id, 2024, workbook(county2024Tables()));
    const crossYear = (warnings: { rule: string }[]) =>
      warnings.filter((w) => w.rule.startsWith("cross_year."));
    expect(crossYear((await report("kept", 2024)).warnings).length).toBeGreaterThan(0);
    expect(crossYear((await report("withdrawn", 2024)).warnings)).toEqual([]);
  });

  it("is not said to stay published when a replacement is rejected", async () => {
    const broken = county2023TablesDiffering();
    broken.applications.received!.total = 1 + (broken.applications.received!.total ?? 0);
    await clearLocalMailbox(stack.endpoints.ses);
    for (const id of ["kept", "withdrawn"]) await upload(id, 2023, workbook(broken), "fixed.xlsx");
    const mails = await readLocalMailbox(stack.endpoints.ses);
    const to = (id: string) => mails.find((mail) => mail.to.includes(`${id}@example.gov.cn`))!.text;
    expect(to("kept")).toMatch(/已发布的版本（文件“r\.xlsx”.*保持不变，仍然有效/);
    expect(to("withdrawn")).toMatch(/不能发布|未通过/);
    expect(to("withdrawn")).not.toMatch(/保持不变，仍然有效/);
  });
});
