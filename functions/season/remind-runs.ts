import type { RemindReport } from "./remind";

/**
 * A reminder round over several runs of the reminder function. One run has 15 minutes; a round at
 * country scale owes hours of mail at SES's sending rate. So a run stops while it still has time
 * (`RUN_RESERVE_MS`), and hands the rest of the round to a new run of the same function, with the same
 * year and round and a run number one higher. The chain is bounded: a run that reminded nobody (every
 * send failing, say) or the last run allowed stops and fails, which alarms the operator, instead of handing
 * on forever.
 */

/** The reminder function's event: the schedule's `{round}`, a run by hand's `{round, year}`, a continuation's. */
export interface ReminderEvent {
  round?: string;
  /** Normally the year whose round is due today; set to run a round of another year by hand. */
  year?: number;
  /** How many runs of this round came before this one (0, or absent: the scheduled run). */
  run?: number;
}

/**
 * Kept free before each batch of reminders: a roster page's read and a batch's claims, reads and mails,
 * with room for one request that waits out the SDK's timeouts. A run that overshot it would time out
 * mid-batch, losing the reminders claimed but not yet sent.
 */
export const RUN_RESERVE_MS = 90_000;

/** The runs one round may take: 48 × 15 min is 12 h; 200,000 mails at SES's default 14 a second take 4 h. */
export const MAX_RUNS_PER_ROUND = 48;

/** What follows a run: nothing (the round is complete), a continuation, or a stop that must alarm. */
export type NextRun =
  | { kind: "done" }
  | { kind: "continue"; event: Required<ReminderEvent> }
  | { kind: "stuck"; why: string };

/** What follows run `run` of a round, from what it did. */
export function nextRun(
  due: { year: number; round: string },
  run: number,
  report: Pick<RemindReport, "complete" | "reminders">,
): NextRun {
  if (report.complete) return { kind: "done" };
  const progress = report.reminders.filter((r) => r.result === "sent" || r.result === "refused").length;
  const failed = report.reminders.filter((r) => r.result === "failed").length;
  const again = `run it again by hand (gongkai remind --year ${due.year} --round ${due.round}) once the cause is fixed`;
  if (progress === 0) {
    return {
      kind: "stuck",
      why: `run ${run} of round ${due.round} of ${due.year} reminded nobody before its time ran out (${failed} failed): ${again}`,
    };
  }
  if (run + 1 >= MAX_RUNS_PER_ROUND) {
    return {
      kind: "stuck",
      why: `round ${due.round} of ${due.year} is not complete after ${MAX_RUNS_PER_ROUND} runs: ${again}`,
    };
  }
  return { kind: "continue", event: { year: due.year, round: due.round, run: run + 1 } };
}
