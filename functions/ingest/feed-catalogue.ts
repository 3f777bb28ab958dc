import { FORMATS, type FormatSpec, formatById, formatForYear } from "../../schemas/formats";
import {
  CSV_BOM,
  CSV_CONTENT_TYPE,
  childrenInOrder,
  csvHeader,
  csvRow,
  departmentsDocument,
  entriesInOrder,
  feedPaths,
  type InnerPage,
  type ListingPage,
  levelOf,
  listedCells,
  serializeDocument,
  serializeText,
  type YearListed,
  yearCsvMetadataDocument,
} from "../core/feed";
import { listingRoot } from "./listing-pages";
import { aggregate, type CatalogueState, type IngestPorts } from "./ports";
import { update } from "./state-writes";

/**
 * The documents that show the whole feed at once — each year as CSV (`v1/years/{year}.csv`, with its CSVW
 * metadata beside it, `v1/years/{year}.csv-metadata.json`) and every
 * registered department (`v1/departments.json`) — grow with the number of reports, so no publish writes
 * them. `rebuildCatalogue` runs on a timer instead (every minute on AWS, by EventBridge Scheduler; every
 * few seconds on the local stack) and rebuilds only what changed since its last run: a year whose line in
 * the feed index moved, and the department list when any year moved or `departmentsEvery` passed (a
 * registration does not touch the index). A publish pays nothing for them; a rebuild of a year reads the
 * year's listing tree (leaves of up to 16 reports, each entry keeping its cells, and the pages above them:
 * at 200,000 reports about 18,200 leaves and 850 inner pages in ~190 batch reads: ~180 MB of JSON,
 * 13 MB gzipped when the reports are alike as the bench's are, a few times that for real ones), never a
 * report.
 */

/** What a rebuild reads and writes: the table's aggregates, registry and versions, the feed, the clock. */
export type CataloguePorts = Pick<
  IngestPorts,
  "aggregates" | "feed" | "departments" | "regions" | "versions" | "clock"
>;

export interface CatalogueOptions {
  /** Rebuild the department list at least this often (ms) even when no year changed; default 10 minutes. */
  departmentsEvery?: number;
}

export interface CatalogueOutcome {
  /** Years whose CSV was written (or removed, when the year has no report left). */
  years: number[];
  /** Bytes of each CSV written. */
  bytes: Record<string, number>;
  departments: "written" | "unchanged" | "not_due";
  /** Listing pages read (the cost of the run). */
  pagesRead: number;
}

const EMPTY: CatalogueState = { csv: {}, departments: null };

export async function rebuildCatalogue(
  ports: CataloguePorts,
  options: CatalogueOptions = {},
): Promise<CatalogueOutcome> {
  const every = options.departmentsEvery ?? 10 * 60_000;
  // The index first, the pages after: a publish moves its page before the index, so whatever this run
  // misses moves the index past what it records, and the next run rebuilds it.
  const [index, stored] = await Promise.all([
    ports.aggregates.get(aggregate.feedIndex()),
    ports.aggregates.get(aggregate.catalogue()),
  ]);
  const state = stored?.value ?? EMPTY;
  const versions = index?.value.yearVersions ?? {};
  const listed = index?.value.index ?? {};
  const outcome: CatalogueOutcome = { years: [], bytes: {}, departments: "not_due", pagesRead: 0 };
  const pages = new Map<number, ListingPage<YearListed>[]>();
  const readYear = async (year: number) => {
    const known = pages.get(year);
    if (known) return known;
    const read = await yearPages(ports, year);
    outcome.pagesRead += read.length;
    pages.set(year, read);
    return read;
  };

  const built: Record<string, number> = {};
  for (const [key, version] of Object.entries(versions)) {
    if (state.csv[key] === version) continue;
    const year = Number(key);
    const path = feedPaths.yearCsv(year);
    if (!listed[key]) {
      await ports.feed.remove(path);
      await ports.feed.remove(feedPaths.yearCsvMetadata(year));
    } else {
      const { csv, format } = await yearCsv(ports, year, await readYear(year));
      await ports.feed.write(path, serializeText(csv, CSV_CONTENT_TYPE));
      // Its CSVW metadata beside it: which format's table schema its columns follow.
      await ports.feed.write(
        feedPaths.yearCsvMetadata(year),
        serializeDocument(yearCsvMetadataDocument(year, format)),
      );
      outcome.bytes[key] = Buffer.byteLength(csv, "utf8");
    }
    built[key] = version;
    outcome.years.push(year);
  }

  const now = ports.clock.now();
  const indexChanged = index?.value.lastChanged ?? "";
  const last = state.departments;
  const due =
    !last || last.indexChanged !== indexChanged || now.getTime() - Date.parse(last.builtAt) >= every;
  let departments: CatalogueState["departments"] = null;
  if (due) {
    const published = new Map<string, number[]>();
    for (const key of Object.keys(listed)) {
      for (const page of await readYear(Number(key))) {
        for (const entry of entriesInOrder(page)) {
          if (!entry.entry) continue;
          const id = entry.entry.department.id;
          published.set(id, [...(published.get(id) ?? []), Number(key)]);
        }
      }
    }
    const [registered, regions] = await Promise.all([ports.departments.list(), ports.regions.list()]);
    const doc = departmentsDocument(registered, regions, published, indexChanged || now.toISOString());
    // The time in the document is the index's, so an unchanged list serializes the same.
    const serialized = serializeDocument(doc);
    if (serialized.sha256 !== last?.sha256) await ports.feed.write(feedPaths.departments, serialized);
    outcome.departments = serialized.sha256 === last?.sha256 ? "unchanged" : "written";
    departments = { sha256: serialized.sha256, builtAt: now.toISOString(), indexChanged };
  }

  if (outcome.years.length > 0 || departments) {
    await update(ports, aggregate.catalogue(), (current) => {
      const base = current ?? EMPTY;
      const csv = { ...base.csv };
      // Versions only move forward: a slower concurrent run never records an older build.
      for (const [key, version] of Object.entries(built)) csv[key] = Math.max(csv[key] ?? 0, version);
      return { csv, departments: departments ?? base.departments };
    });
  }
  return outcome;
}

/**
 * The year's leaves in key order: the tree read a level at a time from the root (one batch read per
 * hundred pages), then the leaves from page 0 along `next` (the B-link chain is always whole, so a split
 * the level above has not listed yet is read too).
 */
async function yearPages(ports: CataloguePorts, year: number): Promise<ListingPage<YearListed>[]> {
  const listing = { kind: "year", year } as const;
  const head = await ports.aggregates.get(aggregate.yearDirectory(year));
  if (!head) return [];
  const byNumber = new Map<number, ListingPage<unknown>>();
  let level = [(await listingRoot(ports, listing, head.value)).value];
  while (level.length > 0 && levelOf(level[0]!) > 0) {
    const below = level.flatMap((page) => childrenInOrder(page as InnerPage).map((child) => child.n));
    const read = await ports.aggregates.getMany(below.map((n) => aggregate.yearPage(year, n)));
    level = read.flatMap((item) => (item ? [item.value as ListingPage<unknown>] : []));
  }
  for (const page of level) byNumber.set(page.n, page);
  const pages: ListingPage<YearListed>[] = [];
  let next: number | null = 0;
  while (next !== null) {
    const page: ListingPage<unknown> | null =
      byNumber.get(next) ?? (await ports.aggregates.get(aggregate.yearPage(year, next)))?.value ?? null;
    if (!page) break;
    pages.push(page as ListingPage<YearListed>);
    next = page.next;
  }
  return pages;
}

/** The year's CSV: its format's header, then a line per published report in department order. */
async function yearCsv(
  ports: CataloguePorts,
  year: number,
  pages: readonly ListingPage<YearListed>[],
): Promise<{ csv: string; format: FormatSpec }> {
  const entries = pages.flatMap((page) => entriesInOrder(page)).filter((listed) => listed.entry);
  const format: FormatSpec =
    formatForYear(year) ??
    (entries[0]?.entry ? formatById(entries[0].entry.format) : (FORMATS.at(-1) as FormatSpec));
  const lines = [CSV_BOM, csvHeader(format)];
  for (const listed of entries) {
    const entry = listed.entry!;
    const entryFormat = formatById(entry.format);
    let cells = listed.cells;
    if (!cells) {
      // An entry listed before entries kept their cells: its report version has them.
      const version = await ports.versions.get(entry.department.id, year, listed.order);
      if (!version) throw new Error(`version ${listed.order} of ${entry.department.id} ${year} is missing`);
      cells = listedCells(entryFormat, version.tables);
    }
    lines.push(csvRow(format, entry, cells, entryFormat));
  }
  return { csv: lines.join(""), format };
}
