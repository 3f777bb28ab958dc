import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { CliEnvironment } from "../config";
import { feedPaths } from "../core/feed";
import type { UploadRecord } from "../ingest/ports";
import { uploadKey } from "../storage-layout";
import { target } from "./target";
import { type Terminal, UsageError } from "./terminal";

export const uploadUsage = "gongkai upload <file> --department ID --year N [--timeout SECONDS]";

/** Uploads through S3 like a department would, then waits for the outcome: exit 0 published, 1 not. */
export async function uploadCommand(argv: string[], term: Terminal, env: CliEnvironment): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { department: { type: "string" }, year: { type: "string" }, timeout: { type: "string" } },
  });
  const file = positionals[0];
  const year = Number(values.year);
  if (!file || !values.department || !Number.isInteger(year))
    throw new UsageError("a file, --department and --year are required");
  const key = uploadKey(values.department, year, basename(file));
  const t = await target(env);
  try {
    const started = new Date().toISOString();
    await t.s3.send(new PutObjectCommand({ Bucket: t.uploadsBucket, Key: key, Body: await readFile(file) }));
    term.progress(`uploaded s3://${t.uploadsBucket}/${key}; waiting for the outcome …`);
    const deadline = Date.now() + Number(values.timeout ?? 60) * 1000;
    while (Date.now() < deadline) {
      const record = (await t.uploads.list(values.department))
        .filter(
          (item) =>
            item.key === key && item.processedAt >= started.slice(0, 19) && item.status !== "received",
        )
        .sort((a, b) => (a.order < b.order ? 1 : -1))[0];
      if (record) {
        printOutcome(term, record, t.feedUrl);
        return record.status === "published" ? 0 : 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    term.err(`no outcome for ${key} yet: is the pipeline running (gongkai dev)? See gongkai status.`);
    return 1;
  } finally {
    t.close();
  }
}

export function printOutcome(term: Terminal, record: UploadRecord, feedUrl: string | null) {
  const colour =
    record.status === "published" ? term.green : record.status === "superseded" ? term.yellow : term.red;
  term.out(`${colour(record.status)}  ${record.key}`);
  for (const finding of record.findings) {
    const where = finding.sheet ? `${finding.sheet}!${finding.cell ?? ""}` : "-";
    const severity = finding.severity === "error" ? term.red("error  ") : term.yellow("warning");
    const message = finding.message.zh.startsWith(`${where}：`)
      ? finding.message.zh.slice(where.length + 1)
      : finding.message.zh;
    term.out(`  ${severity} ${where.padEnd(18)} ${message}`);
  }
  if (record.status === "published" && feedUrl) {
    term.out(`  ${feedUrl}/${feedPaths.report(record.year, record.department)}`);
  }
}
