import type { DepartmentRef, ReportDoc } from "../../schemas/feed";
import { FORMATS } from "../../schemas/formats";
import {
  countedEntries,
  departmentDocument,
  feedPaths,
  formatDocument,
  indexDocument,
  type ListingDirectory,
  type ListingPage,
  listingView,
  type MemberListed,
  nextFeedIndex,
  type RegionRef,
  regionDocument,
  regionPageDocument,
  regionPageEntries,
  reportDocument,
  SUM_SHARDS,
  type SumsScope,
  type SumsShard,
  schemaIndexDocument,
  serializeDocument,
  shownRevisions,
  summaryDocument,
  sumShards,
  sumsScope,
  withSchemaRevision,
  type YearListed,
  yearDocument,
  yearPageDocument,
  yearPageEntries,
} from "../core/feed";
import { explanationOf, type SeasonRecord } from "../core/season/record";
import { type Listing, pageId, pageRendered } from "./listing-pages";
import {
  type AggregateId,
  type AggregateState,
  aggregate,
  type PublishPorts,
  type ReportVersion,
  type Versioned,
} from "./ports";
import { type Rendered, update, writeVerified } from "./state-writes";

/**
 * Every feed document, rendered from the state items it shows and written verified against them
 * (`writeVerified`): the last write of a document always shows the latest state. Each document reads a
 * fixed number of fixed-size items: a sums total its head and SUM_SHARDS shards (one batch read), a
 * listing its directory and, while it has one page, that page.
 */

/**
 * Bump when the feed's JSON Schemas change, so the next publish writes them again (a unit test pins the
 * schemas' fingerprint to this revision, so a change cannot go unnoticed).
 */
export const SCHEMA_REVISION = 6;
/** sha256 of the JSON Schemas that SCHEMA_REVISION published. */
export const SCHEMA_FINGERPRINT = "cd733be7afc3f78ff4ad0a02c65b09e88bacbe1080aa6aa6d90456fd328714b5";

/** The report document as written, and the versions of the season record it shows. */
export interface WrittenReport {
  record: SeasonRecord;
  doc: ReportDoc | null;
  sha256: string | null;
}

/**
 * `v1/reports/{year}/{department}.json` of what the sums count for the department, with its explanations
 * and earlier versions; removed when nothing is counted because the report was withdrawn.
 */
export async function writeReportDocument(
  ports: PublishPorts,
  department: DepartmentRef,
  year: number,
  /** A version read already (used when it is the one counted). */
  read: ReportVersion | null = null,
  /** The season record as just written: the first rendering's (the check after it reads the version). */
  season?: Versioned<SeasonRecord>,
): Promise<WrittenReport | null> {
  let written: WrittenReport | null = null;
  let known = season;
  await writeVerified(ports, `report ${department.id} ${year}`, async () => {
    const seasonId = aggregate.season(department.id, year);
    const stored = known ?? (await ports.aggregates.get(seasonId));
    known = undefined;
    const record = stored?.value;
    const path = feedPaths.report(year, department.id);
    const watched: Rendered["watched"] = [[seasonId, stored?.version ?? null]];
    if (!record?.counted) {
      written = record ? { record, doc: null, sha256: null } : null;
      return { documents: record?.withdrawn ? [[path, null]] : [], watched };
    }
    const order = record.counted.order;
    const [version, revisions] = await Promise.all([
      read?.order === order ? read : ports.versions.get(department.id, year, order),
      ports.aggregates.get(aggregate.revisions(department.id, year)),
    ]);
    if (!version) throw new Error(`counted version ${order} of ${department.id} ${year} is missing`);
    const doc = reportDocument({
      report: {
        format: version.format,
        year,
        department: department.id,
        tables: version.tables,
        notes: version.notes,
      },
      department,
      publishedAt: version.publishedAt,
      source: version.source,
      warnings: version.warnings,
      explanation: (warning) => explanationOf(record, order, warning),
      revisions: shownRevisions(revisions?.value ?? null, order),
    });
    written = { record, doc, sha256: serializeDocument(doc).sha256 };
    return { documents: [[path, doc]], watched };
  });
  return written;
}

/** A sums scope read: its head's version and its shards added up. */
async function readScope(ports: PublishPorts, scope: SumsScope, also: AggregateId[] = []) {
  const head = aggregate.sumsHead(scope);
  const shards = Array.from({ length: SUM_SHARDS }, (_, shard) => aggregate.sumsShard(scope, shard));
  const items = await ports.aggregates.getMany([head, ...also, ...shards] as AggregateId[]);
  const shardItems = items.slice(1 + also.length) as (Versioned<SumsShard> | null)[];
  return {
    head: items[0]?.version ?? null,
    extra: items.slice(1, 1 + also.length),
    sums: sumShards(
      scope.year,
      shardItems.map((item) => item?.value ?? null),
    ),
  };
}

/** Pages to write documents of, and the states of them (and of the directory) a change just left. */
export interface PagesToWrite<E> {
  pages: readonly number[];
  known?: ReadonlyMap<number, Versioned<ListingPage<E>>>;
  directory?: Versioned<ListingDirectory>;
}

/**
 * What a listing's main document is rendered from: its scope's sums (head and shards), its directory and,
 * while it has one page, that page — in one batch read, except what a change just left (the first
 * rendering takes that; a check after the writes reads every version anyway).
 */
async function readListing<E>(
  ports: PublishPorts,
  scope: SumsScope,
  directoryId: AggregateId,
  firstPageId: AggregateId,
  known: PagesToWrite<E> | null,
) {
  const knownDirectory = known?.directory ?? null;
  const inline = knownDirectory ? knownDirectory.value.pages.length <= 1 : true;
  const knownFirst = inline ? (known?.known?.get(0) ?? null) : null;
  const also = [...(knownDirectory ? [] : [directoryId]), ...(inline && !knownFirst ? [firstPageId] : [])];
  const { head, extra, sums } = await readScope(ports, scope, also);
  const dir = knownDirectory ?? (extra.shift() as Versioned<ListingDirectory> | null | undefined) ?? null;
  const first =
    dir && dir.value.pages.length > 1
      ? null
      : (knownFirst ?? (extra.shift() as Versioned<ListingPage<E>> | null | undefined) ?? null);
  const watched: Rendered["watched"] = [
    [aggregate.sumsHead(scope), head],
    [directoryId, dir?.version ?? null],
  ];
  if (!dir || dir.value.pages.length <= 1) watched.push([firstPageId, first?.version ?? null]);
  return { sums, dir, first, watched };
}

/**
 * The documents of a listing's pages (when it has more than one), each verified against its page. The
 * first rendering takes the state a change just left (no second read of the page), the check after it
 * reads only the version.
 */
async function writePages<E>(
  ports: PublishPorts,
  listing: Listing,
  directory: ListingDirectory,
  { pages, known }: PagesToWrite<E>,
  render: (page: ListingPage<E>) => [path: string, document: unknown][],
): Promise<void> {
  await Promise.all(
    pages.map(async (n) => {
      const id = pageId(listing, n);
      let version: number | null = null;
      let first = known?.get(n) ?? null;
      await writeVerified(ports, `${JSON.stringify(listing)} page ${n}`, async () => {
        const stored = first ?? ((await ports.aggregates.get(id)) as Versioned<ListingPage<E>> | null);
        first = null;
        version = stored?.version ?? null;
        return { documents: stored ? render(stored.value) : [], watched: [[id, version]] };
      });
      // Only a page the directory marks unwritten is unmarked: one write of the directory per split page.
      const waiting = directory.unrendered[String(n)];
      if (version !== null && waiting !== undefined && waiting <= version) {
        await pageRendered(ports, listing, n, version);
      }
    }),
  );
}

/**
 * The year's pages (those given), its year and summary documents and its line in the index. The year
 * document lists the reports while they fit one page, else the pages.
 */
export async function writeYearDocuments(
  ports: PublishPorts,
  year: number,
  pages: PagesToWrite<YearListed>,
): Promise<Versioned<AggregateState<{ kind: "feedIndex" }>> | null> {
  const listing: Listing = { kind: "year", year };
  const directoryId = aggregate.yearDirectory(year);
  const directory = pages.directory ?? (await ports.aggregates.get(directoryId));
  if (directory && directory.value.pages.length > 1) {
    await writePages<YearListed>(ports, listing, directory.value, pages, (page) => [
      [feedPaths.yearPage(year, page.n), yearPageDocument(year, page)],
    ]);
  }
  const scope = sumsScope.year(year);
  let line: { reports: number; lastChanged: string; version: number } | null = null;
  let known: PagesToWrite<YearListed> | null = pages;
  await writeVerified(ports, `year ${year}`, async () => {
    const { sums, dir, first, watched } = await readListing(
      ports,
      scope,
      directoryId,
      aggregate.yearPage(year, 0),
      known,
    );
    known = null;
    if (!sums) return { documents: [], watched };
    line = { reports: sums.totals.departments, lastChanged: sums.lastChanged, version: watched[0]![1] ?? 0 };
    const view = dir
      ? listingView(dir.value, first?.value ?? null, (n) => feedPaths.yearPage(year, n), yearPageEntries)
      : { kind: "inline" as const, entries: [] };
    return {
      documents: [
        [feedPaths.year(year), yearDocument(year, sums, view)],
        [feedPaths.summary(year), summaryDocument(sums.totals, sums.lastChanged)],
      ],
      watched,
    };
  });
  const taken = line as { reports: number; lastChanged: string; version: number } | null;
  // The index as its line left it, for the index document's first rendering.
  return taken ? update(ports, aggregate.feedIndex(), (state) => nextFeedIndex(state, year, taken)) : null;
}

/**
 * A region's pages (those given, when it has more than one): `v1/regions/{region}/pages/{n}.json`, the
 * same for every year, each department with the years it reported.
 */
export async function writeRegionPages(
  ports: PublishPorts,
  regionId: string,
  pages: PagesToWrite<MemberListed>,
): Promise<void> {
  const directory = pages.directory ?? (await ports.aggregates.get(aggregate.regionDirectory(regionId)));
  if (!directory || directory.value.pages.length <= 1) return;
  await writePages<MemberListed>(
    ports,
    { kind: "region", region: regionId },
    directory.value,
    pages,
    (page) => [[feedPaths.regionPage(regionId, page.n), regionPageDocument(regionId, page)]],
  );
}

/** A region's pages (those given) and its document for the year. */
export async function writeRegionDocuments(
  ports: PublishPorts,
  regionId: string,
  year: number,
  pages: PagesToWrite<MemberListed>,
): Promise<void> {
  await writeRegionPages(ports, regionId, pages);
  await writeRegionYear(ports, regionId, year, pages);
}

/** `v1/regions/{region}/{year}.json`: the year's sums and counts, the departments or their pages. */
export async function writeRegionYear(
  ports: PublishPorts,
  regionId: string,
  year: number,
  pages: PagesToWrite<MemberListed> | null,
): Promise<void> {
  const directoryId = aggregate.regionDirectory(regionId);
  const region = await ports.regions.get(regionId);
  if (!region) throw new Error(`region ${regionId} is not registered`);
  const ref: RegionRef = { id: region.id, name: region.name, parent: region.parent };
  const scope = sumsScope.region(regionId, year);
  let known: PagesToWrite<MemberListed> | null = pages;
  await writeVerified(ports, `region ${regionId} ${year}`, async () => {
    const first = aggregate.regionPage(regionId, 0);
    const state = await readListing(ports, scope, directoryId, first, known);
    known = null;
    const { sums, dir, watched } = state;
    if (!sums || !dir) return { documents: [], watched };
    const view = listingView(
      dir.value,
      state.first?.value ?? null,
      (n) => feedPaths.regionPage(regionId, n),
      regionPageEntries,
    );
    const doc = regionDocument({
      region: ref,
      year,
      sums,
      registered: countedEntries(dir.value),
      children: region.children,
      listing: view,
    });
    return { documents: [[feedPaths.region(regionId, year), doc]], watched };
  });
}

/** `v1/departments/{department}.json`. */
export async function writeDepartmentDocument(
  ports: PublishPorts,
  department: DepartmentRef,
  /** The history as just written: the first rendering's (the check after it reads the version). */
  history?: Versioned<AggregateState<{ kind: "departmentHistory"; department: string }>> | null,
): Promise<void> {
  const id = aggregate.departmentHistory(department.id);
  let known = history ?? undefined;
  await writeVerified(ports, `department ${department.id}`, async () => {
    const stored = known ?? (await ports.aggregates.get(id));
    known = undefined;
    if (!stored) return { documents: [], watched: [[id, null]] };
    const { years, withdrawn, lastChanged } = stored.value;
    const doc = departmentDocument(
      department,
      Object.values(years),
      lastChanged,
      Object.values(withdrawn ?? {}),
    );
    return { documents: [[feedPaths.department(department.id), doc]], watched: [[id, stored.version]] };
  });
}

/** `v1/index.json`, and the JSON Schemas when they are of an older revision. */
export async function writeIndexDocument(
  ports: PublishPorts,
  /** The index as just written: the first rendering's (the check after it reads the version). */
  index?: Versioned<AggregateState<{ kind: "feedIndex" }>> | null,
): Promise<void> {
  const id = aggregate.feedIndex();
  let schemaRevision = SCHEMA_REVISION;
  let known = index ?? undefined;
  const rendered = await writeVerified(ports, "feed index", async () => {
    const stored = known ?? (await ports.aggregates.get(id));
    known = undefined;
    if (!stored) return { documents: [], watched: [[id, null]] };
    schemaRevision = stored.value.schemaRevision;
    return {
      documents: [[feedPaths.index, indexDocument(stored.value.index, stored.value.lastChanged)]],
      watched: [[id, stored.version]],
    };
  });
  // The rendering written is the index as it stands (verified): no second read for its revision.
  if (rendered.documents.length === 0) return;
  if (schemaRevision < SCHEMA_REVISION) {
    for (const [path, doc] of await revisionDocuments(ports.settings.feedBaseUrl)) {
      await ports.feed.write(path, serializeDocument(doc, "schema"));
    }
    await update(ports, id, (state) => withSchemaRevision(state, SCHEMA_REVISION));
  }
}

/**
 * What changes only with a deployment, written when SCHEMA_REVISION moves: the JSON Schemas (each with
 * its `$id` under the feed's base URL) and their list, and a document per format.
 */
export async function revisionDocuments(baseUrl: string): Promise<[path: string, document: unknown][]> {
  // Loaded only here: building every feed schema is the costliest part of a cold start.
  const { feedJsonSchemas } = await import("../../schemas/feed");
  const schemas = feedJsonSchemas(baseUrl);
  return [
    ...Object.entries(schemas).map(([name, schema]) => [feedPaths.schema(name), schema] as [string, unknown]),
    [feedPaths.schemaIndex, schemaIndexDocument(schemas, SCHEMA_REVISION)],
    ...FORMATS.map(
      (format) => [feedPaths.format(format.id), formatDocument(format, FORMATS)] as [string, unknown],
    ),
  ];
}
