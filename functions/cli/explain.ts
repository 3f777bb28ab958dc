import { SEASON_VARIABLES } from "../config";
import { departmentId, reportYear } from "./arguments";
import { defineCommand, EXIT } from "./command";
import { safe } from "./terminal";

/** `gongkai explain`: a department's explanation of a warning of its published report. */
export const explain = defineCommand({
  name: "explain",
  purpose: "publish a department's explanation beside a warning of its report (it changes no number)",
  arguments: [
    { name: "department", description: "the department's id" },
    { name: "year", description: "the report year" },
    { name: "rule", description: "the warning's code (cross_year.carried_over)" },
    { name: "cell", description: "the warning's cell as the mail names it (F8), its code, or - for none" },
  ],
  options: {
    text: { type: "string", value: "TEXT", required: true, description: "the explanation" },
  },
  examples: [
    {
      command: 'gongkai explain finance 2024 cross_year.carried_over F8 --text "上年结转口径调整"',
      does: "explains a cross-year difference",
    },
  ],
  environment: SEASON_VARIABLES,
  json: true,
  async run({ args, options }, { term, env }) {
    const department = departmentId(args.department);
    const year = reportYear(args.year);
    const { onSeason, refused } = await import("./season-target");
    const { explainWarning } = await import("../season/explain");
    return onSeason(env, async (season, t) => {
      const outcome = await explainWarning(season, {
        department,
        year,
        rule: args.rule,
        cell: args.cell,
        text: options.text,
      });
      if (!outcome.ok) {
        throw refused(outcome, {
          unknown_department: `no department ${department} is registered`,
          not_published: `${department} has no published report for ${year}`,
          no_such_warning: `the report has no warning ${args.rule} at ${args.cell}`,
          empty_text: "the explanation is empty",
          text_too_long: "the explanation is too long",
          report_changed: "the report changed while explaining: try again",
        });
      }
      term.emit({ ok: true, target: t.kind, explanation: outcome });
      term.out(
        safe`explained ${outcome.rule} at ${outcome.cell ?? "-"} of ${department} ${year}; published beside the warning`,
      );
      return EXIT.done;
    });
  },
});
