import {
  changedEntries,
  type EntryChange,
  emptyDirectory,
  firstPage,
  inPage,
  type ListingDirectory,
  type ListingPage,
  mustSplit,
  routePage,
  splitPage,
  withPageCount,
  withPageRendered,
  withSplitPage,
} from "../core/feed";
import {
  type AggregateStates,
  aggregate,
  type IngestPorts,
  type PublishPorts,
  type Versioned,
} from "./ports";
import { update } from "./state-writes";

/**
 * One entry of a paged listing changed, page by page with single-item conditional writes (the pure
 * rules are `core/feed/listing.ts`'s):
 *
 * - The directory routes the key to a page; the page's own range is what counts, so a key beyond it
 *   follows the page's `next` (the directory may not list a split yet).
 * - The page is written by optimistic concurrency. A page that would outgrow its capacity splits: a page
 *   number is taken from the directory (an atomic increment), the new page is created with the upper half,
 *   the old one rewritten with the lower half and a link to it (conditional on its version: if it moved,
 *   the new page is deleted and the whole is tried again — until then nothing pointed to it), and only
 *   then does the directory list the new page. A crash between the two leaves a link the directory lacks;
 *   whoever next reads the linking page adds it.
 * - Both halves' documents are marked unwritten in the directory until written, so a crash after a split
 *   cannot leave a listed page without its document: every writer of the listing writes them.
 * - An entry carries the version it shows, so the change functions refuse anything older: a change
 *   applied twice or late changes nothing.
 *
 * Costs a bounded number of reads and writes: the directory, one page (two when it splits).
 */

/** A year's listing (published reports) or a region's (its departments). */
export type Listing = { kind: "year"; year: number } | { kind: "region"; region: string };

type DirectoryId = ReturnType<typeof aggregate.yearDirectory> | ReturnType<typeof aggregate.regionDirectory>;
type PageId = ReturnType<typeof aggregate.yearPage> | ReturnType<typeof aggregate.regionPage>;

export function directoryId(listing: Listing): DirectoryId {
  return listing.kind === "year"
    ? aggregate.yearDirectory(listing.year)
    : aggregate.regionDirectory(listing.region);
}

export function pageId(listing: Listing, page: number): PageId {
  return listing.kind === "year"
    ? aggregate.yearPage(listing.year, page)
    : aggregate.regionPage(listing.region, page);
}

/** What a page of this listing holds. */
type Page<L extends Listing> = L extends { kind: "year" }
  ? AggregateStates["yearPage"]
  : AggregateStates["regionPage"];
type Entry<L extends Listing> = Page<L> extends ListingPage<infer E> ? E : never;

export interface ListingChange<E> {
  key: string;
  change: EntryChange<E>;
  /** When the change is made: the page's `changedAt`. */
  at: string;
  /** How many entries a page counts in the directory (region listings count their members); none if absent. */
  count?: (entries: Record<string, E>) => number;
}

/** The listing's directory, created when the listing's first entry arrives. */
export async function listingDirectory(
  ports: Pick<IngestPorts, "aggregates">,
  listing: Listing,
): Promise<Versioned<ListingDirectory>> {
  const id = directoryId(listing);
  const stored = await ports.aggregates.get(id);
  if (stored) return stored;
  await ports.aggregates.put(id, emptyDirectory(), null);
  const created = await ports.aggregates.get(id);
  if (!created) throw new Error(`the directory of ${JSON.stringify(listing)} vanished as it was created`);
  return created;
}

/** The pages whose documents are to be written, and those of them this change read or wrote. */
export interface ListingResult<E> {
  pages: number[];
  /** page → its state as this change left it (what its document can be rendered from first). */
  known: Map<number, Versioned<ListingPage<E>>>;
  /** The directory as this change last read or wrote it. */
  directory: Versioned<ListingDirectory>;
}

/**
 * Applies one entry change. Returns the pages whose documents are to be written: the page the key is on
 * (whether or not it changed now: an earlier attempt may have changed it and died before writing its
 * document), the halves of a split, and any page still marked unwritten.
 */
export async function changeListing<L extends Listing>(
  ports: Pick<PublishPorts, "aggregates" | "settings">,
  listing: L,
  request: ListingChange<Entry<L>>,
): Promise<ListingResult<Entry<L>>> {
  type E = Entry<L>;
  const { aggregates } = ports;
  const dirId = directoryId(listing);
  let directory = await listingDirectory(ports, listing);
  const touched = new Set<number>(Object.keys(directory.value.unrendered).map(Number));
  const known = new Map<number, Versioned<ListingPage<E>>>();
  const done = () => ({ pages: [...touched], known, directory });
  let n = routePage(directory.value, request.key);
  for (let attempt = 0; attempt < 30; attempt++) {
    const stored = (await aggregates.get(pageId(listing, n))) as Versioned<ListingPage<E>> | null;
    if (!stored && n !== 0) throw new Error(`${JSON.stringify(listing)}: page ${n} is listed but missing`);
    const page: ListingPage<E> = stored?.value ?? firstPage<E>();
    if (page.next !== null && !directory.value.pages.some((entry) => entry.n === page.next)) {
      // A split the directory missed (a crash between the split and the directory's update).
      directory = (await update(ports, dirId, (state) =>
        withSplitPage(
          state ?? emptyDirectory(),
          { n: page.next!, lower: page.upper! },
          {
            [String(page.n)]: stored?.version ?? 0,
            [String(page.next)]: 0,
          },
        ),
      ))!;
      touched.add(page.n).add(page.next);
    }
    if (!inPage(page, request.key)) {
      n = page.next!;
      continue;
    }
    touched.add(n);
    const entries = changedEntries(page.entries, request.key, request.change);
    if (!entries) {
      if (stored) known.set(n, stored);
      return done();
    }
    const size = Object.keys(entries).length;
    if (mustSplit(size, directory.value, ports.settings.listingPageCapacity)) {
      const q = await aggregates.allocatePage(dirId);
      const { kept, split } = splitPage({ ...page, changedAt: request.at }, entries, request.key, q);
      if (!(await aggregates.put(pageId(listing, q), split as never, null))) {
        throw new Error(`${JSON.stringify(listing)}: page ${q} was taken twice`);
      }
      if (!(await aggregates.put(pageId(listing, n), kept as never, stored?.version ?? null))) {
        await aggregates.delete(pageId(listing, q));
        continue;
      }
      const keptVersion = (stored?.version ?? 0) + 1;
      known.set(n, { value: kept, version: keptVersion }).set(q, { value: split, version: 1 });
      directory = (await update(ports, dirId, (state) =>
        withSplitPage(
          state ?? emptyDirectory(),
          { n: q, lower: split.lower },
          {
            [String(n)]: keptVersion,
            [String(q)]: 1,
          },
        ),
      ))!;
      touched.add(n).add(q);
      if (request.count) {
        await countPage(ports, listing, n, request.count(kept.entries), keptVersion);
        await countPage(ports, listing, q, request.count(split.entries), 1);
      }
      n = routePage(directory.value, request.key);
      continue;
    }
    const next: ListingPage<E> = { ...page, entries, changedAt: request.at };
    if (await aggregates.put(pageId(listing, n), next as never, stored?.version ?? null)) {
      const version = (stored?.version ?? 0) + 1;
      known.set(n, { value: next, version });
      if (request.count && request.count(entries) !== request.count(page.entries)) {
        await countPage(ports, listing, n, request.count(entries), version);
      }
      return done();
    }
  }
  throw new Error(
    `${JSON.stringify(listing)}: too many concurrent writers of ${request.key}'s page; will retry`,
  );
}

async function countPage(
  ports: Pick<IngestPorts, "aggregates">,
  listing: Listing,
  n: number,
  entries: number,
  version: number,
): Promise<void> {
  await update(ports, directoryId(listing), (state) =>
    state ? withPageCount(state, n, entries, version) : undefined,
  );
}

/** Records that a page's document was written as of a version of the page. */
export async function pageRendered(
  ports: Pick<IngestPorts, "aggregates">,
  listing: Listing,
  n: number,
  version: number,
): Promise<void> {
  await update(ports, directoryId(listing), (state) =>
    state ? withPageRendered(state, n, version) : undefined,
  );
}
