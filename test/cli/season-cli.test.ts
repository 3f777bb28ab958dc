import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2023TablesDiffering, county2024Tables } from "../fixtures/reports/county-2021";
import { devReady, type RunningGongkai, runGongkai, startGongkai } from "../support/gongkai-process";

/** The season's commands against `gongkai dev`: regions, the roster, reminders, explanations, withdrawals. */

let home: string;
let dev: RunningGongkai;

const gongkaiWith = (env: Record<string, string>, ...args: string[]) => runGongkai(home, env, ...args);
const gongkai = (...args: string[]) => gongkaiWith({}, ...args);

/**
 * A feed document over a connection of its own: the commands run synchronously, so the test's event loop
 * cannot see the server close an idle kept-alive socket, and a reused one fails.
 */
function feedGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}

const json = (...args: string[]) => {
  const run = gongkai(...args, "--json");
  return { code: run.code, body: JSON.parse(run.stdout) };
};

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-season-cli-"));
  dev = await startGongkai(home, ["dev"], devReady);
  await writeFile(join(home, "last.xlsx"), nationalWorkbook("2021", county2023TablesDiffering()));
  await writeFile(join(home, "good.xlsx"), nationalWorkbook("2021", county2024Tables()));
  const broken = county2024Tables();
  // Two errors a clerk is shown, from three findings: J5 is off, and J28 breaks two rules at once.
  broken.applications.received!.total = 49;
  broken.applications.results_total!.total = (broken.applications.results_total!.total ?? 0) + 1;
  await writeFile(join(home, "broken.xlsx"), nationalWorkbook("2021", broken));
}, 90_000);

afterAll(async () => {
  await dev?.interrupt();
  await rm(home, { recursive: true, force: true });
});

describe("the season's commands", () => {
  it("registers regions and departments in them, refusing a region nobody registered", () => {
    expect(json("region", "add", "prov", "--name", "某省").code).toBe(0);
    expect(json("region", "add", "city", "--name", "某市", "--parent", "prov").code).toBe(0);
    for (const [id, name, parent] of [
      ["city-fin", "某市财政局", "city"],
      ["city-amr", "某市市场监管局", "city"],
      ["prov-gov", "某省政府办公厅", "prov"],
    ]) {
      const added = json(
        "department",
        "add",
        id!,
        "--name",
        name!,
        "--email",
        `${id}@example.gov.cn`,
        "--parent",
        parent!,
      );
      expect(added.code, id).toBe(0);
      expect(added.body.department).toMatchObject({
        id,
        parent,
        place: parent === "city" ? "/prov/city/" : "/prov/",
      });
    }
    const lost = json(
      "department",
      "add",
      "lost",
      "--name",
      "L",
      "--email",
      "l@example.gov.cn",
      "--parent",
      "nowhere",
    );
    expect(lost.code).toBe(1);
    expect(lost.body.error.code).toBe("season.unknown_parent");
    expect(json("region", "list").body.regions.map((r: { id: string }) => r.id)).toEqual(["city", "prov"]);
  });

  it("prints the roster with every status, as text, JSON and CSV", () => {
    expect(gongkai("upload", "last.xlsx", "--department", "city-fin", "--year", "2023").code).toBe(0);
    expect(gongkai("upload", "good.xlsx", "--department", "city-fin", "--year", "2024").code).toBe(0);
    expect(gongkai("upload", "broken.xlsx", "--department", "city-amr", "--year", "2024").code).toBe(1);
    const roster = json("season", "--year", "2024");
    expect(roster.code).toBe(0);
    expect(roster.body).toMatchObject({
      year: 2024,
      deadline: "2025-01-31",
      counts: { not_received: 1, rejected: 1, published_with_warnings: 1, published: 0 },
    });
    expect(roster.body.departments.map((d: { id: string; status: string }) => [d.id, d.status])).toEqual([
      ["prov-gov", "not_received"],
      ["city-amr", "rejected"],
      ["city-fin", "published_with_warnings"],
    ]);
    expect(Object.keys(roster.body.departments[1])).toEqual(
      expect.arrayContaining(["id", "name", "region", "status", "lastUploadAt", "errors"]),
    );
    expect(roster.body.departments[1]).toMatchObject({ id: "city-amr", errors: 2 });
    expect(json("season", "--year", "2024", "--region", "city").body.departments).toHaveLength(2);
    const later = gongkaiWith({ GONGKAI_DEADLINE: "02-15" }, "season", "--year", "2024", "--json");
    expect(JSON.parse(later.stdout).deadline).toBe("2025-02-15");
    const text = gongkai("season", "--year", "2024");
    expect(text.stdout).toMatch(/未报送 1\s+未通过 1/);
    expect(text.stdout.indexOf("prov-gov")).toBeLessThan(text.stdout.indexOf("city-fin"));
    const csv = gongkai("season", "--year", "2024", "--csv");
    expect(csv.stdout.startsWith("\uFEFFid,name,region,status,lastUploadAt,errors\n")).toBe(true);
    expect(csv.stdout.trim().split("\n")).toHaveLength(4);
  });

  it("counts a rejected upload's errors in season and status as validate does: two rules at one cell are one", () => {
    expect(gongkai("validate", "broken.xlsx", "--year", "2024").stdout).toContain("（2 处错误，0 处提醒）");
    expect(gongkai("season", "--year", "2024").stdout).toMatch(/city-amr.*2 处错误/);
    expect(gongkai("status", "--department", "city-amr").stdout).toMatch(/未通过.*2 处错误，0 处提醒/);
  });

  it("reminds the departments that owe a report once a round, and shows who would get what first", () => {
    const dry = json("remind", "--year", "2024", "--round", "d-14", "--dry-run");
    expect(
      dry.body.reminders.map((r: { department: string; result: string }) => [r.department, r.result]),
    ).toEqual([
      ["city-amr", "would_send"],
      ["prov-gov", "would_send"],
    ]);
    const sent = json("remind", "--year", "2024", "--round", "d-14");
    expect(sent.body.reminders.filter((r: { result: string }) => r.result === "sent")).toHaveLength(2);
    const again = json("remind", "--year", "2024", "--round", "d-14");
    expect(again.body.reminders.map((r: { result: string }) => r.result)).toEqual(["already", "already"]);
    // A round the season does not have is wrong usage.
    expect(json("remind", "--year", "2024", "--round", "d-99").code).toBe(2);
  });

  it("explains a warning and withdraws a report", async () => {
    const endpoints = JSON.parse(await readFile(join(home, "state", "endpoints.json"), "utf8"));
    const report = JSON.parse((await feedGet(`${endpoints.feed}/v1/reports/2024/city-fin.json`)).body) as {
      warnings: { rule: string; cell: string }[];
    };
    const warning = report.warnings[0]!;
    const explained = json("explain", "city-fin", "2024", warning.rule, warning.cell, "--text", "口径调整");
    expect(explained.code).toBe(0);
    const after = JSON.parse((await feedGet(`${endpoints.feed}/v1/reports/2024/city-fin.json`)).body) as {
      warnings: { explanation?: { text: string } }[];
    };
    expect(after.warnings[0]!.explanation?.text).toBe("口径调整");
    expect(json("explain", "city-fin", "2024", "table.blank", "A1", "--text", "x").body.error.code).toBe(
      "season.no_such_warning",
    );
    expect(json("withdraw", "city-fin", "2024", "--reason", "申请撤回").code).toBe(0);
    expect((await feedGet(`${endpoints.feed}/v1/reports/2024/city-fin.json`)).status).toBe(404);
    expect(json("season", "--year", "2024").body.counts).toMatchObject({
      not_received: 2,
      published_with_warnings: 0,
    });
    expect(json("withdraw", "city-fin", "2024", "--reason", "again").body.error.code).toBe(
      "season.not_published",
    );
    // Rejected after its withdrawal: the roster says both, apart.
    expect(gongkai("upload", "broken.xlsx", "--department", "city-fin", "--year", "2024").code).toBe(1);
    expect(gongkai("season", "--year", "2024").stdout).toMatch(/city-fin.*\d+ 处错误 +已撤回：申请撤回/);
  });
});
