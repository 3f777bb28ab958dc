import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type Finding, type FindingCode, finding as makeFinding, NOWHERE } from "../../schemas/finding";
import { formatById } from "../../schemas/formats";
import { diagnosisLines } from "../core/present/diagnosis";
import { type Validation, validateWorkbook } from "../core/validate";
import { DEFAULT_LIMITS } from "../core/workbook/limits";
import { DEPARTMENT_ID } from "../storage-layout";
import { type Terminal, UsageError } from "./terminal";

export const validateUsage = "gongkai validate <file> [--department ID] [--year N] [--json] [--lang zh|en]";

/** `gongkai validate`: exit 0 publishable (warnings allowed), 1 errors, 2 not a workbook or wrong arguments. */
export async function validateCommand(argv: string[], term: Terminal): Promise<number> {
  const json = argv.includes("--json");
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return refuse(term, json, "cli.usage", `${(error as Error).message}\nusage: ${validateUsage}`);
  }
  const { file, department, year, lang } = parsed;
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (!info.isFile()) return refuse(term, json, "cli.not_a_file", `${file} is not a file`);
    if (info.size > DEFAULT_LIMITS.maxBytes) {
      bytes = new Uint8Array(DEFAULT_LIMITS.maxBytes + 1);
    } else {
      bytes = await readFile(file);
    }
  } catch {
    return refuse(term, json, "cli.file_not_found", `cannot read ${file}`);
  }
  term.progress(`reading ${file} …`);
  const result = validateWorkbook(bytes, {
    ...(department ? { department } : {}),
    ...(year !== undefined ? { year } : {}),
  });
  if (json) {
    term.out(JSON.stringify(jsonOutcome(result)));
  } else {
    printReadable(term, file, result, lang);
  }
  return result.readable ? (result.ok ? 0 : 1) : 2;
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      department: { type: "string" },
      year: { type: "string" },
      json: { type: "boolean" },
      lang: { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new UsageError("expected exactly one file");
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) {
    throw new UsageError(`--year must be a year such as 2024, not ${values.year}`);
  }
  const lang = values.lang ?? "zh";
  if (lang !== "zh" && lang !== "en") throw new UsageError("--lang must be zh or en");
  if (values.department !== undefined && !DEPARTMENT_ID.test(values.department)) {
    throw new UsageError("--department must be an id of lowercase letters, digits and hyphens");
  }
  return { file: positionals[0]!, department: values.department, year, lang: lang as "zh" | "en" };
}

/** The one JSON object `--json` prints for every outcome. */
export function jsonOutcome(result: Validation) {
  return {
    ok: result.ok,
    format: result.format,
    year: result.year,
    department: result.department,
    findings: result.findings,
    tables: result.tables,
    diagnosis: result.diagnosis,
  };
}

function refuse(term: Terminal, json: boolean, rule: FindingCode, text: string): number {
  if (json) {
    const finding = makeFinding(rule, NOWHERE, { zh: text, en: text });
    term.out(
      JSON.stringify({
        ok: false,
        format: null,
        year: null,
        department: null,
        findings: [finding],
        tables: null,
        diagnosis: null,
      }),
    );
  } else {
    term.err(text);
  }
  return 2;
}

/** The diagnosis block, rendered by the core as the mail renders it (issue 11; kept apart for the CLI rewrite). */
function printDiagnosis(term: Terminal, result: Validation, lang: "zh" | "en") {
  if (!result.diagnosis || !result.format) return;
  const lines = diagnosisLines(result.diagnosis, formatById(result.format), lang);
  term.out(`  ${term.bold(lang === "zh" ? "诊断" : "Diagnosis")}`);
  for (const line of lines) term.out(`    ${line}`);
}

/** Linter-style: grouped by sheet, cell addresses first. */
function printReadable(term: Terminal, file: string, result: Validation, lang: "zh" | "en") {
  const header = [
    result.format ? `${result.format} format` : null,
    result.year ? `year ${result.year}` : null,
    result.department ? `department ${result.department}` : null,
  ].filter(Boolean);
  term.out(term.bold(file) + (header.length ? term.dim(`  (${header.join(", ")})`) : ""));
  printDiagnosis(term, result, lang);
  const groups = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const key = finding.sheet ?? (lang === "zh" ? "整个文件" : "whole file");
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  for (const [sheet, findings] of groups) {
    term.out(`  ${term.bold(sheet)}`);
    for (const finding of findings) {
      const message = finding.message[lang];
      const severity = finding.severity === "error" ? term.red("error  ") : term.yellow("warning");
      term.out(`    ${(finding.cell ?? "-").padEnd(6)} ${severity} ${message}  ${term.dim(finding.rule)}`);
    }
  }
  const errors = result.findings.filter((finding) => finding.severity === "error").length;
  const warnings = result.findings.length - errors;
  const summary =
    lang === "zh"
      ? `${errors} 处错误，${warnings} 处提醒`
      : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  if (result.ok) term.out(term.green(`✔ ${lang === "zh" ? "可以发布" : "can be published"} (${summary})`));
  else term.out(term.red(`✖ ${lang === "zh" ? "不能发布" : "cannot be published"} (${summary})`));
}
