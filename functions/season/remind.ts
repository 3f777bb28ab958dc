import { composeMail, type MissingReport, type SeasonMailInput } from "../core/mail";
import { ROOT_PLACE } from "../core/season/places";
import { emptySeasonRecord, type SeasonRecord, type SeasonStatus, seasonStatus } from "../core/season/record";
import { deadlineOf, type ReminderRound, reminderRounds, roundAt } from "../core/season/rounds";
import { aggregate, type Department, type MailDelivery } from "../ingest/ports";
import { update } from "../ingest/state-writes";
import type { SeasonPorts } from "./ports";
import { rosterPages } from "./roster";

/**
 * Reminders: every department of the year that still owes its report (rejected, or nothing received) is
 * mailed at its registered addresses — only those — what is missing and the deadline, at most once per
 * round. The department's own season record holds the round's claim: a conditional write made before the
 * mail is sent, so running a round twice (or two runs at once) sends nothing twice; a mail the service
 * failed to take gives the claim back for the next run, a crash between claim and send loses that one
 * reminder rather than risking a second. On the round after the deadline the operator gets the list of
 * who is late, claimed the same way on the round's own item. The same code runs from the command line and
 * from the schedule; departments are read by the roster's paged queries, a page at a time.
 *
 * A round may owe more mails than one run has time for (200,000 departments at SES's sending rate take
 * hours): given a time budget, a run stops before a batch it may not finish and says the round is
 * incomplete; the next run walks the roster again from the start, skipping the departments already
 * claimed without a request (the roster's page carries their season records), and goes on from there.
 */

/** Reminders in flight at once: a batch, and what a run must keep time for before it starts one. */
export const REMINDERS_AT_ONCE = 16;

/** How long a run may go on: the reminder function's remaining time (the command line has no limit). */
export interface RunBudget {
  /** Milliseconds this run has left. */
  remainingMs(): number;
  /** No batch of reminders starts with less than this left: its reads, claims and mails, and a page's. */
  reserveMs: number;
}

export interface ReminderOutcome {
  department: string;
  name: string;
  status: SeasonStatus;
  to: string[];
  /** The mail's subject; none when no mail was composed (already reminded, no address). */
  subject?: string;
  /** sent; already (this round reminded it before); refused (for good, why); failed (to retry); none (no address). */
  result: "sent" | "would_send" | "already" | "refused" | "failed" | "no_address";
  detail?: string;
}

export interface RemindReport {
  year: number;
  round: ReminderRound;
  deadline: string;
  dryRun: boolean;
  reminders: ReminderOutcome[];
  /**
   * False when the run stopped for its time budget before the end of the roster: the departments not
   * reached are reminded by the next run of the round (and the operator told once the round completes).
   */
  complete: boolean;
  /** The operator's list of who is late (the round after the deadline, once it is complete). */
  operator: { to: string; late: number; result: "sent" | "would_send" | "already" | "refused" } | null;
}

export type RemindProblem =
  | { ok: false; problem: "no_round" }
  | { ok: false; problem: "unknown_round"; round: string };

/** Sends (or, dry, lists) one round's reminders for a year. */
export async function remind(
  ports: SeasonPorts,
  input: { year: number; round?: string; dryRun: boolean; budget?: RunBudget },
): Promise<({ ok: true } & RemindReport) | RemindProblem> {
  const rounds = reminderRounds(input.year, ports.season);
  const round = input.round
    ? rounds.find((candidate) => candidate.id === input.round)
    : roundAt(input.year, ports.season, ports.clock.now());
  if (!round)
    return input.round
      ? { ok: false, problem: "unknown_round", round: input.round }
      : { ok: false, problem: "no_round" };
  const deadline = deadlineOf(input.year, ports.season);
  const reminders: ReminderOutcome[] = [];
  const late: { id: string; name: string; status: string }[] = [];
  const { budget } = input;
  let complete = true;
  pages: for await (const page of rosterPages(ports, input.year, ROOT_PLACE)) {
    const owing = page.filter((entry) => entry.status === "rejected" || entry.status === "not_received");
    for (const entry of owing)
      late.push({ id: entry.department.id, name: entry.department.name, status: entry.status });
    // A batch's reminders go out together, the batches one after the other, each only with time to finish.
    for (let start = 0; start < owing.length; start += REMINDERS_AT_ONCE) {
      const batch = owing.slice(start, start + REMINDERS_AT_ONCE);
      if (budget && budget.remainingMs() < budget.reserveMs) {
        complete = false;
        break pages;
      }
      reminders.push(
        ...(await Promise.all(
          batch.map((entry) => remindOne(ports, input, round, deadline, entry.department, entry.record)),
        )),
      );
    }
  }
  // The list of who is late is whole only when the run walked the whole roster.
  const operator = round.late && complete ? await tellOperator(ports, input, round, deadline, late) : null;
  return { ok: true, year: input.year, round, deadline, dryRun: input.dryRun, reminders, complete, operator };
}

async function remindOne(
  ports: SeasonPorts,
  input: { year: number; dryRun: boolean },
  round: ReminderRound,
  deadline: string,
  department: Department,
  seen: SeasonRecord | null,
): Promise<ReminderOutcome> {
  const to = department.emails;
  const base = { department: department.id, name: department.name, to };
  const compose = async (record: SeasonRecord | null) =>
    composeMail(
      {
        kind: "reminder",
        department: { id: department.id, name: department.name },
        year: input.year,
        deadline,
        late: round.late,
        missing: await missingReport(ports, record),
      } satisfies SeasonMailInput,
      { ...(ports.settings.deskUrl ? { deskUrl: ports.settings.deskUrl } : {}) },
    );
  const outcome = (
    status: SeasonStatus,
    result: ReminderOutcome["result"],
    extra: { subject?: string; detail?: string } = {},
  ): ReminderOutcome => ({
    ...base,
    status,
    ...(extra.subject ? { subject: extra.subject } : {}),
    result,
    ...(extra.detail ? { detail: extra.detail } : {}),
  });
  const seenStatus = seasonStatus(seen);
  // Decided from the roster's page alone: a rerun of the round skips those it reminded without a request.
  if (to.length === 0) return outcome(seenStatus, "no_address");
  if (seen?.reminders[round.id]) return outcome(seenStatus, "already");
  if (input.dryRun) return outcome(seenStatus, "would_send", { subject: (await compose(seen)).subject });
  const id = aggregate.season(department.id, input.year);
  const now = ports.clock.now().toISOString();
  let claimed: SeasonStatus | null = null;
  const after = await update(ports, id, (state) => {
    claimed = null;
    const record = state ?? emptySeasonRecord(department.id, input.year, department.place ?? ROOT_PLACE);
    const status = seasonStatus(record);
    // Read again, consistently: it may have published, or been reminded, since the roster's page was read.
    if (record.reminders[round.id] || (status !== "rejected" && status !== "not_received")) return undefined;
    claimed = status;
    return { ...record, reminders: { ...record.reminders, [round.id]: { claimedAt: now, to, status } } };
  });
  const status = claimed as SeasonStatus | null;
  if (!status) return outcome(seenStatus, "already");
  let mail: { subject: string } | undefined;
  let delivery: MailDelivery;
  try {
    // Composed once claimed (a rejected upload's findings are read for it): a lost claim reads nothing.
    const composed = await compose(after?.value ?? seen);
    mail = composed;
    delivery = await ports.mailer.send({ to, ...composed });
  } catch (error) {
    await update(ports, id, (state) => {
      if (!state?.reminders[round.id] || state.reminders[round.id]!.sentAt) return undefined;
      const { [round.id]: _released, ...reminders } = state.reminders;
      return { ...state, reminders };
    });
    return outcome(status, "failed", {
      ...(mail ? { subject: mail.subject } : {}),
      detail: (error as Error).message,
    });
  }
  await update(ports, id, (state) => {
    const claim = state?.reminders[round.id];
    if (!state || !claim || claim.sentAt) return undefined;
    const sent = { ...claim, sentAt: ports.clock.now().toISOString() };
    return {
      ...state,
      reminders: {
        ...state.reminders,
        [round.id]: delivery.status === "refused" ? { ...sent, refusal: delivery.reason } : sent,
      },
    };
  });
  return delivery.status === "refused"
    ? outcome(status, "refused", { subject: mail.subject, detail: delivery.reason })
    : outcome(status, "sent", { subject: mail.subject });
}

/** What the department's report lacks: nothing received, a rejected upload's errors, or a withdrawal. */
async function missingReport(ports: SeasonPorts, record: SeasonRecord | null): Promise<MissingReport> {
  const latest = record?.latestUpload;
  if (record && latest && seasonStatus(record) === "rejected") {
    const upload = await ports.uploads.get(record.department, record.year, latest.order);
    return {
      kind: "rejected",
      upload: {
        fileName: upload?.fileName ?? latest.key.split("/").pop() ?? latest.key,
        uploadedAt: latest.uploadedAt,
      },
      findings: upload?.findings ?? [],
    };
  }
  if (record?.withdrawn && !record.counted) return { kind: "withdrawn", reason: record.withdrawn.reason };
  return { kind: "never" };
}

async function tellOperator(
  ports: SeasonPorts,
  input: { year: number; dryRun: boolean },
  round: ReminderRound,
  deadline: string,
  late: { id: string; name: string; status: string }[],
): Promise<RemindReport["operator"]> {
  const to = ports.settings.operatorEmail;
  const id = aggregate.reminderRound(input.year, round.id);
  const existing = await ports.aggregates.get(id);
  if (existing) return { to, late: late.length, result: "already" };
  if (input.dryRun) return { to, late: late.length, result: "would_send" };
  const now = ports.clock.now().toISOString();
  if (!(await ports.aggregates.put(id, { claimedAt: now, late: late.length }, null))) {
    return { to, late: late.length, result: "already" };
  }
  const mail = composeMail({ kind: "late", year: input.year, deadline, late });
  let delivery: MailDelivery;
  try {
    delivery = await ports.mailer.send({ to: [to], ...mail });
  } catch (error) {
    await ports.aggregates.delete(id);
    throw error;
  }
  await update(ports, id, (state) =>
    state ? { ...state, sentAt: ports.clock.now().toISOString() } : undefined,
  );
  return { to, late: late.length, result: delivery.status === "refused" ? "refused" : "sent" };
}
