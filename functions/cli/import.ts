import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { type CliEnvironment, DEFAULT_MAX_UPLOAD_BYTES, seasonFromEnv, TARGET_VARIABLES } from "../config";
import type { HistoryStatus } from "../ingest/import-history";
import { reportYear } from "./arguments";
import { defineCommand, EXIT, LANGUAGE, UsageError, VERBOSE } from "./command";
import { SystemFailure } from "./failure";
import { padded, safe } from "./terminal";

/**
 * `gongkai import <folder> --year Y`: back-fills a year's reports of many departments at once — saved
 * report pages, Word documents or workbooks — as history, so the cross-year rules work from the first
 * season. Each file's department is its folder or its name when that is a registered id, else the one
 * its title names; each file's outcome is reported.
 */

/** What a folder of saved reports may hold; anything else in it is listed as skipped. */
const REPORT_FILE = /\.(docx|html?|mhtml?|xlsx|xls|doc|wps)$/i;
/** Files read from one folder, at most: a year's reports of every department of a province. */
const MAX_FILES = 5000;
const MAX_DEPTH = 4;

/** Outcomes that leave the year as it should be. */
const FINE: ReadonlySet<HistoryStatus | "unknown_department"> = new Set(["published", "superseded", "kept"]);

const STATUS_TEXT: Record<"zh" | "en", Record<HistoryStatus | "unknown_department", string>> = {
  zh: {
    published: "已导入",
    superseded: "已导入",
    kept: "已有，未改",
    rejected: "未通过",
    unreadable: "无法读取",
    unregistered: "单位未登记",
    unroutable: "位置不对",
    missing: "文件缺失",
    received: "处理中",
    unknown_department: "不知单位",
  },
  en: {
    published: "imported",
    superseded: "imported",
    kept: "kept as is",
    rejected: "rejected",
    unreadable: "unreadable",
    unregistered: "unregistered",
    unroutable: "unroutable",
    missing: "missing",
    received: "pending",
    unknown_department: "no department",
  },
};

async function reportFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH) await walk(path, depth + 1);
      else if (entry.isFile() && REPORT_FILE.test(entry.name)) {
        if (found.length >= MAX_FILES)
          throw new UsageError(
            `${folder} holds more than ${MAX_FILES} report files: import a smaller folder`,
          );
        found.push(path);
      }
    }
  };
  await walk(folder, 0);
  return found;
}

export const importHistory = defineCommand({
  name: "import",
  purpose: "back-fill an earlier year's reports of many departments as history (operator)",
  details:
    "Reads every report in the folder (.docx, .html, .mhtml, .xlsx, .xls; a .doc is refused with how to save it " +
    "as .docx) and publishes each through the same path as an upload, with the department and year given: kept, " +
    "validated by the same rules, recorded (`gongkai status`), in the feed. A file's department is the folder it is " +
    "in or its name, when that is a registered id (2023/finance/report.html, finance.docx), else the department its " +
    "title names. No mail is sent; a year already published for a department is kept as it is. Import the oldest " +
    "year first: each year is checked against the one before. Exit 0 when every file was imported or kept, 1 when " +
    "one was not.",
  arguments: [
    {
      name: "folder",
      description: "the folder of saved reports (subfolders named by department id, or not)",
    },
  ],
  options: {
    year: {
      type: "string",
      value: "YEAR",
      required: true,
      parse: reportYear,
      description: "the year the reports are for",
    },
    ...LANGUAGE,
    ...VERBOSE,
  },
  examples: [
    { command: "gongkai import saved/2023 --year 2023", does: "every department's 2023 report, as history" },
    { command: "gongkai import saved/2023 --year 2023 --json", does: "each file's outcome as JSON" },
  ],
  environment: [...TARGET_VARIABLES, "GONGKAI_FEED_BUCKET", "GONGKAI_FEED_BASE_URL"],
  json: true,
  async run({ args, options }, { term, env }) {
    const folder = args.folder;
    try {
      if (!(await stat(folder)).isDirectory())
        throw new UsageError(`${folder} is not a folder`, "cli.not_a_file");
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot read ${folder}`, "cli.file_not_found");
    }
    const files = await reportFiles(folder);
    const { target } = await import("./target");
    const { importReport, departmentOf } = await import("../ingest/import-history");
    const { validateUpload } = await import("../core/validate-upload");
    const { tooLargeFinding } = await import("../ingest/upload-findings");
    const t = await target(env);
    const pipeline = t.ingest ? null : await awsPipeline(env);
    const ports = t.ingest ?? pipeline!.ports;
    try {
      const registered = await t.departments.list();
      const outcomes: {
        file: string;
        department: string | null;
        status: HistoryStatus | "unknown_department";
        key: string | null;
        findings: import("../../schemas/finding").Finding[];
      }[] = [];
      const progress = term.progress("importing", files.length);
      for (const path of files) {
        const file = relative(folder, path);
        const size = (await stat(path)).size;
        if (size > DEFAULT_MAX_UPLOAD_BYTES) {
          // Too large to read, as an upload would be; nothing to keep a copy of but the file itself.
          const findings = [tooLargeFinding(size, DEFAULT_MAX_UPLOAD_BYTES)];
          outcomes.push({ file, department: null, status: "unreadable", key: null, findings });
          progress.advance(file);
          continue;
        }
        const bytes = await readFile(path);
        const name = file.split(sep).at(-1)!;
        let department = departmentOf(file.split(sep), null, registered);
        if (!department) {
          const stated = (await validateUpload(bytes, { year: options.year })).stated.department;
          department = departmentOf(file.split(sep), stated, registered);
        }
        if (!department) {
          outcomes.push({ file, department: null, status: "unknown_department", key: null, findings: [] });
        } else {
          const outcome = await importReport(ports, {
            department: department.id,
            year: options.year,
            fileName: name,
            bytes,
          });
          outcomes.push({ file, department: department.id, ...outcome });
        }
        progress.advance(file);
      }
      progress.done();
      const ok = outcomes.every((outcome) => FINE.has(outcome.status));
      term.emit({ ok, target: t.kind, year: options.year, files: outcomes });
      const lang = options.lang;
      const { findingWithPlace } = await import("./report-text");
      const style = { lang, verbose: Boolean(options.verbose) };
      for (const outcome of outcomes) {
        const word = padded(STATUS_TEXT[lang][outcome.status], 10);
        const painted = FINE.has(outcome.status)
          ? outcome.status === "kept"
            ? term.yellow(word)
            : term.green(word)
          : term.red(word);
        term.out(
          safe`${painted} ${outcome.file}${outcome.department ? safe`  → ${outcome.department}` : ""}`,
        );
        for (const finding of outcome.findings.filter((item) => item.severity === "error").slice(0, 3))
          term.out(safe`  ${findingWithPlace(finding, term, style)}`);
        if (outcome.status === "unknown_department") {
          term.out(
            lang === "zh"
              ? "  无法确定单位：请把文件放进以单位编号命名的文件夹，或以单位编号命名文件。"
              : "  whose report it is cannot be told: put it in a folder named by the department's id, or name it so.",
          );
        }
      }
      if (files.length === 0)
        term.out(lang === "zh" ? `${folder} 中没有报告文件` : `no report files in ${folder}`);
      return ok ? EXIT.done : EXIT.refused;
    } finally {
      pipeline?.close();
      t.close();
    }
  },
});

/** On AWS the import runs the pipeline's use case here: it needs the feed bucket and its URL too. */
async function awsPipeline(env: CliEnvironment) {
  const { table, uploadsBucket, feedBucket, feedBaseUrl } = env;
  if (!table || !uploadsBucket || !feedBucket || !feedBaseUrl) {
    throw new SystemFailure(
      "importing on AWS needs GONGKAI_FEED_BUCKET and GONGKAI_FEED_BASE_URL beside GONGKAI_TABLE and GONGKAI_UPLOADS_BUCKET",
      "set them to the stateful stack's FeedBucketName and FeedBaseUrl outputs, or import into the local stack (`gongkai dev`)",
      "system.no_target",
    );
  }
  const { composePipeline } = await import("../compose");
  // An import sends no mail: the sender and operator addresses are never used.
  return composePipeline({
    table,
    uploadsBucket,
    feedBucket,
    feedBaseUrl,
    mailFrom: "",
    operatorEmail: "",
    maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
    season: seasonFromEnv(env.seasonVariables),
    aws: env.aws,
  });
}
