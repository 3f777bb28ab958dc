import { formatById } from "../../schemas/formats";
import {
  departmentYear,
  listedCells,
  memberCount,
  memberYearChange,
  nextDepartmentHistory,
  sumsScope,
  withListingYear,
  type YearListed,
  yearEntry,
  yearListingChange,
} from "../core/feed";
import { directRegion, ROOT_PLACE, regionsOf } from "../core/season/places";
import type { SeasonRecord } from "../core/season/record";
import { countOnce } from "./count-once";
import {
  regionPageDocuments,
  type WrittenReport,
  writeDepartmentDocument,
  writeIndexDocument,
  writeRegionDocuments,
  writeReportDocument,
  writeYearDocuments,
  yearPageDocuments,
} from "./feed-documents";
import { changeListing, type ListingResult, listingHead } from "./listing-pages";
import { aggregate, type Department, type PublishPorts, type ReportVersion, type Versioned } from "./ports";
import { update } from "./state-writes";

export { SCHEMA_FINGERPRINT, SCHEMA_REVISION } from "./feed-documents";

/**
 * Publishing, made safe for at-least-once, out-of-order and concurrent deliveries with nothing but
 * single-item conditional writes. What is published is always what the sums count for the department
 * (`count-once.ts`): its CURRENT version for the year, unless withdrawn — never "the upload being
 * processed", so a late or retried older upload republishes the newer one. Then, each from that:
 * the report document, the department's entry in the year's listing and in every region above it (each
 * entry carries the version it shows, so nothing goes back), the department's history, and every document
 * they feed, each verified against the items it shows (`feed-documents.ts`). The whole is repeated while
 * the CURRENT pointer moves under it.
 *
 * Costs a bounded number of reads, writes and bytes however many reports the year holds: per scope (the
 * year and each region level) one sums shard and its head, and the listing's head and one page per level
 * of its tree (one leaf rewritten, more only when pages split); the documents read the same items.
 *
 * Returns the department's season record as counting left it (the documents only read it).
 */
export async function publishCurrent(
  ports: PublishPorts,
  department: Department,
  year: number,
  /** A version just written (versions never change), used when it is the current one. */
  written: ReportVersion | null = null,
): Promise<Versioned<SeasonRecord> | null> {
  const { versions } = ports;
  for (let round = 0; round < 5; round++) {
    const pointer = await versions.getCurrent(department.id, year);
    const version = !pointer
      ? null
      : written?.order === pointer.order
        ? written
        : await versions.get(department.id, year, pointer.order);
    if (pointer && !version) {
      throw new Error(`current version ${pointer.order} of ${department.id} ${year} is missing`);
    }
    const place = department.place ?? ROOT_PLACE;
    const regions = regionsOf(place);
    const record = await countOnce(ports, {
      department: department.id,
      year,
      place,
      current: pointer,
      version,
      scopes: [sumsScope.year(year), ...regions.map((region) => sumsScope.region(region, year))],
    });
    if (!record?.value.counted && !record?.value.withdrawn) return record;
    await publishDocuments(ports, department, year, regions, version, record);
    const after = await versions.getCurrent(department.id, year);
    if (after?.order === pointer?.order) return record;
  }
  throw new Error(
    `the current report of ${department.id} ${year} kept changing while publishing; will retry`,
  );
}

/** Every document that shows what the department counts with, from the report to the index. */
export async function publishDocuments(
  ports: PublishPorts,
  department: Department,
  year: number,
  regions: readonly string[],
  version: ReportVersion | null = null,
  /** The department's season record as counting just left it. */
  season?: Versioned<SeasonRecord>,
): Promise<void> {
  const ref = { id: department.id, name: department.name };
  const written = await writeReportDocument(ports, ref, year, version, season);
  if (!written) return;
  const at = ports.clock.now().toISOString();
  const yearPages = await changeListing(
    ports,
    { kind: "year", year },
    {
      key: department.id,
      change: yearListingChange(listed(written)),
      at,
      documents: yearPageDocuments(year),
    },
  );
  const regionPages = await Promise.all(
    regions.map((region) => listDepartmentYear(ports, region, department, year, written, at)),
  );
  const history = await update(ports, aggregate.departmentHistory(department.id), (state) => {
    const counted = written.record.counted;
    const withdrawn = written.record.withdrawn;
    if (counted && written.doc) {
      return nextDepartmentHistory(state, {
        year,
        order: counted.order,
        entry: departmentYear(written.doc),
        at,
      });
    }
    if (!withdrawn) return undefined;
    return nextDepartmentHistory(state, {
      year,
      order: withdrawn.order,
      entry: null,
      withdrawal: { year, withdrawnAt: withdrawn.at, reason: withdrawn.reason },
      at: withdrawn.at,
    });
  });
  const [index] = await Promise.all([
    writeYearDocuments(ports, year, yearPages),
    ...regions.map((region, i) => writeRegionDocuments(ports, region, year, regionPages[i]!)),
    writeDepartmentDocument(ports, ref, history),
  ]);
  await writeIndexDocument(ports, index);
}

/** The department's entry in the year's listing: its report, or the tombstone of its withdrawal. */
function listed(written: WrittenReport): YearListed {
  const { record, doc, sha256 } = written;
  if (record.counted && doc && sha256) {
    return {
      order: record.counted.order,
      explained: record.explained,
      entry: yearEntry(doc, sha256),
      warnings: record.counted.warnings,
      cells: listedCells(formatById(doc.format), doc.tables),
    };
  }
  return { order: record.withdrawn?.order ?? "", explained: record.explained, entry: null, warnings: 0 };
}

/** The department's year in a region's listing; returns the pages to write. */
async function listDepartmentYear(
  ports: PublishPorts,
  region: string,
  department: Department,
  year: number,
  written: WrittenReport,
  at: string,
): Promise<ListingResult> {
  const listing = { kind: "region", region } as const;
  const head = await listingHead(ports, listing);
  if (!head.value.years.includes(year)) {
    await update(ports, aggregate.regionDirectory(region), (state) =>
      state ? withListingYear(state, year) : undefined,
    );
  }
  const { counted, withdrawn } = written.record;
  const entry = counted
    ? { order: counted.order, removed: false, publishedAt: counted.publishedAt, warnings: counted.warnings }
    : { order: withdrawn?.order ?? "", removed: true, publishedAt: withdrawn?.at ?? at, warnings: 0 };
  return changeListing(ports, listing, {
    key: department.id,
    change: memberYearChange(
      {
        department: { id: department.id, name: department.name },
        region: directRegion(department.place ?? ROOT_PLACE) ?? region,
        member: true,
      },
      year,
      entry,
    ),
    at,
    count: memberCount,
    documents: regionPageDocuments(region),
  });
}
