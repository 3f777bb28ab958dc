import { SEASON_VARIABLES } from "../config";
import { reportYear } from "./arguments";
import { defineCommand, EXIT, UsageError } from "./command";
import { joined, safe } from "./terminal";

/** `gongkai remind`: one round of reminders to the departments that still owe their report. */
export const remind = defineCommand({
  name: "remind",
  purpose: "remind every department that still owes its report (rejected, or nothing received), once a round",
  details:
    "Mails each such department, at its registered addresses only, what is missing and the deadline. The " +
    "round is the latest scheduled one whose day has come (d-14, d-3, d+1 by default; the first before " +
    "any); each department gets at most one reminder a round, so running it again sends nothing. On the " +
    "round after the deadline the operator gets the list of who is late. On AWS the reminder function " +
    "runs the same code on each round's day.",
  options: {
    year: {
      type: "string",
      value: "YEAR",
      parse: reportYear,
      required: true,
      description: "the report year",
    },
    round: {
      type: "string",
      value: "ROUND",
      description: "the round (d-14, d-3, d+1 …): default the one due",
    },
    dryRun: { type: "boolean", description: "print who would get what, and send nothing" },
  },
  examples: [
    { command: "gongkai remind --year 2024 --dry-run", does: "who would be reminded" },
    { command: "gongkai remind --year 2024", does: "this round's reminders" },
  ],
  environment: SEASON_VARIABLES,
  json: true,
  async run({ options }, { term, env }) {
    const { onSeason, refused } = await import("./season-target");
    const { remind: remindAll } = await import("../season/remind");
    return onSeason(env, async (season, t) => {
      const report = await remindAll(season, {
        year: options.year,
        dryRun: Boolean(options.dryRun),
        ...(options.round ? { round: options.round } : {}),
      });
      // A round the season does not have is a wrong argument (exit 2), not refused input.
      if (!report.ok && report.problem === "unknown_round")
        throw new UsageError(`no round ${options.round}: the rounds are d-14, d-3, d+1 by default`);
      if (!report.ok) {
        throw refused(report, { no_round: "no reminder round" });
      }
      const { ok: _ok, ...shown } = report;
      term.emit({ ok: true, target: t.kind, ...shown });
      term.out(
        safe`${report.year}, round ${report.round.id} (${report.round.day}), deadline ${report.deadline}${report.dryRun ? " — dry run" : ""}`,
      );
      for (const r of report.reminders) {
        term.out(
          safe`  ${r.result.padEnd(10)} ${r.department}  ${r.status}  ${joined(r.to, ", ")}${r.detail ? safe`  ${r.detail}` : ""}`,
        );
      }
      const count = (result: string) => report.reminders.filter((r) => r.result === result).length;
      term.out(
        safe`${count(report.dryRun ? "would_send" : "sent")} ${report.dryRun ? "would be sent" : "sent"}, ${count("already")} reminded before, ${count("no_address")} without an address, ${count("refused")} refused, ${count("failed")} failed`,
      );
      if (report.operator)
        term.out(
          safe`operator ${report.operator.to}: ${report.operator.late} late, ${report.operator.result}`,
        );
      return count("failed") > 0 ? EXIT.failed : EXIT.done;
    });
  },
});
