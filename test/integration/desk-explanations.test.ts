import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cognitoClient } from "../../functions/adapters/aws-clients";
import { type LocalStack, localConfig, startLocalStack } from "../../functions/local/stack";
import type { ReportTables } from "../../schemas/report";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2023TablesDiffering, county2024Tables } from "../fixtures/reports/county-2021";
import { call, clerkOf } from "./desk-sign-in";

/**
 * A clerk explains a warning of the department's own published report through the desk API
 * (`POST /api/v1/explanations`), on the local stack: published beside the warning at once, in the report
 * document and the listing that names its sha256; no number changes; nobody explains another's report.
 */

let stack: LocalStack;
let home: string;
let cognito: CognitoIdentityProviderClient;
let clerk: string;
let other: string;

async function upload(department: string, year: number, tables: ReportTables) {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${department}/${year}/r.xlsx`,
      Body: nationalWorkbook("2021", tables),
    }),
  );
  await stack.settle();
}

const raw = async (path: string) => (await fetch(`${stack.endpoints.feed}/${path}`)).text();

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-desk-explain-"));
  stack = await startLocalStack({ home });
  cognito = cognitoClient(localConfig(stack.endpoints).aws);
  clerk = await clerkOf(stack, cognito, "desk-fin");
  other = await clerkOf(stack, cognito, "desk-edu");
  await upload("desk-fin", 2023, county2023TablesDiffering());
  await upload("desk-fin", 2024, county2024Tables());
});

afterAll(async () => {
  cognito?.destroy();
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("explaining a warning at the desk", () => {
  it("publishes the clerk's explanation beside the warning at once, and changes no number", async () => {
    const report = JSON.parse(await raw("v1/reports/2024/desk-fin.json"));
    const warning = report.warnings.find((w: { rule: string }) => w.rule === "cross_year.carried_over");
    expect(warning).toBeDefined();
    const summary = await raw("v1/summary/2024.json");
    const explained = await call(stack, "POST", "/explanations", clerk, {
      year: 2024,
      rule: warning.rule,
      cell: warning.cell,
      text: "上年度结转口径调整，已核实。",
    });
    expect(explained.status).toBe(201);
    expect(explained.body).toMatchObject({
      department: "desk-fin",
      year: 2024,
      rule: warning.rule,
      cell: warning.cell,
      text: "上年度结转口径调整，已核实。",
      feedPath: "v1/reports/2024/desk-fin.json",
    });
    const body = await raw("v1/reports/2024/desk-fin.json");
    const after = JSON.parse(body);
    const shown = after.warnings.find(
      (w: { rule: string; cell: string }) => w.rule === warning.rule && w.cell === warning.cell,
    );
    expect(shown.explanation).toMatchObject({ text: "上年度结转口径调整，已核实。" });
    expect(after.tables).toEqual(report.tables);
    expect(await raw("v1/summary/2024.json")).toBe(summary);
    const year = JSON.parse(await raw("v1/years/2024.json"));
    const entry = year.reports.find((e: { department: { id: string } }) => e.department.id === "desk-fin");
    expect(entry.sha256).toBe(createHash("sha256").update(body).digest("hex"));
  });

  it("lists the counted version's warnings with their explanations, uncached, for the clerk's own report only", async () => {
    const listed = await call(stack, "GET", "/explanations?year=2024", clerk);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      department: "desk-fin",
      year: 2024,
      fileName: "r.xlsx",
      maxTextChars: 1000,
      feedPath: "v1/reports/2024/desk-fin.json",
    });
    const report = JSON.parse(await raw("v1/reports/2024/desk-fin.json"));
    expect(listed.body.publishedAt).toBe(report.publishedAt);
    expect(listed.body.warnings.map((w: { rule: string; cell: string | null }) => [w.rule, w.cell])).toEqual(
      report.warnings.map((w: { rule: string; cell: string | null }) => [w.rule, w.cell]),
    );
    const explained = listed.body.warnings.find(
      (w: { rule: string }) => w.rule === "cross_year.carried_over",
    );
    expect(explained.explanation).toEqual(
      report.warnings.find((w: { rule: string }) => w.rule === "cross_year.carried_over").explanation,
    );
    expect((await call(stack, "GET", "/explanations?year=2024", other)).body.error.code).toBe(
      "report.not_published",
    );
    expect((await call(stack, "GET", "/explanations?year=2024&department=desk-fin", other)).status).toBe(403);
    expect((await call(stack, "GET", "/explanations", clerk)).body.error.code).toBe("request.missing_field");
  });

  it("refuses a warning the report does not have, naming the ones it has, and a year not published", async () => {
    const missing = await call(stack, "POST", "/explanations", clerk, {
      year: 2024,
      rule: "table.blank",
      cell: "A1",
      text: "x",
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("report.no_such_warning");
    expect(missing.body.error.message.en).toMatch(/cross_year\.carried_over/);
    const unpublished = await call(stack, "POST", "/explanations", other, {
      year: 2024,
      rule: "cross_year.carried_over",
      cell: "F8",
      text: "x",
    });
    expect(unpublished.status).toBe(404);
    expect(unpublished.body.error.code).toBe("report.not_published");
  });

  it("never lets a clerk explain another department's report", async () => {
    const answer = await call(stack, "POST", "/explanations", other, {
      year: 2024,
      rule: "cross_year.carried_over",
      cell: null,
      text: "x",
      department: "desk-fin",
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe("auth.operator_only");
  });

  it("refuses an empty or overlong text, a rule that is no code, and unknown fields", async () => {
    const post = (body: unknown) => call(stack, "POST", "/explanations", clerk, body);
    const base = { year: 2024, rule: "cross_year.carried_over", cell: null };
    expect((await post({ ...base, text: "  " })).body.error).toMatchObject({
      code: "request.missing_field",
    });
    const long = await post({ ...base, text: "长".repeat(1001) });
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe("explanation.too_long");
    expect(long.body.error.message.en).toMatch(/1000/);
    expect((await post({ ...base, rule: "../x", text: "x" })).body.error.code).toBe("request.invalid_rule");
    expect((await post({ ...base, text: "x", tables: {} })).body.error.code).toBe("request.unknown_field");
    expect((await post({ ...base, text: "x", order: 7 })).body.error.code).toBe("request.invalid_order");
    expect((await call(stack, "PUT", "/explanations", clerk)).status).toBe(405);
    expect((await call(stack, "POST", "/explanations", null, { ...base, text: "x" })).status).toBe(401);
  });

  it("refuses 409 report.changed an explanation of a version a newer upload has replaced", async () => {
    const seen = (await call(stack, "GET", "/explanations?year=2024", clerk)).body;
    const replaced = county2024Tables();
    replaced.proactive.licensing!.decisions = 1037;
    await stack.clients.s3.send(
      new PutObjectCommand({
        Bucket: stack.config.uploadsBucket,
        Key: "uploads/desk-fin/2024/r2.xlsx",
        Body: nationalWorkbook("2021", replaced),
      }),
    );
    await stack.settle();
    const now = (await call(stack, "GET", "/explanations?year=2024", clerk)).body;
    expect(now.order).not.toBe(seen.order);
    expect(now.warnings.every((w: { explanation?: unknown }) => w.explanation === undefined)).toBe(true);
    const stale = await call(stack, "POST", "/explanations", clerk, {
      year: 2024,
      rule: "cross_year.carried_over",
      cell: seen.warnings[0].cell,
      text: "旧版本的说明",
      order: seen.order,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("report.changed");
    const fresh = await call(stack, "POST", "/explanations", clerk, {
      year: 2024,
      rule: "cross_year.carried_over",
      cell: now.warnings.find((w: { rule: string }) => w.rule === "cross_year.carried_over").cell,
      text: "新版本的说明",
      order: now.order,
    });
    expect(fresh.status).toBe(201);
    expect(fresh.body.order).toBe(now.order);
  });
});
