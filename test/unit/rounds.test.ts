import { describe, expect, it } from "vitest";
import { seasonFromEnv } from "../../functions/config";
import {
  addDays,
  beijingDay,
  DEFAULT_SEASON,
  deadlineOf,
  reminderRounds,
  roundAt,
  seasonDueOn,
  validMonthDay,
} from "../../functions/core/season/rounds";

/** The season's calendar: the deadline, the reminder rounds, which round a day belongs to. */

describe("the season's calendar", () => {
  it("puts a year's deadline on 31 January of the next year, and the rounds 14 and 3 days before and the day after", () => {
    expect(deadlineOf(2024, DEFAULT_SEASON)).toBe("2025-01-31");
    expect(reminderRounds(2024, DEFAULT_SEASON)).toEqual([
      { id: "d-14", day: "2025-01-17", late: false },
      { id: "d-3", day: "2025-01-28", late: false },
      { id: "d+1", day: "2025-02-01", late: true },
    ]);
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  it("reads days in Beijing time", () => {
    expect(beijingDay(new Date("2025-01-16T16:30:00Z"))).toBe("2025-01-17");
    expect(beijingDay(new Date("2025-01-16T15:30:00Z"))).toBe("2025-01-16");
  });

  it("counts a reminder in the latest round whose day has come, and an early one in the first", () => {
    expect(roundAt(2024, DEFAULT_SEASON, new Date("2025-01-20T02:00:00Z"))?.id).toBe("d-14");
    expect(roundAt(2024, DEFAULT_SEASON, new Date("2025-01-29T02:00:00Z"))?.id).toBe("d-3");
    expect(roundAt(2024, DEFAULT_SEASON, new Date("2025-03-01T02:00:00Z"))?.id).toBe("d+1");
    expect(roundAt(2024, DEFAULT_SEASON, new Date("2024-12-01T02:00:00Z"))?.id).toBe("d-14");
  });

  it("tells a scheduled run which year's round is due, a day either way", () => {
    expect(seasonDueOn(new Date("2025-01-17T01:00:00Z"), DEFAULT_SEASON)).toEqual({
      year: 2024,
      round: { id: "d-14", day: "2025-01-17", late: false },
    });
    expect(seasonDueOn(new Date("2025-02-02T01:00:00Z"), DEFAULT_SEASON, "d+1")?.year).toBe(2024);
    expect(seasonDueOn(new Date("2025-06-01T01:00:00Z"), DEFAULT_SEASON)).toBeNull();
  });

  it("is configured by the environment, refusing a day that is not one", () => {
    expect(seasonFromEnv({})).toEqual(DEFAULT_SEASON);
    expect(seasonFromEnv({ GONGKAI_DEADLINE: "03-31", GONGKAI_REMINDER_DAYS: "-7, 2" })).toEqual({
      deadline: "03-31",
      reminderDays: [-7, 2],
    });
    expect(() => seasonFromEnv({ GONGKAI_DEADLINE: "13-01" })).toThrow(/GONGKAI_DEADLINE/);
    expect(() => seasonFromEnv({ GONGKAI_REMINDER_DAYS: "0" })).toThrow(/GONGKAI_REMINDER_DAYS/);
    expect(validMonthDay("02-29")).toBe(false);
    expect(validMonthDay("04-31")).toBe(false);
  });
});
