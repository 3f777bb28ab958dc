import type { DepartmentRef, ReportDoc } from "../../schemas/feed";
import { FORMATS } from "../../schemas/formats";
import {
  departmentDocument,
  feedPaths,
  formatDocument,
  indexDocument,
  listingView,
  memberCount,
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
  yearCsvSchemaDocument,
  yearDocument,
  yearPageDocument,
  yearPageEntries,
} from "../core/feed";
import { explanationOf, type SeasonRecord } from "../core/season/record";
import {
  headId,
  type Listing,
  type ListingResult,
  listingRoot,
  type PageDocuments,
  pageCount,
  pageId,
} from "./listing-pages";
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
 * listing its head and its root page (the pages below are written as the listing changes:
 * `listing-pages.ts`).
 */

/**
 * Bump when the feed's JSON Schemas change, so the next publish writes them again (a unit test pins the
 * schemas' fingerprint to this revision, so a change cannot go unnoticed).
 */
export const SCHEMA_REVISION = 9;
/** sha256 of the JSON Schemas that SCHEMA_REVISION published. */
export const SCHEMA_FINGERPRINT = "28602ce0afd74c919301f6c52295b4f23c28235927b16030c19cb4b561e6c912";

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
async function readScope(ports: PublishPorts, scope: SumsScope) {
  const head = aggregate.sumsHead(scope);
  const shards = Array.from({ length: SUM_SHARDS }, (_, shard) => aggregate.sumsShard(scope, shard));
  const items = await ports.aggregates.getMany([head, ...shards] as AggregateId[]);
  const shardItems = items.slice(1) as (Versioned<SumsShard> | null)[];
  return {
    head: items[0]?.version ?? null,
    sums: sumShards(
      scope.year,
      shardItems.map((item) => item?.value ?? null),
    ),
  };
}

/** The documents of a year's listing pages (leaves and inner pages alike). */
export const yearPageDocuments =
  (year: number): PageDocuments =>
  (page) => [[feedPaths.yearPage(year, page.n), yearPageDocument(year, page as never)]];

/** The documents of a region's listing pages, the same for every year. */
export const regionPageDocuments =
  (region: string): PageDocuments =>
  (page) => [[feedPaths.regionPage(region, page.n), regionPageDocument(region, page as never)]];

/**
 * What a listing's main document is rendered from: its scope's sums (head and shards, one batch read),
 * the listing's head and its root — taken from what a change just left on the first rendering (a check
 * after the writes reads every version anyway).
 */
async function readListing(
  ports: PublishPorts,
  scope: SumsScope,
  listing: Listing,
  known: ListingResult | null,
) {
  const [{ head: sumsHead, sums }, head] = await Promise.all([
    readScope(ports, scope),
    known ? known.head : ports.aggregates.get(headId(listing)),
  ]);
  const root = known?.root ?? (head ? await listingRoot(ports, listing, head.value) : null);
  const watched: Rendered["watched"] = [
    [aggregate.sumsHead(scope), sumsHead],
    [headId(listing), head?.version ?? null],
  ];
  if (head && root) watched.push([pageId(listing, head.value.root), root.version]);
  return { sums, head, root, watched };
}

/**
 * The year's main documents: the year document (the reports while they fit one leaf, else the pages its
 * root lists), the summary, and its line in the index.
 */
export async function writeYearDocuments(
  ports: PublishPorts,
  year: number,
  listed: ListingResult | null,
): Promise<Versioned<AggregateState<{ kind: "feedIndex" }>> | null> {
  const listing: Listing = { kind: "year", year };
  const scope = sumsScope.year(year);
  let line: { reports: number; lastChanged: string; version: number } | null = null;
  let known = listed;
  await writeVerified(ports, `year ${year}`, async () => {
    const { sums, root, watched } = await readListing(ports, scope, listing, known);
    known = null;
    if (!sums) return { documents: [], watched };
    line = { reports: sums.totals.departments, lastChanged: sums.lastChanged, version: watched[0]![1] ?? 0 };
    const view = listingView(root?.value ?? null, (n) => feedPaths.yearPage(year, n), yearPageEntries);
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
 * A region's documents after a change of its listing: the year's, and every year's when the pages its
 * root lists changed (the pages are shared by its years).
 */
export async function writeRegionDocuments(
  ports: PublishPorts,
  regionId: string,
  year: number,
  listed: ListingResult,
): Promise<void> {
  const years = listed.rootChanged ? [...new Set([...listed.head.value.years, year])] : [year];
  await Promise.all(
    years.map((each) => writeRegionYear(ports, regionId, each, each === year ? listed : null)),
  );
}

/** `v1/regions/{region}/{year}.json`: the year's sums and counts, the departments or their pages. */
export async function writeRegionYear(
  ports: PublishPorts,
  regionId: string,
  year: number,
  listed: ListingResult | null,
): Promise<void> {
  const listing: Listing = { kind: "region", region: regionId };
  const region = await ports.regions.get(regionId);
  if (!region) throw new Error(`region ${regionId} is not registered`);
  const ref: RegionRef = { id: region.id, name: region.name, parent: region.parent };
  const scope = sumsScope.region(regionId, year);
  let known = listed;
  await writeVerified(ports, `region ${regionId} ${year}`, async () => {
    const { sums, head, root, watched } = await readListing(ports, scope, listing, known);
    known = null;
    if (!sums || !head || !root) return { documents: [], watched };
    const view = listingView(root.value, (n) => feedPaths.regionPage(regionId, n), regionPageEntries);
    const doc = regionDocument({
      region: ref,
      year,
      sums,
      registered: pageCount(root.value, memberCount),
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
 * its `$id` under the feed's base URL), the CSVW table schemas of the years' CSV, their list, and a
 * document per format.
 */
export async function revisionDocuments(baseUrl: string): Promise<[path: string, document: unknown][]> {
  // Loaded only here: building every feed schema is the costliest part of a cold start.
  const { feedJsonSchemas } = await import("../../schemas/feed");
  const schemas = feedJsonSchemas(baseUrl);
  const csv = FORMATS.map((format) => ({ format, schema: yearCsvSchemaDocument(format, FORMATS, baseUrl) }));
  return [
    ...Object.entries(schemas).map(([name, schema]) => [feedPaths.schema(name), schema] as [string, unknown]),
    ...csv.map(({ format, schema }) => [feedPaths.yearCsvSchema(format.id), schema] as [string, unknown]),
    [feedPaths.schemaIndex, schemaIndexDocument(schemas, SCHEMA_REVISION, csv)],
    ...FORMATS.map(
      (format) => [feedPaths.format(format.id), formatDocument(format, FORMATS)] as [string, unknown],
    ),
  ];
}
