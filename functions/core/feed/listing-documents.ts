import type {
  DepartmentRef,
  PageRef,
  RegionDoc,
  RegionEntry,
  RegionPageDoc,
  YearDoc,
  YearEntry,
  YearPageDoc,
} from "../../../schemas/feed";
import { FEED_VERSION } from "../../../schemas/feed-constants";
import {
  childrenInOrder,
  type EntryChange,
  entriesInOrder,
  type InnerPage,
  type ListingPage,
  levelOf,
} from "./listing";
import { feedPaths } from "./paths";
import type { ScopeSums } from "./sums";
import { summaryDocument } from "./totals";

/**
 * The listings' entries as their pages store them, how each changes, and the documents rendered from
 * them: the year document and its pages, a region's document and its pages. Every entry carries the
 * version it shows (the upload's order, and for a report the explanations it shows), so a change arriving
 * late or twice never puts an older version back; a withdrawn report leaves a tombstone for the same
 * reason.
 */

/** A year listing's entry: a department's published report, or the tombstone of a withdrawn one. */
export interface YearListed {
  order: string;
  /** The season record's explanation counter the report document was rendered with. */
  explained: number;
  /** null: withdrawn. */
  entry: YearEntry | null;
  warnings: number;
  /** The report's cells in its format's order (`listedCells`): what the year's CSV is rebuilt from. */
  cells?: number[];
}

/** Versions compared: a later upload, then a withdrawal of the same upload, then more explanations. */
function newer(
  next: { order: string; removed: boolean; explained: number },
  stored: { order: string; removed: boolean; explained: number },
): boolean {
  if (next.order !== stored.order) return next.order > stored.order;
  if (next.removed !== stored.removed) return next.removed;
  return next.explained > stored.explained;
}

const yearStamp = (listed: YearListed) => ({
  order: listed.order,
  removed: listed.entry === null,
  explained: listed.explained,
});

/** Sets the department's year entry unless a newer one (or its withdrawal) is listed. */
export function yearListingChange(next: YearListed): EntryChange<YearListed> {
  return (stored) => (!stored || newer(yearStamp(next), yearStamp(stored)) ? next : undefined);
}

/** How a listing's main document shows it: its entries, or the pages below its root. */
export type ListingView<E> = { kind: "inline"; entries: E[] } | { kind: "pages"; pages: PageRef[] };

/** The pages an inner page lists, in key order, as documents refer to them. */
export function pageRefs(page: InnerPage, path: (page: number) => string): PageRef[] {
  return childrenInOrder(page).map((child) => ({ page: child.n, path: path(child.n), from: child.lower }));
}

/** A listing's view from its root: a leaf's entries inline, else the pages the root lists. */
export function listingView<S, E>(
  root: ListingPage<unknown> | null,
  path: (page: number) => string,
  show: (page: ListingPage<S>) => E[],
): ListingView<E> {
  if (!root || levelOf(root) === 0) {
    return { kind: "inline", entries: root ? show(root as ListingPage<S>) : [] };
  }
  return { kind: "pages", pages: pageRefs(root as InnerPage, path) };
}

/** A year page's published entries in department order. */
export function yearPageEntries(page: ListingPage<YearListed>): YearEntry[] {
  return entriesInOrder(page).flatMap((listed) => (listed.entry ? [listed.entry] : []));
}

/** `v1/years/{year}.json`: counts, and the reports or the pages holding them. */
export function yearDocument(year: number, sums: ScopeSums | null, listing: ListingView<YearEntry>): YearDoc {
  return {
    schemaVersion: FEED_VERSION,
    year,
    updatedAt: sums?.lastChanged || new Date(0).toISOString(),
    counts: { reported: sums?.totals.departments ?? 0, withWarnings: sums?.withWarnings ?? 0 },
    ...(listing.kind === "inline" ? { reports: listing.entries } : { pages: listing.pages }),
  };
}

/** `v1/years/{year}/pages/{n}.json`: a leaf's reports, or the pages an inner page lists. */
export function yearPageDocument(year: number, page: ListingPage<YearListed> | InnerPage): YearPageDoc {
  const level = levelOf(page);
  return {
    schemaVersion: FEED_VERSION,
    year,
    page: page.n,
    level,
    from: page.lower,
    to: page.upper,
    updatedAt: page.changedAt || new Date(0).toISOString(),
    ...(level === 0
      ? { reports: yearPageEntries(page as ListingPage<YearListed>) }
      : { pages: pageRefs(page as InnerPage, (n) => feedPaths.yearPage(year, n)) }),
  };
}

/** A department's report of one year, as its regions' listings keep it. */
export interface MemberYear {
  order: string;
  /** Withdrawn: a tombstone that keeps older versions from coming back. */
  removed: boolean;
  publishedAt: string;
  warnings: number;
}

/** A region listing's entry: a department of the region (or a region below it) and its years. */
export interface MemberListed {
  department: DepartmentRef;
  /** The region the department belongs to directly. */
  region: string;
  /** When the registration this entry shows was made: a later one wins. "" when a publish listed it first. */
  registeredAt: string;
  /** false: the department moved out of the region (or left the registry). */
  member: boolean;
  years: Record<string, MemberYear>;
}

/** Where the registry puts a department, as of when. */
export interface Membership {
  department: DepartmentRef;
  region: string;
  registeredAt: string;
  member: boolean;
}

/** Sets where the department belongs (keeping its years) unless a later registration is listed. */
export function membershipChange(next: Membership): EntryChange<MemberListed> {
  return (stored) => {
    if (!stored) return next.member ? { ...next, years: {} } : undefined;
    if (stored.registeredAt > next.registeredAt) return undefined;
    const same =
      stored.member === next.member &&
      stored.region === next.region &&
      stored.department.name === next.department.name &&
      stored.registeredAt === next.registeredAt;
    return same ? undefined : { ...next, years: stored.years };
  };
}

/**
 * Sets the department's report of a year unless a newer one (or its withdrawal) is listed. A department
 * not listed yet (registered before its region was, say) is listed as a member by what `membership` says.
 */
export function memberYearChange(
  membership: Omit<Membership, "registeredAt">,
  year: number,
  next: MemberYear,
): EntryChange<MemberListed> {
  return (stored) => {
    const base: MemberListed = stored ?? { ...membership, registeredAt: "", years: {} };
    const known = base.years[String(year)];
    if (known && !newer({ ...next, explained: 0 }, { ...known, explained: 0 })) return undefined;
    return { ...base, years: { ...base.years, [String(year)]: next } };
  };
}

/** How many departments a region page lists as members. */
export function memberCount(entries: Record<string, MemberListed>): number {
  return Object.values(entries).filter((entry) => entry.member).length;
}

/** A region page's departments, each with the years it reported (a year missing: not reported). */
export function regionPageEntries(page: ListingPage<MemberListed>): RegionEntry[] {
  return entriesInOrder(page)
    .filter((listed) => listed.member)
    .map((listed) => ({
      department: { id: listed.department.id, name: listed.department.name },
      region: listed.region,
      years: Object.entries(listed.years)
        .filter(([, report]) => !report.removed)
        .map(([key, report]) => ({
          year: Number(key),
          publishedAt: report.publishedAt,
          path: feedPaths.report(Number(key), listed.department.id),
          withWarnings: report.warnings > 0,
        }))
        .sort((a, b) => a.year - b.year),
    }));
}

/** A region as its documents name it. */
export interface RegionRef {
  id: string;
  name: string;
  parent: string | null;
}

export interface RegionDocumentInput {
  region: RegionRef;
  year: number;
  sums: ScopeSums;
  /** Departments registered in the region and below. */
  registered: number;
  /** The regions directly below. */
  children: readonly { id: string; name: string }[];
  listing: ListingView<RegionEntry>;
}

/** `v1/regions/{region}/{year}.json`. */
export function regionDocument(input: RegionDocumentInput): RegionDoc {
  const { region, year, sums } = input;
  const summary = summaryDocument(sums.totals, sums.lastChanged);
  const reported = sums.totals.departments;
  return {
    schemaVersion: FEED_VERSION,
    region: { id: region.id, name: region.name, parent: region.parent },
    year,
    updatedAt: sums.lastChanged,
    counts: {
      registered: Math.max(input.registered, reported),
      reported,
      withWarnings: sums.withWarnings,
      // A department that moved is counted where it went once its next publish moves its numbers.
      notReported: Math.max(0, input.registered - reported),
    },
    regions: input.children.map((child) => ({
      id: child.id,
      name: child.name,
      path: feedPaths.region(child.id, year),
    })),
    format: summary.format,
    tables: summary.tables,
    rates: summary.rates,
    ...(input.listing.kind === "inline"
      ? { departments: input.listing.entries }
      : { pages: input.listing.pages }),
  };
}

/** `v1/regions/{region}/pages/{n}.json`: a leaf's departments, or the pages an inner page lists. */
export function regionPageDocument(
  region: string,
  page: ListingPage<MemberListed> | InnerPage,
): RegionPageDoc {
  const level = levelOf(page);
  return {
    schemaVersion: FEED_VERSION,
    region,
    page: page.n,
    level,
    from: page.lower,
    to: page.upper,
    updatedAt: page.changedAt || new Date(0).toISOString(),
    ...(level === 0
      ? { departments: regionPageEntries(page as ListingPage<MemberListed>) }
      : { pages: pageRefs(page as InnerPage, (n) => feedPaths.regionPage(region, n)) }),
  };
}
