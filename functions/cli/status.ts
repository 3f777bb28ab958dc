import { parseArgs } from "node:util";
import type { CliEnvironment } from "../config";
import { target } from "./target";
import type { Terminal } from "./terminal";

export const statusUsage = "gongkai status [--department ID]";

/** Every upload and its outcome, newest first. */
export async function statusCommand(argv: string[], term: Terminal, env: CliEnvironment): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { department: { type: "string" } } });
  const t = await target(env);
  try {
    const uploads = (await t.uploads.list(values.department)).sort((a, b) =>
      a.processedAt < b.processedAt ? 1 : -1,
    );
    if (uploads.length === 0) term.out("no uploads yet");
    for (const upload of uploads) {
      const errors = upload.findings.filter((f) => f.severity === "error").length;
      const warnings = upload.findings.length - errors;
      term.out(
        [
          upload.processedAt.slice(0, 19),
          upload.status.padEnd(12),
          upload.department,
          upload.year || "-",
          upload.key,
          `${errors}E ${warnings}W`,
        ].join("  "),
      );
    }
  } finally {
    t.close();
  }
  return 0;
}
