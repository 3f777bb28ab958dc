import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { type AnyCommand, isGroup } from "../../functions/cli/command";
import { COMMANDS } from "../../functions/cli/commands";
import { CLI_VARIABLES } from "../../functions/config";
import { printableTemplate } from "../../functions/core/printable-template";
import { FORMATS, formatById } from "../../schemas/formats";
import {
  HOSTILE_SHEET,
  TERMINAL_CONTROLS,
  terminalEscapesWorkbook,
} from "../fixtures/hostile/terminal-escapes";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/** The `gongkai` command as a clerk or a script runs it: a real process, its stdout, stderr and exit code. */

const bin = join(import.meta.dirname, "..", "..", "bin", "gongkai.mjs");
let dir: string;

function gongkaiWith(env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", GONGKAI_HOME: join(dir, "no-stack"), ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const gongkai = (...args: string[]) => gongkaiWith({}, ...args);

/** Every command and subcommand, by the words that run it (`department add`). */
function commandPaths(commands: readonly AnyCommand[] = COMMANDS, prefix: string[] = []) {
  return commands.flatMap((command): { path: string[]; spec: AnyCommand }[] => [
    { path: [...prefix, command.name], spec: command },
    ...(isGroup(command) ? commandPaths(command.subcommands, [...prefix, command.name]) : []),
  ]);
}

const HOSTILE_FILE = "report\u001b]0;title\u0007.xlsx";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gongkai-cli-"));
  await writeFile(join(dir, "seed.xlsx"), nationalWorkbook("2019", seed2019Tables()));
  const broken = seed2019Tables();
  broken.applications.results_total!.total = 106;
  await writeFile(join(dir, "broken.xlsx"), nationalWorkbook("2019", broken));
  await writeFile(join(dir, "notes.txt"), "这不是工作簿\n");
  await writeFile(join(dir, HOSTILE_FILE), terminalEscapesWorkbook());
  await mkdir(join(dir, "dead-stack"), { recursive: true });
  // A stack that stopped: its endpoints.json names ports nobody listens on.
  const dead = "http://127.0.0.1:9";
  await writeFile(
    join(dir, "dead-stack", "endpoints.json"),
    JSON.stringify({
      s3: dead,
      dynamodb: dead,
      ses: dead,
      feed: dead,
      uploadsBucket: "gongkai-uploads",
      feedBucket: "gongkai-feed",
      table: "gongkai",
      region: "us-east-1",
    }),
  );
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

  it("exits 1 (the input refused) with one JSON object when the file is not a workbook", () => {
    const run = gongkai("validate", "notes.txt", "--json");
    expect(run.code).toBe(1);
    const outcome = JSON.parse(run.stdout);
    expect(outcome.ok).toBe(false);
    expect(outcome.tables).toBeNull();
    expect(outcome.findings[0].rule).toBe("workbook.not_a_workbook");
  });

  it("exits 2 with one JSON object when the arguments are wrong", () => {
    const run = gongkai("validate", "seed.xlsx", "--year", "twenty", "--json");
    expect(run.code).toBe(2);
    const outcome = JSON.parse(run.stdout);
    expect(outcome.findings[0].rule).toBe("cli.usage");
    expect(outcome.findings[0].message.zh, "its Chinese text is Chinese").toMatch(
      /^命令的参数不对。（.*four digits/,
    );
    expect(outcome.error).toMatchObject({ code: "cli.usage", message: expect.stringMatching(/four digits/) });
    expect(run.stderr).toBe("");
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

  it("refuses an output path it cannot write with exit 2, naming it", () => {
    const run = gongkai("template", "--format", "2021", "-o", join(dir, "no-such-folder", "t.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot write .*no-such-folder.*ENOENT/);
  });

  it("refuses an unknown format with exit 2", () => {
    const run = gongkai("template", "--format", "2018");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--format.*must be one of 2019, 2021/);
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

describe("gongkai --help, help and --version", () => {
  it("lists every command with its purpose, the environment and the exit codes on stdout, exit 0", () => {
    const help = gongkai("--help");
    expect(help.code).toBe(0);
    expect(help.stderr).toBe("");
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`\\n  ${command.name}\\b`));
    for (const name of Object.keys(CLI_VARIABLES)) expect(help.stdout).toContain(name);
    expect(help.stdout).toMatch(
      /Exit codes[\s\S]*0 {2}done[\s\S]*1 {2}the input was refused[\s\S]*2 {2}wrong usage[\s\S]*3 {2}the system failed/,
    );
    expect(gongkai("-h").stdout).toBe(help.stdout);
    expect(gongkai("help").stdout).toBe(help.stdout);
  });

  it("shows each command's purpose, options, examples and environment, on stdout with exit 0", () => {
    for (const { path, spec } of commandPaths()) {
      const help = gongkai(...path, "--help");
      expect(help.code, path.join(" ")).toBe(0);
      expect(help.stderr).toBe("");
      expect(help.stdout).toContain(spec.purpose);
      expect(help.stdout).toMatch(/Options:[\s\S]*-h, --help/);
      expect(help.stdout).toContain("Examples:");
      for (const example of spec.examples) expect(help.stdout).toContain(example.command);
      for (const name of spec.environment) expect(help.stdout).toContain(name);
      if (!isGroup(spec) && spec.json) expect(help.stdout).toContain("--json");
    }
    expect(gongkai("help", "upload").stdout).toBe(gongkai("upload", "--help").stdout);
  });

  it("prints the version, the formats it knows and the SheetJS version it asserts", () => {
    const version = gongkai("--version");
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^gongkai \d+\.\d+\.\d+\n/);
    for (const format of FORMATS) expect(version.stdout).toContain(`format ${format.id}: ${format.name.en}`);
    expect(version.stdout).toContain("SheetJS 0.20.3");
    expect(gongkai("-V").stdout).toBe(version.stdout);
  });

  it("shows the help on stderr and exits 2 when no command is given", () => {
    const run = gongkai();
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^Usage: gongkai <command>/);
  });

  it("names an unknown command, suggests the nearest one, and exits 2", () => {
    const run = gongkai("stauts");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^gongkai: unknown command 'stauts'\n.*Did you mean status\?/);
  });

  it("says what is wrong and where the help is, never the parser's raw message, with exit 2", () => {
    const run = gongkai("upload", "x.xlsx", "--department", "finance", "--year", "2024", "--bogus");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^gongkai upload: unknown option '--bogus'/);
    expect(run.stderr).toContain("`gongkai upload --help`");
    expect(run.stderr).not.toMatch(/positional argument|ERR_PARSE_ARGS/);
  });
});

describe("--json", () => {
  it("is one JSON object on stdout, nothing on a piped stderr, for every command that speaks it, wrong usage included", () => {
    for (const { path, spec } of commandPaths()) {
      if (isGroup(spec) || !spec.json) continue;
      const run = gongkai(...path, "--json", "--no-such-option");
      expect(run.code, path.join(" ")).toBe(2);
      expect(run.stderr, path.join(" ")).toBe("");
      expect(run.stdout.trim().split("\n")).toHaveLength(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: "cli.usage" } });
    }
  });

  it("is refused with exit 2 by a command that has nothing to report as JSON", () => {
    const run = gongkai("demo", "--json");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--json'/);
  });

  it("reports the template written", () => {
    const run = gongkai("template", "--format", "2021", "-o", "blank-json.xlsx", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, file: "blank-json.xlsx", format: "2021" });
  });
});

describe("Chinese output", () => {
  it("says 错误 and 年版格式 in Chinese, and shows rule codes only with --verbose", () => {
    const run = gongkai("validate", "broken.xlsx", "--year", "2019");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^broken\.xlsx {2}（2019 年版格式，2019 年）$/m);
    expect(run.stdout).toMatch(/三、依申请公开\n\s+J26\s+错误 /);
    expect(run.stdout).toMatch(/✖ 不能发布（\d+ 处错误，0 处提醒）/);
    expect(run.stdout).not.toMatch(/error|warning|format|applications\.results_total/);
    const verbose = gongkai("validate", "broken.xlsx", "--year", "2019", "--verbose");
    expect(verbose.stdout).toMatch(/J26\s+错误 .* {2}applications\.row_total applications\.results_total$/m);
  });
});

describe("terminal escapes from a hostile workbook", () => {
  it("shows every control character of a sheet name, a cell's text and a file name escaped, never raw", () => {
    for (const lang of ["zh", "en"]) {
      const run = gongkai("validate", HOSTILE_FILE, "--year", "2019", "--lang", lang);
      expect(run.code).toBe(1);
      for (const control of TERMINAL_CONTROLS) {
        expect(run.stdout).not.toContain(control);
        expect(run.stderr).not.toContain(control);
      }
      expect(run.stdout).toContain("report\\x1b]0;title\\x07.xlsx");
      expect(run.stdout).toContain("\\x1bc三、依申请公开\\x07\\u202e");
      expect(run.stdout).toContain("\\x1b[2J\\x1b[H\\x1b]0;pwned\\x07\\n✔ 可以发布\\x9b31m");
      // The fake verdict stays inside its finding's line; the only verdict is the real one.
      expect(run.stdout).not.toMatch(/^✔/m);
      expect(run.stdout.trim().split("\n").at(-1)).toMatch(/^✖/);
    }
  });

  it("keeps the hostile text exact in --json, with the controls JSON leaves raw escaped", () => {
    const run = gongkai("validate", HOSTILE_FILE, "--year", "2019", "--json");
    for (const control of ["\u009b", "\u202e"]) expect(run.stdout).not.toContain(control);
    const outcome = JSON.parse(run.stdout);
    expect(outcome.findings).toContainEqual(
      expect.objectContaining({ rule: "value.not_a_number", sheet: HOSTILE_SHEET }),
    );
  });
});

describe("when the system is not there", () => {
  it("exits 3 saying how to start the local stack when there is no stack and no AWS table", () => {
    const run = gongkai("status");
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^gongkai status: no local stack in .*no-stack, and GONGKAI_TABLE/);
    expect(run.stderr).toContain("`gongkai dev`");
    const json = gongkai("status", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: "system.no_target" } });
  });

  it("exits 3 naming the address it cannot reach when the local stack has stopped, without the SDK's Node notice", () => {
    const run = gongkaiWith({ GONGKAI_HOME: join(dir, "dead-stack") }, "department", "list");
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cannot reach 127\.0\.0\.1:9 \(ECONNREFUSED\)/);
    expect(run.stderr).toContain("`gongkai dev`");
    expect(run.stderr).not.toMatch(/AWS SDK for JavaScript|NodeVersionSupportWarning/);
  });
});

describe("gongkai upload to a place no upload may have", () => {
  it.each([
    ["--year", "1900", "--department", "finance"],
    ["--year", "2999", "--department", "finance"],
    ["--year", "2019年", "--department", "finance"],
    ["--year", "2019", "--department", "../d2"],
    ["--year", "2019", "--department", "d1/2019"],
  ])("refuses %s %s %s %s with exit 2 before it reaches any store", (...args) => {
    // A stopped stack would answer exit 3: exit 2 shows nothing was tried, so nothing was written.
    const run = gongkaiWith({ GONGKAI_HOME: join(dir, "dead-stack") }, "upload", "seed.xlsx", ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/a (year is four digits|department id is lowercase letters)/);
  });
});

describe("gongkai doctor on a broken setup", () => {
  it("fails the target with a fix when there is neither a local stack nor an AWS table", () => {
    const run = gongkai("doctor", "--json");
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: false, target: null });
    expect(report.checks).toContainEqual(
      expect.objectContaining({ name: "target", level: "fail", fix: expect.stringContaining("gongkai dev") }),
    );
  });

  it("says which servers of a stopped local stack do not answer, and to start it", () => {
    const run = gongkaiWith({ GONGKAI_HOME: join(dir, "dead-stack") }, "doctor");
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^✖ table\s+cannot reach/m);
    expect(run.stdout).toMatch(/^✖ uploads\s+cannot reach/m);
    expect(run.stdout).toMatch(
      /→ the local stack of .*endpoints\.json is not running: start it with `gongkai dev`/,
    );
  });
});
