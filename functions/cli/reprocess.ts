import { eventOf, replay } from "./replay";
import { closeTarget, target } from "./target";
import { type Terminal, UsageError } from "./terminal";

export const reprocessUsage = "gongkai reprocess <key>";

/**
 * Runs an upload through the pipeline again — after registering its department, say — in its original
 * place in the order: its latest event is replayed, never a new one, so it cannot overtake a newer upload.
 */
export async function reprocessCommand(argv: string[], term: Terminal): Promise<number> {
  const key = argv[0];
  if (!key?.startsWith("uploads/")) {
    throw new UsageError("give the upload's key, uploads/{department}/{year}/{file}");
  }
  const t = await target();
  try {
    const department = key.split("/")[1];
    const records = (await t.reports.listUploads(department)).filter((record) => record.key === key);
    const latest = records.sort((a, b) => (a.order < b.order ? 1 : -1))[0];
    if (!latest) {
      term.err(`no upload recorded under ${key}; see gongkai status`);
      return 1;
    }
    await t.reports.resetUpload(latest);
    const { failed } = await replay(t, [JSON.stringify({ Records: [eventOf(latest, t.uploadsBucket)] })]);
    const after = (await t.reports.listUploads(department)).find((record) => record.order === latest.order);
    term.out(
      t.kind === "aws"
        ? `queued ${key} again (its original event); see gongkai status`
        : `${after?.status ?? "received"}  ${key}${failed ? " (failed; see the log above)" : ""}`,
    );
    return failed ? 1 : 0;
  } finally {
    closeTarget(t);
  }
}
