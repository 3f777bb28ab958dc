import { describe, expect, it } from "vitest";
import type { ReminderOutcome } from "../../functions/season/remind";
import { MAX_RUNS_PER_ROUND, nextRun } from "../../functions/season/remind-runs";

const due = { year: 2024, round: "d-3" };
const outcomes = (...results: ReminderOutcome["result"][]): ReminderOutcome[] =>
  results.map((result, i) => ({
    department: `d${i}`,
    name: `d${i}`,
    status: "not_received",
    to: [],
    result,
  }));

describe("nextRun", () => {
  it("ends the chain when the round is complete, failures or not (the run's own retries take those)", () => {
    expect(nextRun(due, 0, { complete: true, reminders: outcomes("sent", "failed") })).toEqual({
      kind: "done",
    });
    expect(nextRun(due, 7, { complete: true, reminders: [] })).toEqual({ kind: "done" });
  });

  it("hands an incomplete round on with the same year and round and the next run number", () => {
    expect(nextRun(due, 0, { complete: false, reminders: outcomes("already", "sent", "failed") })).toEqual({
      kind: "continue",
      event: { year: 2024, round: "d-3", run: 1 },
    });
    expect(nextRun(due, 4, { complete: false, reminders: outcomes("refused") })).toMatchObject({
      kind: "continue",
      event: { run: 5 },
    });
  });

  it("stops a run that reminded nobody, however many it skipped or failed to send", () => {
    const next = nextRun(due, 2, { complete: false, reminders: outcomes("already", "failed", "no_address") });
    expect(next).toMatchObject({ kind: "stuck" });
    expect(next.kind === "stuck" && next.why).toMatch(
      /run 2 of round d-3 of 2024 reminded nobody .*1 failed/,
    );
  });

  it("stops the last run a round may take, even one that made progress", () => {
    const next = nextRun(due, MAX_RUNS_PER_ROUND - 1, { complete: false, reminders: outcomes("sent") });
    expect(next).toMatchObject({ kind: "stuck" });
    expect(next.kind === "stuck" && next.why).toMatch(
      /not complete after 48 runs.*gongkai remind --year 2024/,
    );
    expect(nextRun(due, MAX_RUNS_PER_ROUND - 2, { complete: false, reminders: outcomes("sent") }).kind).toBe(
      "continue",
    );
  });
});
