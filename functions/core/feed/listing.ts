/**
 * A listing too long for one document, kept as a tree of pages of a steady size: the year's reports, a
 * region's departments. Leaf pages (level 0) hold consecutive ranges of keys (department ids, in plain
 * code-unit order), so the leaves read left to right are the listing sorted; an inner page (level 1 and
 * up) holds consecutive ranges of the level below it, each by its lowest key. A page that would outgrow
 * its capacity splits in two, the page above gains one entry, and when the top page (the root) splits a
 * new root takes both: every page holds at most its capacity, however many entries the listing has, and
 * a publish reads one page per level and rewrites one leaf (more only when pages split). Nothing is ever
 * read or written whole.
 *
 * Each page knows its own range (`lower` ≤ key < `upper`) and the page after it at its level (`next`), so
 * the pages above are only hints (a B-link tree's rule, Lehman and Yao 1981): a writer that finds a key
 * beyond its page's range follows `next`, and a split the page above missed (a crash between the split
 * and the parent's update) is finished by whoever notices. These are the pure parts; storing the pages is
 * `ingest/listing-pages.ts`'s.
 */

/**
 * Entries a leaf holds before it splits. Leaves filled in no particular order hold about 69% of this
 * (ln 2), about 11: the size of a young year's whole listing, so a publish rewrites about as many bytes
 * of listing at 100,000 reports as at 10.
 */
export const LISTING_LEAF_CAPACITY = 16;
/**
 * Pages an inner page lists before it splits: with leaves of about 11, three levels of about 22 hold
 * 100,000 reports and four hold 2,000,000, each inner page a few hundred bytes gzipped.
 */
export const LISTING_FANOUT = 32;

/** An inner page's entry: a page of the level below, by its lowest key. */
export interface ChildRef {
  n: number;
  /** Entries counted under the page (counted listings only), as of which version of it (only moves forward). */
  entries?: number;
  version?: number;
}

export interface ListingPage<E> {
  /** The page's number: `…/pages/{n}.json`. Page 0 is every listing's first leaf. */
  n: number;
  /** 0: a leaf, whose entries are the listing's; above: an inner page, whose entries are `ChildRef`s. */
  level?: number;
  /** The lowest key the page holds (inclusive); "" for the first page of a level. */
  lower: string;
  /** The lowest key of the next page (exclusive bound), or null for the last page of its level. */
  upper: string | null;
  next: number | null;
  entries: Record<string, E>;
  /** When an entry of the page last changed. */
  changedAt: string;
  /**
   * An inner page whose entries changed and whose document is still to be written: whoever passes by
   * writes it (a leaf's document is written by every change of it instead).
   */
  unwritten?: true;
}

/** An inner page: the pages of the level below it, by their lowest keys. */
export type InnerPage = ListingPage<ChildRef>;

/** A listing's head: where its root is, the page counter, and the years its documents are written for. */
export interface ListingHead {
  /** The root page: page 0 until the first leaf splits. */
  root: number;
  /** The number the next page created takes (the adapter keeps the counter itself; this seeds it). */
  nextPage: number;
  /** The years this listing's documents are written for (a region's). */
  years: number[];
}

/** A page's level (leaves store none). */
export const levelOf = (page: ListingPage<unknown>): number => page.level ?? 0;

/** Plain code-unit order: the same on every machine, unlike a locale's. */
export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function emptyHead(): ListingHead {
  return { root: 0, nextPage: 1, years: [] };
}

export function firstPage<E>(): ListingPage<E> {
  return { n: 0, lower: "", upper: null, next: null, entries: {}, changedAt: "" };
}

/** The page of the level below that an inner page says holds `key`: its last with a lower key at most it. */
export function routeChild(page: InnerPage, key: string): number {
  let found: string | null = null;
  for (const lower of Object.keys(page.entries)) {
    if (lower <= key && (found === null || lower > found)) found = lower;
  }
  if (found === null) throw new Error(`listing page ${page.n} holds no page for ${key}`);
  return page.entries[found]!.n;
}

/** Whether the key falls in the page's range. */
export function inPage(page: ListingPage<unknown>, key: string): boolean {
  return key >= page.lower && (page.upper === null || key < page.upper);
}

/** Whether the inner page lists a page of the level below under that lowest key. */
export function listsChild(page: InnerPage, lower: string, n: number): boolean {
  return page.entries[lower]?.n === n;
}

/** The capacity of a page of a level: `capacity` in tests of splitting, for every level. */
export function pageCapacity(level: number, capacity?: number): number {
  return capacity ?? (level === 0 ? LISTING_LEAF_CAPACITY : LISTING_FANOUT);
}

/**
 * A page split in two: the page keeps the lower half, a new page `n` takes the rest. When the key that
 * overfilled the last page of its level is its highest (ids registered in order), the page keeps all but
 * it, so a listing filled in order has full pages rather than half-full ones.
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
      ...(page.level ? { level: page.level } : {}),
      lower,
      upper: page.upper,
      next: page.next,
      entries: pick(at, keys.length),
      changedAt: page.changedAt,
    },
  };
}

/** A new root above the first page of the top level and the page split off it. */
export function grownRoot(
  n: number,
  level: number,
  left: ChildRef,
  right: ChildRef & { lower: string },
  at: string,
): InnerPage {
  const { lower, ...ref } = right;
  return {
    n,
    level,
    lower: "",
    upper: null,
    next: null,
    entries: { "": left, [lower]: ref },
    changedAt: at,
  };
}

/** Lists a page of the level below (split off another) under its lowest key, unless it is listed. */
export function withChild(ref: ChildRef): EntryChange<ChildRef> {
  return (stored) => (stored?.n === ref.n ? undefined : ref);
}

/** A child's count as of a version of it, or undefined when the inner page has it (or a newer one). */
export function withChildCount(
  page: InnerPage,
  lower: string,
  n: number,
  entries: number,
  version: number,
): InnerPage | undefined {
  const ref = page.entries[lower];
  if (!ref || ref.n !== n) return undefined;
  if ((ref.version ?? -1) >= version || ref.entries === entries) return undefined;
  return { ...page, entries: { ...page.entries, [lower]: { n, entries, version } } };
}

/** How many entries an inner page counts under it. */
export function countedEntries(page: InnerPage): number {
  return Object.values(page.entries).reduce((total, ref) => total + (ref.entries ?? 0), 0);
}

/** The head with a year its documents are written for, or undefined when it has it. */
export function withListingYear(head: ListingHead, year: number): ListingHead | undefined {
  if (head.years.includes(year)) return undefined;
  return { ...head, years: [...head.years, year].sort((a, b) => a - b) };
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

/** An inner page's pages in key order, each with its lowest key. */
export function childrenInOrder(page: InnerPage): (ChildRef & { lower: string })[] {
  return Object.keys(page.entries)
    .sort(byKey)
    .map((lower) => ({ ...page.entries[lower]!, lower }));
}
