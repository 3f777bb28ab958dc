import { CLI_VARIABLES, type CliVariable } from "../config";
import { defineCommand, EXIT } from "./command";
import { padded, safe } from "./terminal";

/** `gongkai doctor`: whether what the commands need is there, and how to fix what is not. */
export const doctor = defineCommand({
  name: "doctor",
  purpose: "check what the commands need, and say how to fix what is missing",
  details:
    "Asks each service itself: the local stack's servers (from $GONGKAI_HOME/endpoints.json), or on AWS " +
    "(GONGKAI_TABLE set) the table, the buckets and the queues, with the credentials in use. Exit 0 when " +
    "nothing failed (warnings allowed), 3 when something did.",
  examples: [
    { command: "gongkai doctor", does: "every check, with a fix for each that failed" },
    { command: "GONGKAI_TABLE=gongkai-prod-table gongkai doctor --json", does: "the AWS stacks, as JSON" },
  ],
  environment: [...(Object.keys(CLI_VARIABLES) as CliVariable[]).filter((name) => name !== "NO_COLOR")],
  json: true,
  async run(_input, { term, env }) {
    const { diagnose } = await import("./doctor-checks");
    term.note("checking …");
    const { target, checks } = await diagnose(env);
    const healthy = checks.every((check) => check.level !== "fail");
    term.emit({ ok: healthy, target, checks });
    const mark = { ok: term.green("✔"), warn: term.yellow("!"), fail: term.red("✖") };
    for (const check of checks) {
      term.out(safe`${mark[check.level]} ${padded(check.name, 13)}${check.detail}`);
      if (check.fix && check.level !== "ok") term.out(safe`  ${padded("", 13)}→ ${check.fix}`);
    }
    return healthy ? EXIT.done : EXIT.failed;
  },
});
