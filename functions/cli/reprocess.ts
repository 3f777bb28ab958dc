import type { CliEnvironment } from "../config";
import { claimedDepartment, OBJECT_PREFIX, UPLOAD_KEY_PATTERN } from "../storage-layout";
import { eventOf, replay } from "./replay";
import { target } from "./target";
import { type Terminal, UsageError } from "./terminal";

export const reprocessUsage = "gongkai reprocess <key>";

/**
 * Runs an upload through the pipeline again — after registering its department, say — in its original
 * place in the order: its latest event is replayed, never a new one, so it cannot overtake a newer upload.
 */
export async function reprocessCommand(argv: string[], term: Terminal, env: CliEnvironment): Promise<number> {
  const key = argv[0];
  if (!key?.startsWith(OBJECT_PREFIX.uploads)) {
    throw new UsageError(`give the upload's key, ${UPLOAD_KEY_PATTERN}`);
  }
  const t = await target(env);
  try {
    const department = claimedDepartment(key);
    const records = (await t.uploads.list(department)).filter((record) => record.key === key);
    const latest = records.sort((a, b) => (a.order < b.order ? 1 : -1))[0];
    if (!latest) {
      term.err(`no upload recorded under ${key}; see gongkai status`);
      return 1;
    }
    await t.uploads.reset(latest);
    const { failed } = await replay(t, [
      JSON.stringify({ Records: [eventOf(latest, t.uploadsBucket, env.region)] }),
    ]);
    const after = (await t.uploads.list(department)).find((record) => record.order === latest.order);
    term.out(
      t.kind === "aws"
        ? `queued ${key} again (its original event); see gongkai status`
        : `${after?.status ?? "received"}  ${key}${failed ? " (failed; see the log above)" : ""}`,
    );
    return failed ? 1 : 0;
  } finally {
    t.close();
  }
}
