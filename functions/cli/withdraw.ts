import { SEASON_VARIABLES } from "../config";
import { departmentId, reportYear } from "./arguments";
import { defineCommand, EXIT } from "./command";
import { safe } from "./terminal";

/** `gongkai withdraw`: the operator takes a published report out of everything published. */
export const withdraw = defineCommand({
  name: "withdraw",
  purpose: "withdraw a published report from every document and sum (operator only), with the reason",
  details:
    "The report leaves the year's and every region's sums and listings, its document is removed, and the " +
    "department's document records the reason. A later upload publishes again.",
  arguments: [
    { name: "department", description: "the department's id" },
    { name: "year", description: "the report year" },
  ],
  options: {
    reason: {
      type: "string",
      value: "TEXT",
      required: true,
      description: "why, as the department's document says",
    },
  },
  examples: [
    {
      command: 'gongkai withdraw finance 2024 --reason "报送单位申请撤回"',
      does: "withdraws finance's 2024 report",
    },
  ],
  environment: SEASON_VARIABLES,
  json: true,
  async run({ args, options }, { term, env }) {
    const department = departmentId(args.department);
    const year = reportYear(args.year);
    const { onSeason, refused } = await import("./season-target");
    const { withdrawReport } = await import("../season/withdraw");
    return onSeason(env, async (season, t) => {
      const outcome = await withdrawReport(season, { department, year, reason: options.reason });
      if (!outcome.ok) {
        throw refused(outcome, {
          unknown_department: `no department ${department} is registered`,
          not_published: `${department} has no published report for ${year}`,
          empty_reason: "give the reason",
          reason_too_long: "the reason is too long",
          overtaken: `a later upload of ${department} was published meanwhile; it stands`,
        });
      }
      term.emit({ ok: true, target: t.kind, withdrawn: outcome });
      term.out(safe`withdrew ${department} ${year} from every document and sum`);
      return EXIT.done;
    });
  },
});
