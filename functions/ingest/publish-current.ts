import {
  applyReport,
  type DepartmentYears,
  departmentDocument,
  departmentYear,
  emptyTotals,
  type FeedIndex,
  feedPaths,
  indexDocument,
  reportDocument,
  serializeDocument,
  summaryDocument,
  upsertDepartmentYear,
  upsertIndexYear,
  upsertYearReport,
  type YearReports,
  type YearTotals,
  yearDocument,
  yearEntry,
} from "../core/feed";
import type { Department, IngestPorts, ReportVersion } from "./ports";

/**
 * Publishing, made safe for at-least-once, out-of-order and concurrent deliveries with nothing but
 * single-item conditional writes:
 *
 * - What is published is always the department's CURRENT version for the year (the pointer only moves
 *   forward), never "the upload being processed": a late or retried older upload republishes the newer.
 * - Each aggregate (year, department, index) is one item changed by optimistic concurrency; it records
 *   which version it applied per department, so nothing is counted twice and nothing goes back.
 * - Each feed document is rendered from the item it shows, written, and the item read again: if it moved
 *   meanwhile the document is written again, so the last write always shows the latest state.
 * - The whole is repeated while the CURRENT pointer moves under it.
 *
 * Costs a bounded number of reads and writes, whatever the feed already holds.
 */

/** A year's sums over every published report of it: one item, whatever the number of departments. */
export interface YearState {
  totals: YearTotals;
  /** department → the order of the version its numbers come from (applied exactly once). */
  applied: Record<string, string>;
  lastChanged: string;
}

/**
 * A year's list of reports is spread over YEAR_SHARDS items by department, so that a year holds
 * thousands of departments while each item stays far below DynamoDB's 400 KB.
 */
export interface YearShard {
  reports: YearReports;
  applied: Record<string, string>;
}

export const YEAR_SHARDS = 16;

export function yearShard(department: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(department)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % YEAR_SHARDS;
}

export interface DepartmentState {
  years: DepartmentYears;
  applied: Record<string, string>;
  lastChanged: string;
}

export interface IndexState {
  index: FeedIndex;
  /** year → the version of its YEAR state the entry was taken from: entries only move forward. */
  yearVersions: Record<string, number>;
  lastChanged: string;
  schemaRevision: number;
}

export const stateNames = {
  year: (year: number) => `YEAR#${year}`,
  yearShard: (year: number, shard: number) => `YEAR#${year}#LIST#${shard}`,
  department: (id: string) => `DEPARTMENT#${id}`,
  index: "INDEX",
} as const;

/**
 * Bump when the feed's JSON Schemas change, so the next publish writes them again (a unit test pins the
 * schemas' fingerprint to this revision, so a change cannot go unnoticed).
 */
export const SCHEMA_REVISION = 2;
/** sha256 of the JSON Schemas that SCHEMA_REVISION published. */
export const SCHEMA_FINGERPRINT = "30898895ec2283801d58f143de04cfe744ce203833a9c95d7eae25f9cec6e7c1";

/** A state item must stay under DynamoDB's 400 KB; refuse loudly well before. */
const MAX_STATE_BYTES = 350_000;

export async function publishCurrent(
  ports: IngestPorts,
  department: Department,
  year: number,
): Promise<void> {
  const { reports } = ports;
  for (let round = 0; round < 5; round++) {
    const pointer = await reports.getCurrent(department.id, year);
    if (!pointer) return;
    const version = await reports.getVersion(department.id, year, pointer.order);
    if (!version) throw new Error(`current version ${pointer.order} of ${department.id} ${year} is missing`);
    await applyAggregates(ports, department, version);
    await reports.putCells(version);
    await writeDocuments(ports, department, version);
    const after = await reports.getCurrent(department.id, year);
    if (after?.order === pointer.order) return;
  }
  throw new Error(
    `the current report of ${department.id} ${year} kept changing while publishing; will retry`,
  );
}

function reportDoc(department: Department, version: ReportVersion) {
  return reportDocument({
    report: {
      format: version.format,
      year: version.year,
      department: department.id,
      tables: version.tables,
      notes: version.notes,
    },
    department: { id: department.id, name: department.name },
    publishedAt: version.publishedAt,
    source: version.source,
    warnings: version.warnings,
  });
}

async function applyAggregates(ports: IngestPorts, department: Department, version: ReportVersion) {
  const { reports } = ports;
  const report = reportDoc(department, version);
  const reportSha = serializeDocument(report).sha256;
  // The list first, then the sums: a change of the list is always followed by a new version of the
  // year item, which is what the year document's writer watches.
  await update<YearShard>(
    ports,
    stateNames.yearShard(version.year, yearShard(department.id)),
    async (state) => {
      const current = state ?? { reports: {}, applied: {} };
      const applied = current.applied[department.id];
      if (applied !== undefined && applied >= version.order) return undefined;
      return within({
        reports: upsertYearReport(current.reports, yearEntry(report, reportSha)),
        applied: { ...current.applied, [department.id]: version.order },
      });
    },
  );
  await update<YearState>(ports, stateNames.year(version.year), async (state) => {
    const current = state ?? {
      totals: emptyTotals(version.year, version.format),
      applied: {},
      lastChanged: version.publishedAt,
    };
    const applied = current.applied[department.id];
    if (applied !== undefined && applied >= version.order) return undefined;
    const removed = applied
      ? (await reports.getVersion(department.id, version.year, applied))?.tables
      : undefined;
    if (applied && !removed)
      throw new Error(`applied version ${applied} of ${department.id} ${version.year} is missing`);
    return within({
      totals: applyReport(current.totals, removed, version.tables),
      applied: { ...current.applied, [department.id]: version.order },
      lastChanged: later(current.lastChanged, version.publishedAt),
    });
  });
  await update<DepartmentState>(ports, stateNames.department(department.id), async (state) => {
    const current = state ?? { years: {}, applied: {}, lastChanged: version.publishedAt };
    const applied = current.applied[String(version.year)];
    if (applied !== undefined && applied >= version.order) return undefined;
    return {
      years: upsertDepartmentYear(current.years, departmentYear(report)),
      applied: { ...current.applied, [String(version.year)]: version.order },
      lastChanged: later(current.lastChanged, version.publishedAt),
    };
  });
  await update<IndexState>(ports, stateNames.index, async (state) => {
    const year = await reports.getState<YearState>(stateNames.year(version.year));
    if (!year) return undefined;
    const current = state ?? {
      index: {},
      yearVersions: {},
      lastChanged: year.value.lastChanged,
      schemaRevision: 0,
    };
    if ((current.yearVersions[String(version.year)] ?? 0) >= year.version) return undefined;
    return {
      index: upsertIndexYear(
        current.index,
        version.year,
        Object.keys(year.value.applied).length,
        year.value.lastChanged,
      ),
      yearVersions: { ...current.yearVersions, [String(version.year)]: year.version },
      lastChanged: later(current.lastChanged, year.value.lastChanged),
      schemaRevision: current.schemaRevision,
    };
  });
}

async function writeDocuments(ports: IngestPorts, department: Department, version: ReportVersion) {
  const { feed } = ports;
  const year = version.year;
  await Promise.all([
    feed.write(feedPaths.report(year, department.id), serializeDocument(reportDoc(department, version))),
    writeVerified<YearState>(ports, stateNames.year(year), async (state) => {
      const shards = await Promise.all(
        Array.from({ length: YEAR_SHARDS }, (_, shard) =>
          ports.reports.getState<YearShard>(stateNames.yearShard(year, shard)),
        ),
      );
      const entries = shards.flatMap((shard) => Object.values(shard?.value.reports ?? {}));
      return [
        [feedPaths.year(year), yearDocument(year, entries, state.lastChanged)],
        [feedPaths.summary(year), summaryDocument(state.totals, state.lastChanged)],
      ];
    }),
    writeVerified<DepartmentState>(ports, stateNames.department(department.id), async (state) => [
      [
        feedPaths.department(department.id),
        departmentDocument(
          { id: department.id, name: department.name },
          Object.values(state.years),
          state.lastChanged,
        ),
      ],
    ]),
    writeVerified<IndexState>(ports, stateNames.index, async (state) => [
      [feedPaths.index, indexDocument(state.index, state.lastChanged)],
    ]),
  ]);
  const index = await ports.reports.getState<IndexState>(stateNames.index);
  if (index && index.value.schemaRevision < SCHEMA_REVISION) {
    // Loaded only here: building every feed schema is the costliest part of a cold start.
    const { feedJsonSchemas } = await import("../../schemas/feed");
    for (const [name, schema] of Object.entries(feedJsonSchemas())) {
      await feed.write(feedPaths.schema(name), serializeDocument(schema, "schema"));
    }
    await update<IndexState>(ports, stateNames.index, async (state) =>
      state && state.schemaRevision < SCHEMA_REVISION
        ? { ...state, schemaRevision: SCHEMA_REVISION }
        : undefined,
    );
  }
}

/** Writes the documents rendered from one state item until the item did not move while writing. */
async function writeVerified<T>(
  ports: IngestPorts,
  name: string,
  render: (state: T) => Promise<[path: string, document: unknown][]>,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await ports.reports.getState<T>(name);
    if (!state) return;
    const documents = await render(state.value);
    await Promise.all(documents.map(([path, doc]) => ports.feed.write(path, serializeDocument(doc))));
    const after = await ports.reports.getState<T>(name);
    if (after?.version === state.version) return;
  }
  throw new Error(`aggregate ${name} kept changing while its documents were written; will retry`);
}

/** A state value that fits its item, or a loud failure (alarmed through the dead-letter queue). */
function within<T>(value: T): T {
  const size = Buffer.byteLength(JSON.stringify(value));
  if (size > MAX_STATE_BYTES) throw new Error(`aggregate would be ${size} bytes, over ${MAX_STATE_BYTES}`);
  return value;
}

function later(a: string | undefined, b: string): string {
  return a && a > b ? a : b;
}

/**
 * Read-modify-write of one aggregate item with optimistic concurrency. `change` returns the new value,
 * or undefined when there is nothing to change (already applied).
 */
async function update<T>(
  ports: IngestPorts,
  name: string,
  change: (state: T | null) => Promise<T | undefined>,
): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const stored = await ports.reports.getState<T>(name);
    const next = await change(stored?.value ?? null);
    if (next === undefined) return;
    if (await ports.reports.putState(name, next, stored?.version ?? null)) return;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
  }
  throw new Error(`aggregate ${name}: too many concurrent writers; will retry`);
}
