import { readFile, stat } from "node:fs/promises";
import type { FindingCode } from "../../schemas/finding";
import type { Validation } from "../core/validate";
import { departmentId, reportYear } from "./arguments";
import { defineCommand, EXIT, type Failure, LANGUAGE, UsageError, VERBOSE } from "./command";

/** `gongkai validate`: exit 0 publishable (warnings allowed), 1 errors or not a workbook, 2 wrong usage. */
export const validate = defineCommand({
  name: "validate",
  purpose: "check a report (workbook, Word file, web page) against the format's rules",
  details:
    "Reads the file on this machine and touches no service: what it reports is what the department would be " +
    "mailed. A Word document or a web page is read from its tables, and places are named in its own terms " +
    "(第 2 个表格 第 6 行第 10 列). Exit 0 when the report can be published (warnings allowed), 1 when it cannot.",
  arguments: [
    {
      name: "file",
      description:
        "the report: a workbook (.xlsx, .xls), a Word document (.docx) or a saved page (.html, .mhtml)",
    },
  ],
  options: {
    department: {
      type: "string",
      value: "ID",
      description: "the department it is for (checks the department in the title)",
      parse: departmentId,
    },
    year: {
      type: "string",
      value: "YEAR",
      description: "the report's year (checks the format and the year in the title)",
      parse: reportYear,
    },
    ...LANGUAGE,
    ...VERBOSE,
  },
  examples: [
    { command: "gongkai validate report.xlsx --year 2024", does: "every problem, by sheet and cell" },
    { command: "gongkai validate report.xlsx --lang en --verbose", does: "in English, with rule codes" },
    {
      command: "gongkai validate 年度报告.docx --year 2024",
      does: "the report as the department wrote it in Word",
    },
    { command: "gongkai validate report.xlsx --year 2024 --json", does: "the findings and tables as JSON" },
  ],
  environment: ["NO_COLOR"],
  json: true,
  jsonFailure: validationFailure,
  async run({ args, options }, { term }) {
    const { file } = args;
    const bytes = await readWorkbookFile(file);
    const { validateUpload } = await import("../core/validate-upload");
    const result = await validateUpload(bytes, {
      ...(options.department ? { department: options.department } : {}),
      ...(options.year !== undefined ? { year: options.year } : {}),
    });
    term.emit(jsonOutcome(result));
    if (!term.json) {
      const { printValidation } = await import("./validate-report");
      printValidation(term, file, result, { lang: options.lang, verbose: Boolean(options.verbose) });
    }
    return result.ok ? EXIT.done : EXIT.refused;
  },
});

/** The bytes of the file, or as many as the limit plus one (the guard refuses them unread). */
async function readWorkbookFile(file: string): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`${file} is not a file`, "cli.not_a_file");
    size = info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}`, "cli.file_not_found");
  }
  const { DEFAULT_LIMITS } = await import("../core/workbook/limits");
  if (size > DEFAULT_LIMITS.maxBytes) return new Uint8Array(DEFAULT_LIMITS.maxBytes + 1);
  return readFile(file);
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

const CLI_CODES = new Set<string>(["cli.usage", "cli.file_not_found", "cli.not_a_file"]);

/** A usage failure in validate's own shape, as a finding, so a script reads `findings` in every case. */
async function validationFailure(failure: Failure): Promise<Record<string, unknown>> {
  const { finding, NOWHERE } = await import("../../schemas/finding");
  const { FINDING_CODES } = await import("../../schemas/finding-codes");
  // The command line speaks English; the Chinese text is the catalogue's, with the detail quoted after it.
  const message = (code: FindingCode) => ({
    zh: `${FINDING_CODES[code].what.zh}（${failure.message}）`,
    en: failure.message,
  });
  const findings = CLI_CODES.has(failure.code)
    ? [finding(failure.code as FindingCode, NOWHERE, message(failure.code as FindingCode))]
    : [];
  return { ok: false, format: null, year: null, department: null, findings, tables: null, diagnosis: null };
}
