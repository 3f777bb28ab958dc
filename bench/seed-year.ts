import {
  applyReport,
  departmentShard,
  emptyDirectory,
  emptyTotals,
  firstPage,
  LISTING_PAGE_CAPACITY,
  type ListingPage,
  listedCells,
  packTotals,
  reportDocument,
  routePage,
  SUM_SHARDS,
  serializeDocument,
  splitPage,
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
 * left it: the year listing's directory and pages (filled in random id order, so pages split as they do
 * when departments upload in no particular order), and the sums shards. Nothing a publish does not read
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
  const directory = emptyDirectory();
  const pages = new Map<number, ListingPage<YearListed>>([
    [0, { ...firstPage<YearListed>(), changedAt: doc.publishedAt }],
  ]);
  for (const id of ids) {
    const n = routePage(directory, id);
    const page = pages.get(n)!;
    const listed: YearListed = {
      order: "000001736496000-0000000000000000000",
      explained: 0,
      entry: {
        ...entry,
        department: { id, name: `部门${id.slice(2)}` },
        path: `v1/reports/${year}/${id}.json`,
      },
      warnings: 0,
      cells,
    };
    const entries = { ...page.entries, [id]: listed };
    if (Object.keys(entries).length <= LISTING_PAGE_CAPACITY) {
      page.entries = entries;
      continue;
    }
    const q = directory.nextPage++;
    const { kept, split } = splitPage(page, entries, id, q);
    pages.set(n, kept);
    pages.set(q, split);
    directory.pages = [...directory.pages, { n: q, lower: split.lower }].sort((a, b) =>
      a.lower < b.lower ? -1 : 1,
    );
  }
  const writes: Promise<unknown>[] = [];
  const batch = async (all: (() => Promise<unknown>)[]) => {
    for (let i = 0; i < all.length; i += 16) await Promise.all(all.slice(i, i + 16).map((write) => write()));
  };
  await batch(
    [...pages.values()].map(
      (page) => () => ports.aggregates.put(aggregate.yearPage(year, page.n), page, null),
    ),
  );
  writes.push(ports.aggregates.put(aggregate.yearDirectory(year), directory, null));
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

/** `d-` and eight hex digits: departments spread over the whole key range. */
export function departmentId(random: () => number): string {
  return `d-${Math.floor(random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0")}`;
}

export { prng };
