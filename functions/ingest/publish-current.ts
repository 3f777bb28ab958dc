import {
  type AppliedReport,
  departmentDocument,
  feedPaths,
  indexDocument,
  nextDepartmentHistory,
  nextFeedIndex,
  nextYearListShard,
  nextYearSums,
  replacedInYearSums,
  reportCells,
  reportDocument,
  serializeDocument,
  summaryDocument,
  withSchemaRevision,
  YEAR_SHARDS,
  yearDocument,
  yearShard,
} from "../core/feed";
import {
  type AggregateId,
  type AggregateState,
  aggregate,
  type Department,
  type IngestPorts,
  type ReportVersion,
} from "./ports";

/**
 * Publishing, made safe for at-least-once, out-of-order and concurrent deliveries with nothing but
 * single-item conditional writes:
 *
 * - What is published is always the department's CURRENT version for the year (the pointer only moves
 *   forward), never "the upload being processed": a late or retried older upload republishes the newer.
 * - Each aggregate (year list shard, year sums, department history, index) is one item changed by
 *   optimistic concurrency; its next state is computed by the core (`core/feed/aggregates.ts`), which
 *   records which version it applied per department, so nothing is counted twice and nothing goes back.
 * - Each feed document is rendered from the item it shows, written, and the item read again: if it moved
 *   meanwhile the document is written again, so the last write always shows the latest state.
 * - The whole is repeated while the CURRENT pointer moves under it.
 *
 * Costs a bounded number of reads and writes, whatever the feed already holds.
 */

/**
 * Bump when the feed's JSON Schemas change, so the next publish writes them again (a unit test pins the
 * schemas' fingerprint to this revision, so a change cannot go unnoticed).
 */
export const SCHEMA_REVISION = 3;
/** sha256 of the JSON Schemas that SCHEMA_REVISION published. */
export const SCHEMA_FINGERPRINT = "fd77d0f33401354cf23957dc6739c6e05672bd447d5ce34ea6d49a7fa6801c89";

export async function publishCurrent(
  ports: IngestPorts,
  department: Department,
  year: number,
): Promise<void> {
  const { versions } = ports;
  for (let round = 0; round < 5; round++) {
    const pointer = await versions.getCurrent(department.id, year);
    if (!pointer) return;
    const version = await versions.get(department.id, year, pointer.order);
    if (!version) throw new Error(`current version ${pointer.order} of ${department.id} ${year} is missing`);
    await applyAggregates(ports, department, version);
    await versions.putCells(version, reportCells(version.format, version.tables));
    await writeDocuments(ports, department, version);
    const after = await versions.getCurrent(department.id, year);
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
  const report = reportDoc(department, version);
  const change: AppliedReport = { report, order: version.order, sha256: serializeDocument(report).sha256 };
  // The list first, then the sums: a change of the list is always followed by a new version of the
  // year sums, which is what the year document's writer watches.
  await update(ports, aggregate.yearList(version.year, yearShard(department.id)), (state) =>
    nextYearListShard(state, change),
  );
  await update(ports, aggregate.yearSums(version.year), async (state) => {
    // The sums take the replaced version's numbers out: read them, as the core asks.
    const replaced = replacedInYearSums(state, change);
    if (replaced === undefined) return nextYearSums(state, change);
    const tables = (await ports.versions.get(department.id, version.year, replaced))?.tables;
    if (!tables)
      throw new Error(`applied version ${replaced} of ${department.id} ${version.year} is missing`);
    return nextYearSums(state, change, { order: replaced, tables });
  });
  await update(ports, aggregate.departmentHistory(department.id), (state) =>
    nextDepartmentHistory(state, change),
  );
  await update(ports, aggregate.feedIndex(), async (state) =>
    nextFeedIndex(state, version.year, await ports.aggregates.get(aggregate.yearSums(version.year))),
  );
}

async function writeDocuments(ports: IngestPorts, department: Department, version: ReportVersion) {
  const { feed, aggregates } = ports;
  const year = version.year;
  await Promise.all([
    feed.write(feedPaths.report(year, department.id), serializeDocument(reportDoc(department, version))),
    writeVerified(ports, aggregate.yearSums(year), async (state) => {
      const shards = await Promise.all(
        Array.from({ length: YEAR_SHARDS }, (_, shard) => aggregates.get(aggregate.yearList(year, shard))),
      );
      const entries = shards.flatMap((shard) => Object.values(shard?.value.reports ?? {}));
      return [
        [feedPaths.year(year), yearDocument(year, entries, state.lastChanged)],
        [feedPaths.summary(year), summaryDocument(state.totals, state.lastChanged)],
      ];
    }),
    writeVerified(ports, aggregate.departmentHistory(department.id), async (state) => [
      [
        feedPaths.department(department.id),
        departmentDocument(
          { id: department.id, name: department.name },
          Object.values(state.years),
          state.lastChanged,
        ),
      ],
    ]),
    writeVerified(ports, aggregate.feedIndex(), async (state) => [
      [feedPaths.index, indexDocument(state.index, state.lastChanged)],
    ]),
  ]);
  const index = await aggregates.get(aggregate.feedIndex());
  if (index && index.value.schemaRevision < SCHEMA_REVISION) {
    // Loaded only here: building every feed schema is the costliest part of a cold start.
    const { feedJsonSchemas } = await import("../../schemas/feed");
    for (const [name, schema] of Object.entries(feedJsonSchemas())) {
      await feed.write(feedPaths.schema(name), serializeDocument(schema, "schema"));
    }
    await update(ports, aggregate.feedIndex(), (state) => withSchemaRevision(state, SCHEMA_REVISION));
  }
}

/** An aggregate's name for a message. */
function describe(id: AggregateId): string {
  switch (id.kind) {
    case "yearSums":
      return `year sums ${id.year}`;
    case "yearList":
      return `year list ${id.year} shard ${id.shard}`;
    case "departmentHistory":
      return `department history ${id.department}`;
    case "feedIndex":
      return "feed index";
  }
}

/** Writes the documents rendered from one aggregate until it did not move while writing. */
async function writeVerified<Id extends AggregateId>(
  ports: IngestPorts,
  id: Id,
  render: (state: AggregateState<Id>) => Promise<[path: string, document: unknown][]>,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await ports.aggregates.get(id);
    if (!state) return;
    const documents = await render(state.value);
    await Promise.all(documents.map(([path, doc]) => ports.feed.write(path, serializeDocument(doc))));
    const after = await ports.aggregates.get(id);
    if (after?.version === state.version) return;
  }
  throw new Error(`${describe(id)} kept changing while its documents were written; will retry`);
}

/**
 * Read-modify-write of one aggregate with optimistic concurrency. `next` (the core's transition) returns
 * the new state, or undefined when there is nothing to change (already applied).
 */
async function update<Id extends AggregateId>(
  ports: IngestPorts,
  id: Id,
  next: (
    state: AggregateState<Id> | null,
  ) => AggregateState<Id> | undefined | Promise<AggregateState<Id> | undefined>,
): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const stored = await ports.aggregates.get(id);
    const state = await next(stored?.value ?? null);
    if (state === undefined) return;
    if (await ports.aggregates.put(id, state, stored?.version ?? null)) return;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
  }
  throw new Error(`${describe(id)}: too many concurrent writers; will retry`);
}
