import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { TARGET_VARIABLES } from "../config";
import type { UploadRecord, UploadStatus } from "../ingest/ports";
import { departmentId, reportYear, seconds } from "./arguments";
import { defineCommand, EXIT, LANGUAGE, UsageError, VERBOSE } from "./command";
import { SystemFailure } from "./failure";
import type { Target } from "./target";
import type { Terminal } from "./terminal";

/** Outcomes that refuse the input (exit 1); `published` and `superseded` are not refusals. */
const REFUSED: ReadonlySet<UploadStatus> = new Set([
  "rejected",
  "unreadable",
  "unregistered",
  "unroutable",
  "missing",
]);

const POLL_MS = 250;

/** Uploads through S3 as a department would, then waits for each outcome. */
export const upload = defineCommand({
  name: "upload",
  purpose: "upload workbooks as a department would, and wait for their outcomes",
  details:
    "Each file becomes uploads/{department}/{year}/{file name}; several files are uploaded in the order given. " +
    "Exit 0 when every one was published (or superseded by a newer one), 1 when one was not, 3 when no " +
    "outcome came in time. On AWS only a department's uploader role may put objects under uploads/.",
  arguments: [{ name: "file", variadic: true, description: "the workbooks" }],
  options: {
    department: {
      type: "string",
      value: "ID",
      required: true,
      parse: departmentId,
      description: "the department uploading",
    },
    year: {
      type: "string",
      value: "YEAR",
      required: true,
      parse: reportYear,
      description: "the report's year",
    },
    timeout: {
      type: "string",
      value: "SECONDS",
      default: "60",
      parse: seconds,
      description: "how long to wait for the outcomes",
    },
    ...LANGUAGE,
    ...VERBOSE,
  },
  examples: [
    {
      command: "gongkai upload report.xlsx --department finance --year 2024",
      does: "published, or every problem found",
    },
    {
      command: "gongkai upload reports/*.xlsx --department finance --year 2024 --json",
      does: "several, their outcomes as JSON",
    },
  ],
  environment: [...TARGET_VARIABLES, "GONGKAI_FEED_BASE_URL"],
  json: true,
  async run({ args, options }, { term, env }) {
    const files = args.file;
    const keys = new Map<string, string>();
    const { uploadKey } = await import("../storage-layout");
    for (const file of files) {
      const key = uploadKey(options.department, options.year, basename(file));
      if ([...keys.values()].includes(key))
        throw new UsageError(`two files would both be uploaded as ${key}`);
      keys.set(file, key);
    }
    const bodies = new Map<string, Uint8Array>();
    for (const file of files) {
      try {
        bodies.set(file, await readFile(file));
      } catch {
        throw new UsageError(`cannot read ${file}`, "cli.file_not_found");
      }
    }
    const { target } = await import("./target");
    const { PutObjectCommand } = await import("@aws-sdk/client-s3");
    const t = await target(env);
    try {
      const started = new Date().toISOString().slice(0, 19);
      const sending = term.progress("uploading", files.length);
      for (const file of files) {
        const key = keys.get(file)!;
        await t.s3.send(new PutObjectCommand({ Bucket: t.uploadsBucket, Key: key, Body: bodies.get(file)! }));
        sending.advance(basename(file));
      }
      sending.done();
      if (files.length === 1)
        term.note(`uploaded s3://${t.uploadsBucket}/${keys.get(files[0]!)}; waiting for the outcome …`);
      const outcomes = await waitForOutcomes(
        t,
        options.department,
        [...keys.values()],
        started,
        options.timeout,
        term,
      );
      const records = [...keys.values()]
        .map((key) => outcomes.get(key))
        .filter((record) => record !== undefined);
      const { feedPaths } = await import("../core/feed");
      const reportUrl = (record: UploadRecord) =>
        t.feedUrl && record.status === "published"
          ? `${t.feedUrl}/${feedPaths.report(record.year, record.department)}`
          : null;
      const pending = [...keys.values()].filter((key) => !outcomes.has(key));
      const ok = pending.length === 0 && records.every((record) => !REFUSED.has(record.status));
      term.emit({
        ok,
        target: t.kind,
        uploads: records.map((record) => ({ ...record, report: reportUrl(record) })),
        pending,
      });
      const { printOutcome } = await import("./report-text");
      const style = { lang: options.lang, verbose: Boolean(options.verbose) };
      for (const record of records) printOutcome(term, record, reportUrl(record), style);
      if (pending.length > 0) {
        throw new SystemFailure(
          `no outcome in ${options.timeout} s for ${pending.join(", ")}`,
          t.kind === "local"
            ? "is `gongkai dev` running? `gongkai status` shows the outcome once there is one"
            : "the ingest function may be failing (its logs, the dead-letter alarm); `gongkai status` shows the outcome once there is one",
          "system.no_outcome",
        );
      }
      return ok ? EXIT.done : EXIT.refused;
    } finally {
      t.close();
    }
  },
});

/** The latest outcome of each key since `started`, as they come in; stops at the deadline. */
async function waitForOutcomes(
  t: Target,
  department: string,
  keys: string[],
  started: string,
  timeoutSeconds: number,
  term: Terminal,
): Promise<Map<string, UploadRecord>> {
  const outcomes = new Map<string, UploadRecord>();
  const waiting = term.progress("processing", keys.length);
  const deadline = Date.now() + timeoutSeconds * 1000;
  try {
    while (outcomes.size < keys.length && Date.now() < deadline) {
      const records = await t.uploads.list(department);
      for (const key of keys) {
        if (outcomes.has(key)) continue;
        const latest = records
          .filter((item) => item.key === key && item.processedAt >= started && item.status !== "received")
          .sort((a, b) => (a.order < b.order ? 1 : -1))[0];
        if (latest) {
          outcomes.set(key, latest);
          waiting.advance(basename(key));
        }
      }
      if (outcomes.size < keys.length) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    waiting.done();
  }
  return outcomes;
}
