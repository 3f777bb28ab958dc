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
 */

export interface ReminderOutcome {
  department: string;
  name: string;
  status: SeasonStatus;
  to: string[];
  subject: string;
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
  /** The operator's list of who is late (the round after the deadline only). */
  operator: { to: string; late: number; result: "sent" | "would_send" | "already" | "refused" } | null;
}

export type RemindProblem =
  | { ok: false; problem: "no_round" }
  | { ok: false; problem: "unknown_round"; round: string };

/** Sends (or, dry, lists) one round's reminders for a year. */
export async function remind(
  ports: SeasonPorts,
  input: { year: number; round?: string; dryRun: boolean },
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
  for await (const page of rosterPages(ports, input.year, ROOT_PLACE)) {
    const owing = page.filter((entry) => entry.status === "rejected" || entry.status === "not_received");
    for (const entry of owing)
      late.push({ id: entry.department.id, name: entry.department.name, status: entry.status });
    // A page's reminders go out together; the pages one after the other.
    reminders.push(
      ...(await Promise.all(
        owing.map((entry) => remindOne(ports, input, round, deadline, entry.department, entry.record)),
      )),
    );
  }
  const operator = round.late ? await tellOperator(ports, input, round, deadline, late) : null;
  return { ok: true, year: input.year, round, deadline, dryRun: input.dryRun, reminders, operator };
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
  const mail = composeMail(
    {
      kind: "reminder",
      department: { id: department.id, name: department.name },
      year: input.year,
      deadline,
      late: round.late,
      missing: await missingReport(ports, seen),
    } satisfies SeasonMailInput,
    { ...(ports.settings.deskUrl ? { deskUrl: ports.settings.deskUrl } : {}) },
  );
  const outcome = (
    status: SeasonStatus,
    result: ReminderOutcome["result"],
    detail?: string,
  ): ReminderOutcome => ({
    ...base,
    status,
    subject: mail.subject,
    result,
    ...(detail ? { detail } : {}),
  });
  const seenStatus = seasonStatus(seen);
  if (to.length === 0) return outcome(seenStatus, "no_address");
  if (seen?.reminders[round.id]) return outcome(seenStatus, "already");
  if (input.dryRun) return outcome(seenStatus, "would_send");
  const id = aggregate.season(department.id, input.year);
  const now = ports.clock.now().toISOString();
  let claimed: SeasonStatus | null = null;
  await update(ports, id, (state) => {
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
  let delivery: MailDelivery;
  try {
    delivery = await ports.mailer.send({ to, ...mail });
  } catch (error) {
    await update(ports, id, (state) => {
      if (!state?.reminders[round.id] || state.reminders[round.id]!.sentAt) return undefined;
      const { [round.id]: _released, ...reminders } = state.reminders;
      return { ...state, reminders };
    });
    return outcome(status, "failed", (error as Error).message);
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
    ? outcome(status, "refused", delivery.reason)
    : outcome(status, "sent");
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
