import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { printableTemplate } from "../../functions/core/printable-template";
import { formatById } from "../../schemas/formats";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/** The `gongkai` command as a clerk or a script runs it: a real process, its stdout, stderr and exit code. */

const bin = join(import.meta.dirname, "..", "..", "bin", "gongkai.mjs");
let dir: string;

function gongkai(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gongkai-cli-"));
  await writeFile(join(dir, "seed.xlsx"), nationalWorkbook("2019", seed2019Tables()));
  const broken = seed2019Tables();
  broken.applications.results_total!.total = 106;
  await writeFile(join(dir, "broken.xlsx"), nationalWorkbook("2019", broken));
  await writeFile(join(dir, "notes.txt"), "这不是工作簿\n");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("gongkai validate", () => {
  it("exits 0 and says it can be published when the report has no errors", () => {
    const run = gongkai("validate", "seed.xlsx", "--year", "2019");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/可以发布/);
  });

  it("exits 1 and lists each error by sheet with its cell first, like a linter", () => {
    const run = gongkai("validate", "broken.xlsx", "--year", "2019", "--lang", "en");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/三、依申请公开\n\s+J26\s+error\s+\(7\) results total, total should be 105/);
    expect(run.stdout).toMatch(/cannot be published/);
  });

  it("prints exactly one JSON object with the spec's codes, tables included even with errors", () => {
    const run = gongkai("validate", "broken.xlsx", "--year", "2019", "--department", "dept-a", "--json");
    expect(run.code).toBe(1);
    const outcome = JSON.parse(run.stdout);
    expect(Object.keys(outcome)).toEqual([
      "ok",
      "format",
      "year",
      "department",
      "findings",
      "tables",
      "diagnosis",
    ]);
    expect(outcome).toMatchObject({ ok: false, format: "2019", year: 2019, department: "dept-a" });
    expect(outcome.tables.applications.results_total.total).toBe(106);
    expect(outcome.findings).toContainEqual(
      expect.objectContaining({
        rule: "applications.results_total",
        cell: "J26",
        expected: 105,
        actual: 106,
      }),
    );
  });

  it("carries the diagnosis in the JSON as the spec shapes it, and leads the human output with it", () => {
    const example = join(import.meta.dirname, "..", "..", "examples", "city-edu-2024.xlsx");
    const json = JSON.parse(gongkai("validate", example, "--year", "2024", "--json").stdout);
    expect(json.diagnosis).toMatchObject({ unique: true, bounded: false, reason: null });
    expect(
      json.diagnosis.repairs[0].cells.map((c: { cell: string; actual: number; value: number }) => [
        c.cell,
        c.actual,
        c.value,
      ]),
    ).toEqual([
      ["F6", 2, 0],
      ["J29", 47, 46],
    ]);
    expect(
      JSON.parse(gongkai("validate", "seed.xlsx", "--year", "2019", "--json").stdout).diagnosis,
    ).toBeNull();
    const human = gongkai("validate", example, "--year", "2024").stdout;
    expect(human.indexOf("诊断")).toBeLessThan(human.indexOf("J6 "));
    expect(human).toContain(
      "三、依申请公开!F6（科研机构 · 一、本年新收政府信息公开申请数量）：表中为 2；改为 0",
    );
  });

  it("exits 2 with one JSON object when the file is not a workbook", () => {
    const run = gongkai("validate", "notes.txt", "--json");
    expect(run.code).toBe(2);
    const outcome = JSON.parse(run.stdout);
    expect(outcome.ok).toBe(false);
    expect(outcome.tables).toBeNull();
    expect(outcome.findings[0].rule).toBe("workbook.not_a_workbook");
  });

  it("exits 2 with one JSON object when the arguments are wrong", () => {
    const run = gongkai("validate", "seed.xlsx", "--year", "twenty", "--json");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).findings[0].rule).toBe("cli.usage");
  });

  it("exits 2 and explains on stderr when the file does not exist", () => {
    const run = gongkai("validate", "missing.xlsx");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read missing.xlsx/);
    expect(run.stdout).toBe("");
  });
});

describe("gongkai template", () => {
  it("writes a blank template that, filled in with the seed's numbers, validates with the same numbers", async () => {
    const run = gongkai("template", "--format", "2019", "-o", "blank.xlsx");
    expect(run.code).toBe(0);
    const book = XLSX.read(await readFile(join(dir, "blank.xlsx")), { type: "buffer" });
    const seed = seed2019Tables();
    const positions = (await printableTemplate(formatById("2019"))).cells;
    for (const [key, where] of positions) {
      const [table, ...rest] = key.split(".");
      const column = rest.pop()!;
      const row = rest.join(".");
      const value = seed[table as "applications"][row]![column]!;
      book.Sheets[where.sheet]![where.cell] = { t: "n", v: value };
    }
    await writeFile(join(dir, "filled.xlsx"), XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    const validated = gongkai("validate", "filled.xlsx", "--year", "2019", "--json");
    expect(validated.code).toBe(0);
    const outcome = JSON.parse(validated.stdout);
    expect(outcome.findings).toEqual([]);
    expect(outcome.tables).toEqual(seed);
  });

  it("refuses an unknown format with exit 2", () => {
    const run = gongkai("template", "--format", "2018");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--format must be one of 2019, 2021/);
  });

  it("writes a blank template that the validator reports as blank tables, not as a crash", () => {
    const run = gongkai("template", "--format", "2021", "-o", "blank21.xlsx");
    expect(run.code).toBe(0);
    const validated = gongkai("validate", "blank21.xlsx", "--year", "2024", "--json");
    expect(validated.code).toBe(1);
    const rules = JSON.parse(validated.stdout).findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(["table.blank", "table.blank", "table.blank"]);
  });
});
