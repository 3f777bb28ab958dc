import { TARGET_VARIABLES } from "../config";
import { departmentId, reportYear } from "./arguments";
import { defineCommand, EXIT, LANGUAGE } from "./command";
import { safe } from "./terminal";

/** Every upload and its outcome, newest first; a published one replaced or withdrawn since says so. */
export const status = defineCommand({
  name: "status",
  purpose: "list uploads and their outcomes, newest first",
  options: {
    department: { type: "string", value: "ID", parse: departmentId, description: "only this department's" },
    year: { type: "string", value: "YEAR", parse: reportYear, description: "only this year's" },
    ...LANGUAGE,
  },
  examples: [
    { command: "gongkai status --department finance", does: "a department's uploads" },
    { command: "gongkai status --json", does: "every upload, with its findings, as JSON" },
  ],
  environment: TARGET_VARIABLES,
  json: true,
  async run({ options }, { term, env }) {
    const { target } = await import("./target");
    const t = await target(env);
    try {
      const records = (await t.uploads.list(options.department))
        .filter((upload) => options.year === undefined || upload.year === options.year)
        // Newest upload first, in the order S3 received them (a reprocessed old upload stays where it was).
        .sort((a, b) => (a.order === b.order ? 0 : a.order < b.order ? 1 : -1));
      // A published upload replaced or withdrawn since is said so, as the desk says it.
      const { asPublishedNow } = await import("./status-now");
      const uploads = await asPublishedNow(t.published, records);
      term.emit({ ok: true, target: t.kind, uploads });
      const { countsText, mailProblemText, statusWord, withdrawalText } = await import("./report-text");
      const zh = options.lang === "zh";
      if (uploads.length === 0) term.out(zh ? "还没有上传" : "no uploads yet");
      for (const upload of uploads) {
        term.out(
          safe`${(upload.uploadedAt || upload.processedAt).slice(0, 19)}  ${statusWord(upload.status, term, options.lang)} ${upload.department}  ${upload.year || "-"}  ${upload.key}  ${countsText(upload.findings, options.lang)}`,
        );
        if (upload.withdrawal) term.out(safe`  ${withdrawalText(upload.withdrawal, options.lang)}`);
        const mail = mailProblemText(upload, options.lang);
        if (mail) term.out(safe`  ${mail}`);
      }
    } finally {
      t.close();
    }
    return EXIT.done;
  },
});
