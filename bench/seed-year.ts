import {
  applyReport,
  byKey,
  type ChildRef,
  departmentShard,
  emptyHead,
  emptyTotals,
  firstPage,
  type ListingHead,
  type ListingPage,
  listedCells,
  packTotals,
  pageCapacity,
  reportDocument,
  SUM_SHARDS,
  serializeDocument,
  sumsScope,
  type YearListed,
  type YearTotals,
  yearEntry,
} from "../functions/core/feed";
import { decimalFromMicro, microFromDecimal } from "../functions/core/feed/decimal";
import { aggregate, type IngestPorts } from "../functions/ingest/ports";
import { formatById } from "../schemas/formats";
import type { ReportTables } from "../schemas/report";
import { prng } from "../test/fixtures/hostile/seeded-random";

/**
 * A year holding `count` published reports, written straight into the table as the pipeline would have
 * left it: the year listing's head and tree (its pages as full as arrivals in no particular order leave
 * them: `listingTree`), and the sums shards. Nothing a publish does not read
 * is written (other departments' season records, versions and documents).
 */
export async function seedYear(
  ports: IngestPorts,
  year: number,
  count: number,
  tables: ReportTables,
  random: () => number,
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => departmentId(random));
  const doc = reportDocument({
    report: { format: "2021", year, department: "sample", tables, notes: [] },
    department: { id: "sample", name: "样本部门" },
    publishedAt: "2025-01-10T08:00:00.000Z",
    source: {
      key: `uploads/sample/${year}/r.xlsx`,
      versionId: null,
      sha256: "a".repeat(64),
      uploadedAt: "2025-01-10T08:00:00.000Z",
    },
    warnings: [],
  });
  const sha256 = serializeDocument(doc).sha256;
  const entry = yearEntry(doc, sha256);
  // Each entry keeps its report's cells, as a publish lists it: what the year's CSV is rebuilt from.
  const cells = listedCells(formatById("2021"), tables);
  const listed = (id: string): YearListed => ({
    order: "000001736496000-0000000000000000000",
    explained: 0,
    entry: {
      ...entry,
      department: { id, name: `部门${id.slice(2)}` },
      path: `v1/reports/${year}/${id}.json`,
    },
    warnings: 0,
    cells,
  });
  const pages = listingTree(
    [...new Set(ids)].sort(byKey).map((id) => [id, listed(id)] as const),
    doc.publishedAt,
  );
  const root = pages.at(-1)!;
  const head: ListingHead = { ...emptyHead(), root: root.n, nextPage: root.n + 1 };
  const writes: Promise<unknown>[] = [];
  const batch = async (all: (() => Promise<unknown>)[]) => {
    for (let i = 0; i < all.length; i += 16) await Promise.all(all.slice(i, i + 16).map((write) => write()));
  };
  await batch(
    pages.map((page) => () => ports.aggregates.put(aggregate.yearPage(year, page.n), page as never, null)),
  );
  writes.push(ports.aggregates.put(aggregate.yearDirectory(year), head, null));
  const one = applyReport(emptyTotals(year, "2021"), undefined, tables);
  const perShard = Array.from({ length: SUM_SHARDS }, () => 0);
  for (const id of ids) perShard[departmentShard(id)]!++;
  perShard.forEach((departments, shard) => {
    const totals: YearTotals = {
      ...one,
      departments,
      cells: Object.fromEntries(
        Object.entries(one.cells).map(([cell, value]) => [
          cell,
          decimalFromMicro(microFromDecimal(value) * BigInt(departments)),
        ]),
      ),
    };
    writes.push(
      ports.aggregates.put(
        aggregate.sumsShard(sumsScope.year(year), shard),
        { totals: packTotals(totals, 0), lastChanged: doc.publishedAt, tokens: {} },
        null,
      ),
    );
  });
  writes.push(ports.aggregates.bump(aggregate.sumsHead(sumsScope.year(year))));
  await Promise.all(writes);
  return ids;
}

/**
 * A listing tree over entries in key order, its pages as full as pages split by arrivals in no particular
 * order are on average (ln 2 of their capacity): the leaves first (page 0 the first), the root last.
 */
export function listingTree<E>(
  sorted: readonly (readonly [string, E])[],
  at: string,
): ListingPage<unknown>[] {
  const fill = (level: number) => Math.max(2, Math.round(pageCapacity(level) * Math.LN2));
  const all: ListingPage<unknown>[] = [];
  const chunk = <T>(items: readonly T[], size: number) =>
    Array.from({ length: Math.max(1, Math.ceil(items.length / size)) }, (_, i) =>
      items.slice(i * size, (i + 1) * size),
    );
  let level: ListingPage<unknown>[] = chunk(sorted, fill(0)).map((part, i) => ({
    ...firstPage<E>(),
    n: i,
    lower: i === 0 ? "" : part[0]![0],
    entries: Object.fromEntries(part),
    changedAt: at,
  }));
  for (let depth = 1; ; depth++) {
    level.forEach((page, i) => {
      page.upper = level[i + 1]?.lower ?? null;
      page.next = level[i + 1]?.n ?? null;
    });
    all.push(...level);
    if (level.length === 1) return all;
    const start = all.length;
    level = chunk(level, fill(depth)).map((part, i) => ({
      ...firstPage<ChildRef>(),
      n: start + i,
      level: depth,
      lower: part[0]!.lower,
      entries: Object.fromEntries(part.map((child) => [child.lower, { n: child.n }])),
      changedAt: at,
    }));
  }
}

/** `d-` and eight hex digits: departments spread over the whole key range. */
export function departmentId(random: () => number): string {
  return `d-${Math.floor(random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0")}`;
}

export { prng };
