import { membersPlace, ROOT_PLACE } from "../core/season/places";
import { SEASON_STATUSES, type SeasonRecord, type SeasonStatus, seasonStatus } from "../core/season/record";
import { deadlineOf } from "../core/season/rounds";
import { aggregate, type Department } from "../ingest/ports";
import { ROSTER_KEY } from "../storage-layout";
import type { SeasonPorts } from "./ports";

/**
 * Who has reported: every registered department of a year (or of a region, however deep) with exactly
 * one status. Two paged queries of the roster index, both in place-then-id order, merged as they stream:
 * the departments (`MEMBERS`) and the year's season records (`ROSTER#{year}`). A department with no
 * record has sent nothing; a record the merge does not meet where the department is (the department moved
 * since it was written, or the index is a moment behind) is read directly, a hundred at a time. The merge
 * holds a page of each, never the year; `seasonRoster` does keep every line, to order them.
 */

export interface RosterEntry {
  department: Department;
  record: SeasonRecord | null;
  status: SeasonStatus;
}

export type RosterProblem = { ok: false; problem: "unknown_region"; region: string };

/** The place whose departments a roster covers: a region's, or everyone's. */
export async function rosterPlace(
  ports: SeasonPorts,
  region: string | null,
): Promise<string | RosterProblem> {
  if (!region) return ROOT_PLACE;
  const found = await ports.regions.get(region);
  return found ? membersPlace(found) : { ok: false, problem: "unknown_region", region };
}

/** The departments under a place with their status for the year, a page at a time. */
export async function* rosterPages(
  ports: SeasonPorts,
  year: number,
  place: string,
): AsyncGenerator<RosterEntry[]> {
  const records = ports.roster.records(year, place)[Symbol.asyncIterator]();
  let buffer: SeasonRecord[] = [];
  let exhausted = false;
  const sortKey = (record: SeasonRecord) => ROSTER_KEY.sort(record.place, record.department);
  /** The first buffered record not below `key`, reading pages as needed. */
  const recordAt = async (key: string): Promise<SeasonRecord | undefined> => {
    for (;;) {
      while (buffer.length > 0 && sortKey(buffer[0]!) < key) buffer.shift();
      if (buffer.length > 0 || exhausted) return buffer[0];
      const next = await records.next();
      if (next.done) exhausted = true;
      else buffer = next.value;
    }
  };
  for await (const page of ports.roster.members(place)) {
    const found = new Map<string, SeasonRecord>();
    const unmatched: Department[] = [];
    for (const department of page) {
      const key = ROSTER_KEY.sort(department.place ?? ROOT_PLACE, department.id);
      const record = await recordAt(key);
      if (record && sortKey(record) === key) found.set(department.id, record);
      else unmatched.push(department);
    }
    if (unmatched.length > 0) {
      const direct = await ports.aggregates.getMany(unmatched.map((d) => aggregate.season(d.id, year)));
      unmatched.forEach((department, i) => {
        const record = direct[i]?.value;
        if (record) found.set(department.id, record);
      });
    }
    yield page.map((department) => {
      const record = found.get(department.id) ?? null;
      return { department, record, status: seasonStatus(record) };
    });
  }
}

/** One department as `gongkai season --json` prints it. */
export interface RosterLine {
  id: string;
  name: string;
  region: string | null;
  status: SeasonStatus;
  lastUploadAt: string | null;
  errors: number | null;
  /** When withdrawn: the operator's reason. */
  withdrawn?: { at: string; reason: string };
}

export interface SeasonRoster {
  year: number;
  deadline: string;
  region: string | null;
  counts: Record<SeasonStatus, number>;
  /** Those that still owe a report first (not received, then rejected), then the published; by id within. */
  departments: RosterLine[];
}

/**
 * The roster of a year: counts per status, and every department, those still owing first. Every line is
 * kept to sort them (about 60 MB at 200,000 departments): the command prints them all in that order.
 */
export async function seasonRoster(
  ports: SeasonPorts,
  input: { year: number; region: string | null },
): Promise<({ ok: true } & SeasonRoster) | RosterProblem> {
  const place = await rosterPlace(ports, input.region);
  if (typeof place !== "string") return place;
  const counts = Object.fromEntries(SEASON_STATUSES.map((status) => [status, 0])) as Record<
    SeasonStatus,
    number
  >;
  const departments: RosterLine[] = [];
  for await (const page of rosterPages(ports, input.year, place)) {
    for (const { department, record, status } of page) {
      counts[status]++;
      departments.push(rosterLine(department, record, status));
    }
  }
  const rank = (status: SeasonStatus) => SEASON_STATUSES.indexOf(status);
  departments.sort((a, b) => rank(a.status) - rank(b.status) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    ok: true,
    year: input.year,
    deadline: deadlineOf(input.year, ports.season),
    region: input.region,
    counts,
    departments,
  };
}

function rosterLine(department: Department, record: SeasonRecord | null, status: SeasonStatus): RosterLine {
  const latest = record?.latestUpload ?? null;
  return {
    id: department.id,
    name: department.name,
    region: department.parent ?? null,
    status,
    lastUploadAt: latest?.uploadedAt ?? null,
    errors: status === "rejected" ? (latest?.errors ?? 0) : null,
    ...(record?.withdrawn && !record.counted
      ? { withdrawn: { at: record.withdrawn.at, reason: record.withdrawn.reason } }
      : {}),
  };
}
