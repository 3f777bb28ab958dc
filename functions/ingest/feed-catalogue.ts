import { FORMATS, type FormatSpec, formatById, formatForYear } from "../../schemas/formats";
import {
  CSV_BOM,
  CSV_CONTENT_TYPE,
  csvHeader,
  csvRow,
  departmentsDocument,
  entriesInOrder,
  feedPaths,
  type ListingPage,
  listedCells,
  serializeDocument,
  type YearListed,
  yearCsvMetadataDocument,
} from "../core/feed";
import { streamText } from "../core/feed/serialize";
import { aggregate, type CatalogueState, type IngestPorts } from "./ports";
import { update } from "./state-writes";
import { LEAF_BATCH, yearLeaves } from "./year-leaves";

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
 * report. Neither the pages nor the CSV are ever held whole: the leaves are read a batch at a time
 * (`yearLeaves`) and the CSV written as its rows are made, in parts of a multipart upload
 * (`FeedStore.writeStream`), so a rebuild holds a batch of leaves and a few parts whatever the year's
 * size. The department list is built whole: it is as long as the registry, which is read whole.
 */

/** What a rebuild reads and writes: the table's aggregates, registry and versions, the feed, the clock. */
export type CataloguePorts = Pick<
  IngestPorts,
  "aggregates" | "feed" | "departments" | "regions" | "versions" | "clock"
>;

export interface CatalogueOptions {
  /** Rebuild the department list at least this often (ms) even when no year changed; default 10 minutes. */
  departmentsEvery?: number;
  /** Listing leaves read at once, and the most held at once; default 100 (one batch read). */
  leafBatch?: number;
}

export interface CatalogueOutcome {
  /** Years whose CSV was written (or removed, when the year has no report left). */
  years: number[];
  /** Bytes of each CSV written. */
  bytes: Record<string, number>;
  /** SHA-256 of each CSV written (of its UTF-8 bytes, BOM included), lower-case hex. */
  sha256: Record<string, string>;
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
  const batch = options.leafBatch ?? LEAF_BATCH;
  // The index first, the pages after: a publish moves its page before the index, so whatever this run
  // misses moves the index past what it records, and the next run rebuilds it.
  const [index, stored] = await Promise.all([
    ports.aggregates.get(aggregate.feedIndex()),
    ports.aggregates.get(aggregate.catalogue()),
  ]);
  const state = stored?.value ?? EMPTY;
  const versions = index?.value.yearVersions ?? {};
  const listed = index?.value.index ?? {};
  const outcome: CatalogueOutcome = {
    years: [],
    bytes: {},
    sha256: {},
    departments: "not_due",
    pagesRead: 0,
  };
  const now = ports.clock.now();
  const indexChanged = index?.value.lastChanged ?? "";
  const last = state.departments;
  const due =
    !last || last.indexChanged !== indexChanged || now.getTime() - Date.parse(last.builtAt) >= every;
  // Who published which year, gathered while the years' leaves go by (only when the list is due).
  const published = new Map<string, number[]>();
  const gathered = new Set<number>();
  const leaves = async function* (year: number) {
    for await (const page of yearLeaves(ports, year, batch)) {
      outcome.pagesRead++;
      if (due && !gathered.has(year)) {
        for (const entry of entriesInOrder(page)) {
          if (!entry.entry) continue;
          const id = entry.entry.department.id;
          published.set(id, [...(published.get(id) ?? []), year]);
        }
      }
      yield page;
    }
    gathered.add(year);
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
      const csv = yearCsv(ports, year, leaves(year));
      const text = streamText(csv.lines, CSV_CONTENT_TYPE);
      await ports.feed.writeStream(path, text.document);
      // Its CSVW metadata beside it: which format's table schema its columns follow.
      await ports.feed.write(
        feedPaths.yearCsvMetadata(year),
        serializeDocument(yearCsvMetadataDocument(year, csv.format())),
      );
      const { bytes, sha256 } = text.digest();
      outcome.bytes[key] = bytes;
      outcome.sha256[key] = sha256;
    }
    built[key] = version;
    outcome.years.push(year);
  }

  let departments: CatalogueState["departments"] = null;
  if (due) {
    for (const key of Object.keys(listed)) {
      if (gathered.has(Number(key))) continue;
      for await (const _ of leaves(Number(key))) {
        // The leaves' entries are gathered on the way.
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
 * The year's CSV a chunk at a time: the BOM and its format's header, then each leaf's lines (a line per
 * published report, in department order). The format is the year's, or else the first report's: the
 * header waits for the first report, and leaves before it have no line. `format()` is the one written,
 * once the lines have all been read.
 */
function yearCsv(
  ports: CataloguePorts,
  year: number,
  leaves: AsyncIterable<ListingPage<YearListed>>,
): { lines: AsyncGenerator<string>; format(): FormatSpec } {
  let format: FormatSpec | undefined = formatForYear(year);
  async function* lines(): AsyncGenerator<string> {
    if (format) yield CSV_BOM + csvHeader(format);
    for await (const page of leaves) {
      const rows: string[] = [];
      for (const listed of entriesInOrder(page)) {
        const entry = listed.entry;
        if (!entry) continue;
        const entryFormat = formatById(entry.format);
        if (!format) {
          format = entryFormat;
          rows.push(CSV_BOM + csvHeader(format));
        }
        let cells = listed.cells;
        if (!cells) {
          // An entry listed before entries kept their cells: its report version has them.
          const version = await ports.versions.get(entry.department.id, year, listed.order);
          if (!version)
            throw new Error(`version ${listed.order} of ${entry.department.id} ${year} is missing`);
          cells = listedCells(entryFormat, version.tables);
        }
        rows.push(csvRow(format, entry, cells, entryFormat));
      }
      if (rows.length > 0) yield rows.join("");
    }
    if (!format) {
      format = FORMATS.at(-1) as FormatSpec;
      yield CSV_BOM + csvHeader(format);
    }
  }
  return {
    lines: lines(),
    format: () => {
      if (!format) throw new Error(`catalogue: the CSV of ${year} was not made`);
      return format;
    },
  };
}
