/**
 * The season's calendar: a year's reports are due by a deadline in the following year (31 January by
 * default, 《条例》第五十条), and reminders go out in rounds at set days around it (by default 14 and 3
 * days before, and the day after). Dates are days in Beijing time (UTC+8), as departments read them.
 */

export interface SeasonSettings {
  /** `MM-DD` of the year after the report year. */
  deadline: string;
  /** The reminder rounds, in days from the deadline (negative: before). */
  reminderDays: readonly number[];
}

export const DEFAULT_SEASON: SeasonSettings = { deadline: "01-31", reminderDays: [-14, -3, 1] };

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Whether `MM-DD` is a day of the calendar (29 February is refused: not every year has one). */
export function validMonthDay(text: string): boolean {
  if (!MONTH_DAY.test(text) || text === "02-29") return false;
  const [month, day] = text.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(2001, month - 1, day)).getUTCMonth() === month - 1;
}

/** The deadline of a report year: `YYYY-MM-DD` of the following year. */
export function deadlineOf(year: number, settings: SeasonSettings): string {
  return `${year + 1}-${settings.deadline}`;
}

/** A day moved by some days: `2025-01-31` + (−14) → `2025-01-17`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The day an instant falls on in Beijing. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface ReminderRound {
  /** `d-14`, `d-3`, `d+1`: stable, so a round is recognised whenever it runs. */
  id: string;
  day: string;
  /** After the deadline: the operator gets the list of who is late. */
  late: boolean;
}

/** A year's reminder rounds in order. */
export function reminderRounds(year: number, settings: SeasonSettings): ReminderRound[] {
  const deadline = deadlineOf(year, settings);
  return [...settings.reminderDays]
    .sort((a, b) => a - b)
    .map((days) => ({ id: `d${days < 0 ? "" : "+"}${days}`, day: addDays(deadline, days), late: days > 0 }));
}

/**
 * The round a reminder sent at `at` belongs to: the latest whose day has come, or the first before any
 * has (reminding early counts as the first round). Null for a year with no rounds.
 */
export function roundAt(year: number, settings: SeasonSettings, at: Date): ReminderRound | null {
  const rounds = reminderRounds(year, settings);
  const today = beijingDay(at);
  return rounds.filter((round) => round.day <= today).at(-1) ?? rounds[0] ?? null;
}

/**
 * The report year and round a scheduled run at `at` stands for: the round named `roundId` (or any) whose
 * day is today in Beijing, else one a day off (a schedule's fixed calendar day and a leap year's can
 * differ by one). Null when no round is due.
 */
export function seasonDueOn(
  at: Date,
  settings: SeasonSettings,
  roundId?: string,
): { year: number; round: ReminderRound } | null {
  const today = beijingDay(at);
  const thisYear = Number(today.slice(0, 4));
  const candidates = [thisYear - 2, thisYear - 1, thisYear].flatMap((year) =>
    reminderRounds(year, settings)
      .filter((round) => roundId === undefined || round.id === roundId)
      .map((round) => ({
        year,
        round,
        off: Math.abs(Date.parse(round.day) - Date.parse(today)) / 86_400_000,
      })),
  );
  const due = candidates.filter((candidate) => candidate.off <= 1).sort((a, b) => a.off - b.off)[0];
  return due ? { year: due.year, round: due.round } : null;
}
