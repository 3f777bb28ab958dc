import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearLocalMailbox, readLocalMailbox } from "../../functions/local/mailbox";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import { explainWarning } from "../../functions/season/explain";
import { placeDepartment, registerRegion } from "../../functions/season/register";
import { remind } from "../../functions/season/remind";
import { seasonRoster } from "../../functions/season/roster";
import { withdrawReport } from "../../functions/season/withdraw";
import type { ReportTables } from "../../schemas/report";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2023TablesDiffering, county2024Tables } from "../fixtures/reports/county-2021";

/**
 * The reporting season on the local stack: regions two levels deep, every status of the roster,
 * reminders, explanations, corrections and withdrawals — each seen in every feed document it touches.
 */

let stack: LocalStack;
let home: string;
/** The DynamoDB calls made while `calls.on`: the roster and reminders must be queries, never a scan. */
const calls = { on: false, made: [] as { command: string; index?: string }[] };

async function recorded<T>(work: () => Promise<T>): Promise<T> {
  calls.made = [];
  calls.on = true;
  try {
    return await work();
  } finally {
    calls.on = false;
  }
}

/** Pages of two, so that listings go to pages here too. */
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-season-"));
  stack = await startLocalStack({ home, listingPageCapacity: 2 });
  const { season } = stack;
  stack.clients.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { IndexName?: string };
      if (calls.on) calls.made.push({ command: context.commandName ?? "", index: input.IndexName });
      return next(args);
    },
    { step: "initialize", name: "seasonCallLog" },
  );
  expect((await registerRegion(season, { id: "prov", name: "某省", parent: null })).ok).toBe(true);
  expect((await registerRegion(season, { id: "city", name: "某市", parent: "prov" })).ok).toBe(true);
  expect((await registerRegion(season, { id: "town", name: "某镇", parent: null })).ok).toBe(true);
  for (const [id, name, parent, emails] of [
    ["prov-gov", "某省人民政府办公厅", "prov", ["gov@example.gov.cn"]],
    ["city-edu", "某市教育局", "city", ["edu@example.gov.cn"]],
    ["city-fin", "某市财政局", "city", ["fin@example.gov.cn"]],
    ["city-amr", "某市市场监督管理局", "city", ["amr@example.gov.cn", "amr2@example.gov.cn"]],
    ["city-tax", "某市税务局", "city", ["tax@example.gov.cn"]],
    ["city-mute", "某市无邮箱局", "city", []],
    ["town-gov", "某镇人民政府", "town", ["town@example.gov.cn"]],
  ] as const) {
    const registered = await placeDepartment(season, { id, name, emails: [...emails], parent });
    expect(registered.ok, id).toBe(true);
  }
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

async function upload(department: string, year: number, tables: ReportTables, file = "r.xlsx") {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${department}/${year}/${file}`,
      Body: nationalWorkbook("2021", tables),
    }),
  );
  await stack.settle();
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed feed document, read field by field in the assertions
async function feed(path: string): Promise<any> {
  const response = await fetch(`${stack.endpoints.feed}/${path}`);
  return response.status === 200 ? await response.json() : null;
}

async function raw(path: string): Promise<string> {
  return (await fetch(`${stack.endpoints.feed}/${path}`)).text();
}

/** Every entry a listing document shows, inline or down the tree of its pages. */
// biome-ignore lint/suspicious/noExplicitAny: parsed feed documents
async function listing(doc: any, field: "reports" | "departments"): Promise<any[]> {
  if (doc[field]) return doc[field];
  const entries = [];
  for (const page of doc.pages) entries.push(...(await listing(await feed(page.path), field)));
  return entries;
}

/** Whether a region listing's entry shows the year reported. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed feed document's entry
const reported = (entry: any, year: number): boolean =>
  entry.years.some((y: { year: number }) => y.year === year);

function rejectedTables(): ReportTables {
  const tables = county2024Tables();
  tables.applications.received!.total = 49;
  return tables;
}

describe("the season on the local stack", () => {
  it("gives every registered department one status: published, with warnings, rejected, not received", async () => {
    await upload("city-edu", 2024, county2024Tables());
    await upload("city-fin", 2023, county2023TablesDiffering());
    await upload("city-fin", 2024, county2024Tables());
    await upload("city-amr", 2024, rejectedTables());
    await upload("town-gov", 2024, county2024Tables());
    // A department nobody registered: no status, no reminder, whatever it uploads.
    await upload("ghost-dept", 2024, rejectedTables());
    const roster = await recorded(() => seasonRoster(stack.season, { year: 2024, region: null }));
    if (!roster.ok) throw new Error(roster.problem);
    expect(calls.made.map((call) => call.command)).not.toContain("ScanCommand");
    expect(calls.made).toContainEqual({ command: "QueryCommand", index: "roster" });
    expect(roster.deadline).toBe("2025-01-31");
    expect(roster.counts).toEqual({ not_received: 3, rejected: 1, published_with_warnings: 1, published: 2 });
    expect(roster.departments.map((d) => [d.id, d.status])).toEqual([
      ["city-mute", "not_received"],
      ["city-tax", "not_received"],
      ["prov-gov", "not_received"],
      ["city-amr", "rejected"],
      ["city-fin", "published_with_warnings"],
      ["city-edu", "published"],
      ["town-gov", "published"],
    ]);
    const amr = roster.departments.find((d) => d.id === "city-amr")!;
    expect(amr).toMatchObject({ region: "city", errors: expect.any(Number) });
    expect(amr.errors).toBeGreaterThan(0);
    expect(amr.lastUploadAt).not.toBeNull();
    expect(roster.departments.find((d) => d.id === "city-tax")).toMatchObject({
      lastUploadAt: null,
      errors: null,
    });

    const city = await seasonRoster(stack.season, { year: 2024, region: "city" });
    if (!city.ok) throw new Error(city.problem);
    expect(city.departments.map((d) => d.id).sort()).toEqual([
      "city-amr",
      "city-edu",
      "city-fin",
      "city-mute",
      "city-tax",
    ]);
    const province = await seasonRoster(stack.season, { year: 2024, region: "prov" });
    if (!province.ok) throw new Error(province.problem);
    expect(province.departments).toHaveLength(6);
    expect(await seasonRoster(stack.season, { year: 2024, region: "nowhere" })).toMatchObject({
      ok: false,
      problem: "unknown_region",
    });
  });

  it("sums a region's reports at every level, and lists who reported and who did not", async () => {
    for (const region of ["city", "prov"]) {
      const doc = await feed(`v1/regions/${region}/2024.json`);
      expect(doc.counts, region).toEqual({
        registered: region === "city" ? 5 : 6,
        reported: 2,
        withWarnings: 1,
        notReported: region === "city" ? 3 : 4,
      });
      expect(doc.tables.applications.received.total, region).toBe(96);
      const entries = await listing(doc, "departments");
      expect(
        entries.filter((e) => reported(e, 2024)).map((e) => e.department.id),
        region,
      ).toEqual(["city-edu", "city-fin"]);
      expect(
        entries.map((e) => e.department.id),
        region,
      ).toEqual([...entries.map((e) => e.department.id)].sort());
    }
    const province = await feed("v1/regions/prov/2024.json");
    expect(province.regions).toEqual([{ id: "city", name: "某市", path: "v1/regions/city/2024.json" }]);
    expect(province.pages.length).toBeGreaterThan(1);
    expect((await feed("v1/regions/town/2024.json")).counts).toMatchObject({ registered: 1, reported: 1 });
    const year = await feed("v1/years/2024.json");
    expect(year.counts).toEqual({ reported: 3, withWarnings: 1 });
    expect((await listing(year, "reports")).map((e) => e.department.id)).toEqual([
      "city-edu",
      "city-fin",
      "town-gov",
    ]);
  });

  it("reminds those who owe a report once a round, at their registered addresses only, saying what is missing", async () => {
    await clearLocalMailbox(stack.endpoints.ses);
    const dry = await remind(stack.season, { year: 2024, round: "d-14", dryRun: true });
    if (!dry.ok) throw new Error(dry.problem);
    expect(dry.reminders.map((r) => [r.department, r.result])).toEqual([
      ["city-amr", "would_send"],
      ["city-mute", "no_address"],
      ["city-tax", "would_send"],
      ["prov-gov", "would_send"],
    ]);
    expect(await readLocalMailbox(stack.endpoints.ses)).toEqual([]);
    const first = await recorded(() => remind(stack.season, { year: 2024, round: "d-14", dryRun: false }));
    expect(calls.made.map((call) => call.command)).not.toContain("ScanCommand");
    const second = await remind(stack.season, { year: 2024, round: "d-14", dryRun: false });
    if (!first.ok || !second.ok) throw new Error("no round");
    expect(first.reminders.filter((r) => r.result === "sent")).toHaveLength(3);
    expect(second.reminders.filter((r) => r.result === "sent")).toHaveLength(0);
    expect(first.operator).toBeNull();
    const mails = await readLocalMailbox(stack.endpoints.ses);
    // One mail each to those who owe a report, none to the published, none to the unregistered ghost-dept.
    expect(mails.map((mail) => mail.to.join(",")).sort()).toEqual([
      "amr@example.gov.cn,amr2@example.gov.cn",
      "gov@example.gov.cn",
      "tax@example.gov.cn",
    ]);
    const amr = mails.find((mail) => mail.to.includes("amr@example.gov.cn"))!;
    expect(amr.subject).toMatch(/报送提醒/);
    expect(amr.text).toMatch(/2025 年 1 月 31 日/);
    expect(amr.text).toMatch(/未通过校验/);
    expect(amr.text).toMatch(/三、依申请公开!J5 .*应为 48/);
    expect(mails.find((mail) => mail.to.includes("tax@example.gov.cn"))!.text).toMatch(/尚未收到/);

    // The day after the deadline: the late are reminded again, and the operator gets the list, once.
    const late = await remind(stack.season, { year: 2024, round: "d+1", dryRun: false });
    const again = await remind(stack.season, { year: 2024, round: "d+1", dryRun: false });
    if (!late.ok || !again.ok) throw new Error("no round");
    expect(late.operator).toMatchObject({ late: 4, result: "sent" });
    expect(again.operator).toMatchObject({ result: "already" });
    const after = await readLocalMailbox(stack.endpoints.ses);
    expect(after).toHaveLength(3 + 3 + 1);
    const operator = after.filter((mail) => mail.to.includes("operator@localhost"));
    expect(operator).toHaveLength(1);
    expect(operator[0]!.text).toMatch(/city-tax/);
    expect(operator[0]!.text).not.toMatch(/city-edu/);
    expect(operator[0]!.text).not.toMatch(/ghost-dept/);
  });

  it("publishes a department's explanation beside its warning, and changes no number", async () => {
    const before = await raw("v1/summary/2024.json");
    const report = await feed("v1/reports/2024/city-fin.json");
    const warning = report.warnings.find((w: { rule: string }) => w.rule === "cross_year.carried_over");
    const explained = await explainWarning(stack.season, {
      department: "city-fin",
      year: 2024,
      rule: warning.rule,
      cell: warning.cell,
      text: "上年度结转数据口径调整，已核实无误。",
    });
    expect(explained.ok).toBe(true);
    const after = await feed("v1/reports/2024/city-fin.json");
    const shown = after.warnings.find(
      (w: { rule: string; cell: string }) => w.rule === warning.rule && w.cell === warning.cell,
    );
    expect(shown.explanation).toMatchObject({ text: "上年度结转数据口径调整，已核实无误。" });
    expect(after.tables).toEqual(report.tables);
    expect(await raw("v1/summary/2024.json")).toBe(before);
    const entries = await listing(await feed("v1/years/2024.json"), "reports");
    const entry = entries.find((e) => e.department.id === "city-fin");
    expect(entry.sha256).toBe(
      createHash("sha256")
        .update(await raw("v1/reports/2024/city-fin.json"))
        .digest("hex"),
    );
    expect(
      await explainWarning(stack.season, {
        department: "city-fin",
        year: 2024,
        rule: "table.blank",
        cell: "A1",
        text: "x",
      }),
    ).toMatchObject({ ok: false, problem: "no_such_warning" });
    expect(
      await explainWarning(stack.season, {
        department: "city-tax",
        year: 2024,
        rule: warning.rule,
        cell: null,
        text: "x",
      }),
    ).toMatchObject({ ok: false, problem: "not_published" });
  });

  it("keeps a corrected report's earlier version, with the cells that changed, and replaces it everywhere", async () => {
    const corrected = county2024Tables();
    corrected.proactive.licensing!.decisions = 999;
    await upload("city-edu", 2024, corrected, "corrected.xlsx");
    const report = await feed("v1/reports/2024/city-edu.json");
    expect(report.revisions).toHaveLength(1);
    expect(report.revisions[0].source.key).toBe("uploads/city-edu/2024/r.xlsx");
    expect(report.revisions[0].changes).toEqual([
      {
        table: "proactive",
        row: "licensing",
        column: "decisions",
        from: county2024Tables().proactive.licensing!.decisions,
        to: 999,
      },
    ]);
    const summary = await feed("v1/summary/2024.json");
    expect(summary.departments).toBe(3);
    expect(summary.tables.proactive.licensing.decisions).toBe(
      999 + 2 * county2024Tables().proactive.licensing!.decisions!,
    );
    for (const region of ["city", "prov"]) {
      const doc = await feed(`v1/regions/${region}/2024.json`);
      expect(doc.tables.proactive.licensing.decisions, region).toBe(
        999 + county2024Tables().proactive.licensing!.decisions!,
      );
      expect(doc.counts.reported, region).toBe(2);
      const member = (await listing(doc, "departments")).find((e) => e.department.id === "city-edu");
      expect(member.years, region).toEqual([
        expect.objectContaining({ year: 2024, publishedAt: report.publishedAt }),
      ]);
    }
    const entry = (await listing(await feed("v1/years/2024.json"), "reports")).find(
      (e) => e.department.id === "city-edu",
    );
    expect(entry.publishedAt).toBe(report.publishedAt);
    expect(entry.sha256).toBe(
      createHash("sha256")
        .update(await raw("v1/reports/2024/city-edu.json"))
        .digest("hex"),
    );
    const department = await feed("v1/departments/city-edu.json");
    expect(department.years).toEqual([
      expect.objectContaining({ year: 2024, publishedAt: report.publishedAt }),
    ]);
    expect((await feed("v1/index.json")).years.find((y: { year: number }) => y.year === 2024).reports).toBe(
      3,
    );
  });

  it("withdraws a report from every document and sum, two region levels included, recording the reason", async () => {
    const withdrawn = await withdrawReport(stack.season, {
      department: "city-edu",
      year: 2024,
      reason: "报送单位申请撤回",
    });
    expect(withdrawn.ok).toBe(true);
    expect(await feed("v1/reports/2024/city-edu.json")).toBeNull();
    const summary = await feed("v1/summary/2024.json");
    expect(summary.departments).toBe(2);
    expect(summary.tables.applications.received.total).toBe(96);
    const year = await feed("v1/years/2024.json");
    expect(year.counts).toEqual({ reported: 2, withWarnings: 1 });
    expect((await listing(year, "reports")).map((e) => e.department.id)).toEqual(["city-fin", "town-gov"]);
    for (const region of ["city", "prov"]) {
      const doc = await feed(`v1/regions/${region}/2024.json`);
      expect(doc.counts, region).toMatchObject({ reported: 1, withWarnings: 1 });
      expect(doc.tables.applications.received.total, region).toBe(48);
      expect(doc.tables.proactive.licensing.decisions, region).toBe(
        county2024Tables().proactive.licensing!.decisions,
      );
      const entries = await listing(doc, "departments");
      expect(
        reported(
          entries.find((e) => e.department.id === "city-edu"),
          2024,
        ),
        region,
      ).toBe(false);
    }
    const department = await feed("v1/departments/city-edu.json");
    expect(department.years).toEqual([]);
    expect(department.withdrawn).toEqual([
      { year: 2024, withdrawnAt: expect.any(String), reason: "报送单位申请撤回" },
    ]);
    expect((await feed("v1/index.json")).years.find((y: { year: number }) => y.year === 2024).reports).toBe(
      2,
    );
    const roster = await seasonRoster(stack.season, { year: 2024, region: "city" });
    if (!roster.ok) throw new Error(roster.problem);
    expect(roster.departments.find((d) => d.id === "city-edu")).toMatchObject({
      status: "not_received",
      withdrawn: { reason: "报送单位申请撤回" },
    });
    expect(
      await withdrawReport(stack.season, { department: "city-edu", year: 2024, reason: "again" }),
    ).toMatchObject({
      ok: false,
      problem: "not_published",
    });
  });

  it("publishes again after a withdrawal when a new upload arrives, the withdrawn version among its revisions", async () => {
    await upload("city-edu", 2024, county2024Tables(), "again.xlsx");
    const report = await feed("v1/reports/2024/city-edu.json");
    expect(report.revisions.map((r: { withdrawn: unknown }) => r.withdrawn)).toEqual([
      null,
      { reason: "报送单位申请撤回" },
    ]);
    expect((await feed("v1/regions/prov/2024.json")).counts.reported).toBe(2);
  });

  it("moves a department to another region with its numbers", async () => {
    const moved = await placeDepartment(stack.season, {
      id: "town-gov",
      name: "某镇人民政府",
      emails: ["town@example.gov.cn"],
      parent: "city",
    });
    expect(moved).toMatchObject({ ok: true, movedFrom: "town", recounted: [2024] });
    expect((await feed("v1/regions/town/2024.json")).counts).toMatchObject({ registered: 0, reported: 0 });
    expect((await feed("v1/regions/town/2024.json")).tables.applications.received.total).toBe(0);
    const city = await feed("v1/regions/city/2024.json");
    expect(city.counts).toMatchObject({ registered: 6, reported: 3 });
    expect(city.tables.applications.received.total).toBe(3 * 48);
    expect((await feed("v1/regions/prov/2024.json")).counts).toMatchObject({ registered: 7, reported: 3 });
    expect((await feed("v1/summary/2024.json")).departments).toBe(3);
  });

  it("refuses a region that would move, a parent that does not exist, and a department under no known region", async () => {
    expect(await registerRegion(stack.season, { id: "city", name: "某市", parent: "town" })).toMatchObject({
      ok: false,
      problem: "region_moves",
    });
    expect(await registerRegion(stack.season, { id: "x", name: "X", parent: "nowhere" })).toMatchObject({
      ok: false,
      problem: "unknown_parent",
    });
    expect(
      await placeDepartment(stack.season, { id: "lost", name: "L", emails: [], parent: "nowhere" }),
    ).toMatchObject({ ok: false, problem: "unknown_parent" });
  });
});
