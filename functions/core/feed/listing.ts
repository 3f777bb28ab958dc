/**
 * A listing too long for one document, kept in pages of a steady size: the year's reports, a region's
 * departments. Pages hold consecutive ranges of keys (department ids, in plain code-unit order), so the
 * listing read page after page is sorted; a page that would outgrow LISTING_PAGE_CAPACITY splits in two,
 * so every page but a young listing's only one holds between half and all of the capacity, however many
 * entries the listing has. A publish rewrites one page (two when it splits), never the listing.
 *
 * Each page knows its own range (`lower` ≤ key < `upper`) and the page after it (`next`), so the
 * directory — the list of pages a reader starts from — only has to be a hint: a writer that finds a key
 * beyond its page's range follows `next` (a B-link tree's rule), and a directory that missed a split (a
 * crash between the split and the directory's update) is repaired by whoever notices. These are the pure
 * parts; storing the pages is `ingest/listing-pages.ts`'s.
 */

/**
 * Entries per page before it splits. Pages that split when full hold about 69% of this on average when
 * departments arrive in no particular order (and all of it when they arrive in id order), so 200,000
 * reports take about 970 pages: within the directory's 1,000. Past that, pages grow rather than split.
 * Smaller pages would make a publish cheaper at 100,000 reports only by making the year document's list
 * of pages longer: about 300 balances the two (the year document and the page are both rewritten).
 */
export const LISTING_PAGE_CAPACITY = 300;
/** The most pages a directory lists; past it pages grow instead of splitting. */
export const MAX_LISTING_PAGES = 1000;
/** The most entries a page may hold even then (the feed's limit for one document). */
export const MAX_PAGE_ENTRIES = 1000;

export interface ListingPage<E> {
  /** The page's number: `…/pages/{n}.json`. Page 0 starts every listing. */
  n: number;
  /** The lowest key the page holds (inclusive); "" for page 0. */
  lower: string;
  /** The lowest key of the next page (exclusive bound), or null for the last page. */
  upper: string | null;
  next: number | null;
  entries: Record<string, E>;
  /** When an entry of the page last changed. */
  changedAt: string;
}

export interface DirectoryPage {
  n: number;
  lower: string;
}

export interface ListingDirectory {
  /** Sorted by `lower`; the first is page 0. */
  pages: DirectoryPage[];
  /** The number the next page created takes. */
  nextPage: number;
  /** page number → how many entries it holds, as of which version of the page (only moves forward). */
  counts: Record<string, { entries: number; pageVersion: number }>;
  /** The years this listing's documents are written for (a region's). */
  years: number[];
  /**
   * page number → the version of the page whose document is still to be written (a split's two pages,
   * until their documents are): every writer of the listing writes them, so a crash cannot leave a
   * listed page without its document.
   */
  unrendered: Record<string, number>;
}

/** Plain code-unit order: the same on every machine, unlike a locale's. */
export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function emptyDirectory(): ListingDirectory {
  return { pages: [{ n: 0, lower: "" }], nextPage: 1, counts: {}, years: [], unrendered: {} };
}

export function firstPage<E>(): ListingPage<E> {
  return { n: 0, lower: "", upper: null, next: null, entries: {}, changedAt: "" };
}

/** The page the directory says holds `key`: the last one whose lower bound is at most the key. */
export function routePage(directory: ListingDirectory, key: string): number {
  let page = 0;
  for (const entry of directory.pages) if (entry.lower <= key) page = entry.n;
  return page;
}

/** Whether the key falls in the page's range. */
export function inPage(page: ListingPage<unknown>, key: string): boolean {
  return key >= page.lower && (page.upper === null || key < page.upper);
}

/**
 * Whether a page with this many entries must split (while the directory has room for another page);
 * throws past MAX_PAGE_ENTRIES. `capacity` is LISTING_PAGE_CAPACITY but in tests of splitting.
 */
export function mustSplit(
  entries: number,
  directory: ListingDirectory,
  capacity = LISTING_PAGE_CAPACITY,
): boolean {
  const room = directory.pages.length < MAX_LISTING_PAGES;
  if (entries > MAX_PAGE_ENTRIES && !room) {
    throw new Error(
      `listing: a page would hold ${entries} entries, over ${MAX_PAGE_ENTRIES}, and no page can be added`,
    );
  }
  return entries > capacity && room;
}

/**
 * A page split in two at a key: the page keeps the keys below it, a new page `n` takes the rest. When the
 * key that overfilled the last page is its highest (ids registered in order), the page keeps all but it,
 * so a listing filled in order has full pages rather than half-full ones.
 */
export function splitPage<E>(
  page: ListingPage<E>,
  entries: Record<string, E>,
  added: string,
  n: number,
): { kept: ListingPage<E>; split: ListingPage<E> } {
  const keys = Object.keys(entries).sort(byKey);
  const at = page.upper === null && keys.at(-1) === added ? keys.length - 1 : Math.floor(keys.length / 2);
  const lower = keys[at]!;
  const pick = (from: number, to: number) =>
    Object.fromEntries(keys.slice(from, to).map((key) => [key, entries[key]!]));
  return {
    kept: { ...page, upper: lower, next: n, entries: pick(0, at) },
    split: {
      n,
      lower,
      upper: page.upper,
      next: page.next,
      entries: pick(at, keys.length),
      changedAt: page.changedAt,
    },
  };
}

/**
 * The directory listing a page split off another, both pages' documents still to write; undefined when
 * it lists the page already.
 */
export function withSplitPage(
  directory: ListingDirectory,
  page: DirectoryPage,
  versions: Record<string, number>,
): ListingDirectory | undefined {
  if (directory.pages.some((entry) => entry.n === page.n)) return undefined;
  const pages = [...directory.pages, page].sort((a, b) => byKey(a.lower, b.lower));
  return {
    ...directory,
    pages,
    nextPage: Math.max(directory.nextPage, page.n + 1),
    unrendered: { ...directory.unrendered, ...versions },
  };
}

/** The directory with a page's document written as of a version of it, or undefined when nothing changes. */
export function withPageRendered(
  directory: ListingDirectory,
  n: number,
  pageVersion: number,
): ListingDirectory | undefined {
  const waiting = directory.unrendered[String(n)];
  if (waiting === undefined || waiting > pageVersion) return undefined;
  const { [String(n)]: _done, ...unrendered } = directory.unrendered;
  return { ...directory, unrendered };
}

/** The directory with a page's entry count as of a version of the page, or undefined when it has as much. */
export function withPageCount(
  directory: ListingDirectory,
  n: number,
  entries: number,
  pageVersion: number,
): ListingDirectory | undefined {
  const known = directory.counts[String(n)];
  if (known && (known.pageVersion >= pageVersion || known.entries === entries)) return undefined;
  return { ...directory, counts: { ...directory.counts, [String(n)]: { entries, pageVersion } } };
}

/** The directory with a year its documents are written for, or undefined when it has it. */
export function withListingYear(directory: ListingDirectory, year: number): ListingDirectory | undefined {
  if (directory.years.includes(year)) return undefined;
  return { ...directory, years: [...directory.years, year].sort((a, b) => a - b) };
}

/** How many entries the directory counts over its pages. */
export function countedEntries(directory: ListingDirectory): number {
  return Object.values(directory.counts).reduce((total, count) => total + count.entries, 0);
}

/** A change of one entry: the entry to store, null to remove it, undefined for nothing to change. */
export type EntryChange<E> = (entry: E | undefined) => E | null | undefined;

/** The page's entries with one key changed, or undefined when nothing changes. */
export function changedEntries<E>(
  entries: Record<string, E>,
  key: string,
  change: EntryChange<E>,
): Record<string, E> | undefined {
  const next = change(entries[key]);
  if (next === undefined) return undefined;
  if (next === null) {
    if (!(key in entries)) return undefined;
    const { [key]: _removed, ...rest } = entries;
    return rest;
  }
  return { ...entries, [key]: next };
}

/** A page's entries in key order. */
export function entriesInOrder<E>(page: ListingPage<E>): E[] {
  return Object.keys(page.entries)
    .sort(byKey)
    .map((key) => page.entries[key]!);
}
