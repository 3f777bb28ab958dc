import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * `gongkai --help` (and every parse error) loads main.ts, the program and every command's declaration:
 * none of them may load the AWS SDK, SheetJS, zod or the local servers at the top (seconds, not a
 * moment). Followed here through the static imports a module runs (`import type` runs nothing).
 */

const HEAVY = [/^@aws-sdk\//, /^xlsx$/, /^zod/, /^s3rver$/, /^dynalite$/, /^aws-ses-v2-local$/];
const IMPORT = /^import\s+(?!type\b)[^;]*?from\s+"([^"]+)";/gms;

function resolveModule(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const base = resolve(dirname(from), specifier);
  for (const file of [base, `${base}.ts`, join(base, "index.ts")])
    if (existsSync(file) && file.endsWith(".ts")) return file;
  return null;
}

function heavyImports(entry: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(IMPORT)) {
      if (HEAVY.some((pattern) => pattern.test(specifier!))) found.push(`${file} imports ${specifier}`);
      const next = resolveModule(file, specifier!);
      if (next) visit(next);
    }
  };
  visit(entry);
  return found;
}

describe("the command declarations", () => {
  it("load no AWS SDK, SheetJS, zod or local server when gongkai starts", () => {
    const main = join(import.meta.dirname, "..", "..", "..", "functions", "cli", "main.ts");
    expect(heavyImports(main)).toEqual([]);
    // The check sees through: what a command runs on is heavy, and found.
    expect(heavyImports(join(main, "..", "target.ts")).length).toBeGreaterThan(0);
  });
});
