import { aggregate, type IngestPorts } from "../ingest/ports";
import { publishCurrent } from "../ingest/publish-current";
import { update } from "../ingest/state-writes";

/**
 * The operator withdraws a published report: its season record notes the withdrawal (the version current
 * now, and anything older, is never published again), and publishing then takes it out of everything
 * published — the sums of the year and of every region above the department (the counting protocol, in
 * reverse), the listings (a tombstone keeps a late retry from listing it again), the department's history
 * (which records the reason), and the report document itself. A later upload publishes again.
 */

export const MAX_REASON_CHARS = 500;

export type WithdrawOutcome =
  | { ok: true; department: string; year: number; order: string }
  | { ok: false; problem: "unknown_department"; department: string }
  | { ok: false; problem: "not_published"; department: string; year: number }
  | { ok: false; problem: "empty_reason" }
  | { ok: false; problem: "reason_too_long"; max: number }
  /** A later upload was published while withdrawing: it stands. */
  | { ok: false; problem: "overtaken"; order: string };

export async function withdrawReport(
  ports: IngestPorts,
  input: { department: string; year: number; reason: string },
): Promise<WithdrawOutcome> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, problem: "empty_reason" };
  if ([...reason].length > MAX_REASON_CHARS)
    return { ok: false, problem: "reason_too_long", max: MAX_REASON_CHARS };
  const department = await ports.departments.get(input.department);
  if (!department) return { ok: false, problem: "unknown_department", department: input.department };
  const id = aggregate.season(department.id, input.year);
  const [pointer, record] = await Promise.all([
    ports.versions.getCurrent(department.id, input.year),
    ports.aggregates.get(id),
  ]);
  if (!pointer || !record?.value.counted) {
    return { ok: false, problem: "not_published", department: department.id, year: input.year };
  }
  const order = pointer.order;
  const at = ports.clock.now().toISOString();
  await update(ports, id, (state) =>
    state && (!state.withdrawn || state.withdrawn.order < order)
      ? { ...state, withdrawn: { order, at, reason } }
      : undefined,
  );
  await publishCurrent(ports, department, input.year);
  const after = (await ports.aggregates.get(id))?.value;
  if (after?.counted) return { ok: false, problem: "overtaken", order: after.counted.order };
  return { ok: true, department: department.id, year: input.year, order };
}
