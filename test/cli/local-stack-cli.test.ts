import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/** `gongkai dev` in one process, the other commands in others, finding it through endpoints.json. */

const bin = join(import.meta.dirname, "..", "..", "bin", "gongkai.mjs");
let home: string;
let dev: ChildProcess;
let blocker: Server;
let output = "";

function gongkai(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    cwd: home,
    env: { ...process.env, GONGKAI_HOME: join(home, "state"), NO_COLOR: "1" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-dev-"));
  // Take the feed's customary port, so the stack must pick another one.
  blocker = createServer();
  await new Promise<void>((resolve) =>
    blocker.listen(8088, "127.0.0.1", () => resolve()).on("error", () => resolve()),
  );
  dev = spawn(process.execPath, [bin, "dev"], {
    cwd: home,
    env: { ...process.env, GONGKAI_HOME: join(home, "state") },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gongkai dev did not get ready:\n${output}`)), 60_000);
    dev.stdout!.on("data", (chunk) => {
      output += chunk;
      if (/^ready$/m.test(output) && /endpoints/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    dev.stderr!.on("data", (chunk) => {
      output += chunk;
    });
  });
  const seed = seed2019Tables();
  await writeFile(join(home, "seed.xlsx"), nationalWorkbook("2019", seed));
  seed.applications.results_total!.total = 106;
  await writeFile(join(home, "broken.xlsx"), nationalWorkbook("2019", seed));
});

afterAll(async () => {
  dev?.kill("SIGINT");
  await new Promise((resolve) => dev?.once("exit", resolve));
  blocker?.close();
  await rm(home, { recursive: true, force: true });
});

describe("gongkai dev and the commands that use it", () => {
  it("prints ready with the URLs and writes them to endpoints.json, replacing a taken port", async () => {
    const endpoints = JSON.parse(await readFile(join(home, "state", "endpoints.json"), "utf8"));
    expect(Object.keys(endpoints)).toEqual(expect.arrayContaining(["s3", "dynamodb", "ses", "feed"]));
    expect(endpoints.feed).not.toBe("http://127.0.0.1:8088");
    expect(output).toContain(endpoints.feed);
  });

  it("registers a department, publishes its upload (exit 0) and rejects a broken one (exit 1)", async () => {
    expect(
      gongkai(
        "department",
        "add",
        "nx-office",
        "--name",
        "自治区人民政府办公厅",
        "--email",
        "office@example.gov.cn",
      ).code,
    ).toBe(0);
    expect(gongkai("department", "list").stdout).toMatch(
      /nx-office\t自治区人民政府办公厅\toffice@example.gov.cn/,
    );
    const published = gongkai("upload", "seed.xlsx", "--department", "nx-office", "--year", "2019");
    expect(published.stdout).toMatch(/^published\s+uploads\/nx-office\/2019\/seed.xlsx/m);
    expect(published.code).toBe(0);
    const rejected = gongkai("upload", "broken.xlsx", "--department", "nx-office", "--year", "2019");
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toMatch(/rejected[\s\S]*三、依申请公开!J26/);
    const endpoints = JSON.parse(await readFile(join(home, "state", "endpoints.json"), "utf8"));
    const report = (await (await fetch(`${endpoints.feed}/v1/reports/2019/nx-office.json`)).json()) as {
      tables: { applications: { results_total: { total: number } } };
    };
    expect(report.tables.applications.results_total.total).toBe(105);
  });

  it("lists uploads and their outcomes", () => {
    const status = gongkai("status", "--department", "nx-office");
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/published\s+nx-office\s+2019\s+uploads\/nx-office\/2019\/seed.xlsx/);
    expect(status.stdout).toMatch(
      /rejected\s+nx-office\s+2019\s+uploads\/nx-office\/2019\/broken.xlsx\s+3E 0W/,
    );
  });

  it("keeps an upload of an unregistered department, lists it, and publishes it when reprocessed after registering", () => {
    const upload = gongkai("upload", "seed.xlsx", "--department", "late-dept", "--year", "2019");
    expect(upload.code).toBe(1);
    expect(upload.stdout).toMatch(/^unregistered\s+uploads\/late-dept\/2019\/seed.xlsx/m);
    expect(gongkai("status").stdout).toMatch(/unregistered\s+late-dept\s+2019/);
    expect(
      gongkai("department", "add", "late-dept", "--name", "后来登记的单位", "--email", "late@example.gov.cn")
        .code,
    ).toBe(0);
    const reprocessed = gongkai("reprocess", "uploads/late-dept/2019/seed.xlsx");
    expect(reprocessed.stdout).toMatch(/^published\s+uploads\/late-dept\/2019\/seed.xlsx/m);
    expect(reprocessed.code).toBe(0);
  });

  it("registers the departments of cdk.json's context in one go, and refuses one without addresses", async () => {
    const context = (departments: unknown) => JSON.stringify({ app: "x", context: { departments } });
    await writeFile(
      join(home, "cdk.json"),
      context([
        { id: "finance", name: "财政局", emails: ["finance@example.gov.cn"] },
        { id: "education", name: "教育局", emails: ["edu@example.gov.cn", "edu2@example.gov.cn"] },
      ]),
    );
    const synced = gongkai("department", "sync");
    expect(synced.code).toBe(0);
    expect(gongkai("department", "list").stdout).toMatch(
      /education\t教育局\tedu@example.gov.cn, edu2@example.gov.cn/,
    );
    await writeFile(join(home, "bad.json"), context([{ id: "health", name: "卫健委" }]));
    const refused = gongkai("department", "sync", "--file", "bad.json");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/health.*needs "emails"/);
  });

  it("refuses to register a department without an address", () => {
    const run = gongkai("department", "add", "city-edu", "--name", "某市教育局");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/at least one --email/);
  });
});
