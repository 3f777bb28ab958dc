import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDepartmentList } from "../../functions/cli/department";

/**
 * The READMEs' examples run as written. A fenced block after `<!-- runnable -->` is a session: each
 * `$ ` line is run by bash in a scratch directory laid out like the checkout (so `npx gongkai` works), the
 * lines after it are its stdout (`…` in a line stands for any text; a line `…` alone, for any lines), and `# exit N` on the command is its exit code (0 otherwise). `<!-- runnable: with gongkai dev -->`
 * runs with `gongkai dev` up; `<!-- file: NAME -->` writes the next block to NAME first.
 */

const root = join(import.meta.dirname, "..", "..");
const READMES = ["README.md", "infra/README.md"];
const CHECKOUT = ["package.json", "node_modules", "bin", "functions", "schemas", "examples"];

interface Block {
  readme: string;
  line: number;
  marker: { kind: "runnable"; withDev: boolean } | { kind: "file"; name: string };
  language: string;
  text: string;
}

function blocks(readme: string, text: string): Block[] {
  const lines = text.split("\n");
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- (runnable(: with gongkai dev)?|file: (\S+)) -->$/.exec(lines[i]!);
    if (!marker) continue;
    const fence = /^```(\w*)$/.exec(lines[i + 1] ?? "");
    if (!fence) throw new Error(`${readme}:${i + 1}: a marker must stand right above a fenced block`);
    const end = lines.findIndex((line, j) => j > i + 1 && line === "```");
    found.push({
      readme,
      line: i + 1,
      marker: marker[3]
        ? { kind: "file", name: marker[3] }
        : { kind: "runnable", withDev: Boolean(marker[2]) },
      language: fence[1]!,
      text: lines.slice(i + 2, end).join("\n"),
    });
    i = end;
  }
  return found;
}

interface Step {
  command: string;
  exit: number;
  stdout: string[];
}

function steps(block: Block): Step[] {
  const result: Step[] = [];
  const lines = block.text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith("$ ")) {
      if (result.length === 0) throw new Error(`${block.readme}:${block.line}: output before any command`);
      result.at(-1)!.stdout.push(line);
      continue;
    }
    let command = line.slice(2);
    while (command.endsWith("\\")) command = `${command.slice(0, -1)}\n${lines[++i]!}`;
    const exit = /#\s*exit (\d)\b/.exec(command);
    result.push({ command, exit: exit ? Number(exit[1]) : 0, stdout: [] });
  }
  return result;
}

/** A line of output shown with `…` in it: any text stands there. */
function lineMatches(want: string, got: string): boolean {
  const pattern = want
    .split("…")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`).test(got);
}

/** `…` alone on a line matches any lines; within a line, any text. */
function matches(expected: readonly string[], actual: readonly string[]): boolean {
  const at = (i: number, j: number): boolean => {
    if (i === expected.length) return j === actual.length;
    const want = expected[i]!;
    if (want === "…") return actual.slice(j).some((_, k) => at(i + 1, j + k)) || at(i + 1, actual.length);
    if (j === actual.length) return false;
    return lineMatches(want, actual[j]!) && at(i + 1, j + 1);
  };
  return at(0, 0);
}

let scratch: string;
let dev: ChildProcess | null = null;
const all: Block[] = READMES.flatMap((readme) => blocks(readme, readFileSync(join(root, readme), "utf8")));
const environment = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(GONGKAI_|AWS_)/.test(name)),
);

async function startDev(): Promise<void> {
  if (dev) return;
  const started = spawn(process.execPath, [join(scratch, "bin", "gongkai.mjs"), "dev"], {
    cwd: scratch,
    env: environment,
  });
  dev = started;
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gongkai dev did not get ready:\n${output}`)), 60_000);
    started.stdout!.on("data", (chunk) => {
      output += chunk;
      if (/endpoints/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    started.stderr!.on("data", (chunk) => {
      output += chunk;
    });
  });
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "gongkai-readme-"));
  for (const entry of CHECKOUT) await symlink(join(root, entry), join(scratch, entry));
});

afterAll(async () => {
  if (dev) {
    const stopped = new Promise((resolve) => dev!.once("exit", resolve));
    dev.kill("SIGINT");
    await stopped;
  }
  await rm(scratch, { recursive: true, force: true });
});

describe("the READMEs' examples", () => {
  it("are marked: some blocks run, the list of departments is a file", () => {
    expect(all.filter((block) => block.marker.kind === "runnable").length).toBeGreaterThanOrEqual(3);
    expect(all.some((block) => block.marker.kind === "file")).toBe(true);
  });

  // In order: a file block is written before the blocks after it run.
  it.each(all.map((block) => [`${block.readme}:${block.line}`, block] as const))(
    "%s runs as written, with the output and exit code it shows",
    async (_where, block) => {
      if (block.marker.kind === "file") {
        await writeFile(join(scratch, block.marker.name), `${block.text}\n`);
        return;
      }
      if (block.marker.withDev) await startDev();
      for (const step of steps(block)) {
        const where = `${block.readme}:${block.line}: ${step.command}`;
        const run = spawnSync("bash", ["-c", step.command], {
          cwd: scratch,
          env: environment,
          encoding: "utf8",
        });
        expect(run.status, `${where}\n${run.stderr}`).toBe(step.exit);
        if (step.stdout.length === 0) continue;
        const actual = run.stdout
          .replace(/\n+$/, "")
          .split("\n")
          .map((line) => line.trimEnd());
        const expected = step.stdout.map((line) => line.trimEnd());
        expect(
          matches(expected, actual),
          `${where}\nexpected:\n${expected.join("\n")}\ngot:\n${actual.join("\n")}`,
        ).toBe(true);
      }
    },
    180_000,
  );
});

describe("the two READMEs", () => {
  it("deploy with the same command", async () => {
    // The command and its continuation lines, however far the block is indented.
    const deploy = (text: string) => {
      const lines = text.split("\n");
      const start = lines.findIndex((line) => line.trim().startsWith("npx cdk deploy"));
      if (start < 0) return undefined;
      let end = start;
      while (lines[end]!.trimEnd().endsWith("\\")) end++;
      return lines
        .slice(start, end + 1)
        .map((line) => line.trim())
        .join("\n");
    };
    const main = deploy(await readFile(join(root, "README.md"), "utf8"));
    expect(main).toBeDefined();
    expect(deploy(await readFile(join(root, "infra/README.md"), "utf8"))).toBe(main);
  });

  it("show lists of departments that `gongkai department sync` accepts", () => {
    const lists = all.filter((block) => block.marker.kind === "file" && block.language === "json");
    expect(lists.length).toBeGreaterThan(0);
    for (const block of lists) {
      const json = JSON.parse(block.text);
      expect(parseDepartmentList("departments.json", json).map((d) => d.id)).toEqual(
        json.map((d: { id: string }) => d.id),
      );
    }
  });
});
