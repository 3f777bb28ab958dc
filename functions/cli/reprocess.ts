import { TARGET_VARIABLES } from "../config";
import { OBJECT_PREFIX, UPLOAD_KEY_PATTERN } from "../storage-layout";
import { defineCommand, EXIT, InputRefused, LANGUAGE, UsageError, VERBOSE } from "./command";
import { safe } from "./terminal";

/**
 * Runs an upload through the pipeline again — after registering its department, say — in its original
 * place in the order: its latest event is replayed, never a new one, and the intake re-reads the object
 * from S3 (its version and Last-Modified decide the order), so it cannot overtake a newer upload.
 */
export const reprocess = defineCommand({
  name: "reprocess",
  purpose: "run an upload through the pipeline again, in its place in the order",
  details:
    "The intake re-reads the object from S3. Locally the outcome is printed (exit 0 published, 1 not); on AWS " +
    "the upload's event is queued again (GONGKAI_QUEUE_URL, with the operator role's credentials: the queue " +
    "takes messages only from the uploads bucket and the operator) and `gongkai status` shows the outcome.",
  arguments: [{ name: "key", description: `the upload's key, ${UPLOAD_KEY_PATTERN}` }],
  options: { ...LANGUAGE, ...VERBOSE },
  examples: [
    { command: "gongkai reprocess uploads/finance/2024/report.xlsx", does: "after registering finance" },
  ],
  environment: [...TARGET_VARIABLES, "GONGKAI_QUEUE_URL"],
  json: true,
  async run({ args, options }, { term, env }) {
    const { key } = args;
    if (!key.startsWith(OBJECT_PREFIX.uploads))
      throw new UsageError(`give the upload's key, ${UPLOAD_KEY_PATTERN}`);
    const { target } = await import("./target");
    const { eventOf, replay } = await import("./replay");
    const { claimedDepartment } = await import("../storage-layout");
    const t = await target(env);
    try {
      const department = claimedDepartment(key);
      const records = (await t.uploads.list(department)).filter((record) => record.key === key);
      const latest = records.sort((a, b) => (a.order < b.order ? 1 : -1))[0];
      if (!latest)
        throw new InputRefused(
          `no upload recorded under ${key}; \`gongkai status\` lists them`,
          "cli.no_such_upload",
        );
      await t.uploads.reset(latest);
      const { failed } = await replay(t, [
        JSON.stringify({ Records: [eventOf(latest, t.uploadsBucket, env.region)] }),
      ]);
      if (t.kind === "aws") {
        term.emit({ ok: true, target: t.kind, key, queued: true });
        term.out(safe`queued ${key} again (its original event); \`gongkai status\` shows the outcome`);
        return EXIT.done;
      }
      const after = (await t.uploads.list(department)).find((record) => record.order === latest.order);
      const published = after?.status === "published";
      term.emit({ ok: published, target: t.kind, key, upload: after ?? null });
      const { printOutcome } = await import("./report-text");
      if (after) printOutcome(term, after, null, { lang: options.lang, verbose: Boolean(options.verbose) });
      if (failed) term.err("the pipeline failed on it again: see the log above");
      if (failed) return EXIT.failed;
      return published || after?.status === "superseded" ? EXIT.done : EXIT.refused;
    } finally {
      t.close();
    }
  },
});
