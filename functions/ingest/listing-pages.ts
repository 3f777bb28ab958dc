import {
  type ChildRef,
  changedEntries,
  countedEntries,
  type EntryChange,
  emptyHead,
  firstPage,
  grownRoot,
  type InnerPage,
  inPage,
  type ListingHead,
  type ListingPage,
  levelOf,
  listsChild,
  type MemberListed,
  pageCapacity,
  routeChild,
  splitPage,
  withChild,
  withChildCount,
  type YearListed,
} from "../core/feed";
import { aggregate, type IngestPorts, type PublishPorts, type Versioned } from "./ports";
import { update, writeVerified } from "./state-writes";

/**
 * One entry of a listing tree changed (the pure rules are `core/feed/listing.ts`'s), with single-item
 * conditional writes only:
 *
 * - The head names the root; from it the key is routed one page per level down to its leaf. A page's own
 *   range is what counts, so a key beyond it follows the page's `next` (the page above may not list a
 *   split yet).
 * - A page is written by optimistic concurrency. One that would outgrow its capacity splits: a page
 *   number is taken from the head (an atomic increment), the new page is created with the upper half, the
 *   old one rewritten with the lower half and a link to it (conditional on its version: if it moved, the
 *   new page is deleted and the whole is tried again — until then nothing pointed to it). Then the split
 *   is finished: both halves' documents are written, and only then does the page above list the new one
 *   (one conditional write, which also counts the lower half anew), or, when the root split, a new root
 *   lists both and the head names it. A crash in between leaves a link the page above lacks; whoever next
 *   passes that way finishes the split, documents first. So a page listed in a written document always
 *   has its document.
 * - Every change writes the documents of the pages on its key's path (the root's are its listing's main
 *   document, its caller's): a crash after a page above changed and before its document was written is
 *   made good by the retry, which takes the same path.
 * - An entry carries the version it shows, so the change functions refuse anything older: a change
 *   applied twice or late changes nothing. Counts (a region's members) are kept per page in the page
 *   above, as of a version of the page, and mended along the path on every change.
 *
 * Costs a bounded number of reads, writes and bytes: the head, one page per level (a few hundred bytes
 * above the leaves), the leaf and its document, the path's documents; more only when pages split.
 */

/** A year's listing (published reports) or a region's (its departments). */
export type Listing = { kind: "year"; year: number } | { kind: "region"; region: string };

type HeadId = ReturnType<typeof aggregate.yearDirectory> | ReturnType<typeof aggregate.regionDirectory>;
type PageId = ReturnType<typeof aggregate.yearPage> | ReturnType<typeof aggregate.regionPage>;

export function headId(listing: Listing): HeadId {
  return listing.kind === "year"
    ? aggregate.yearDirectory(listing.year)
    : aggregate.regionDirectory(listing.region);
}

export function pageId(listing: Listing, page: number): PageId {
  return listing.kind === "year"
    ? aggregate.yearPage(listing.year, page)
    : aggregate.regionPage(listing.region, page);
}

/** What a leaf of this listing holds. */
type Entry<L extends Listing> = L extends { kind: "year" } ? YearListed : MemberListed;

/** A page of any level as stored, or the first leaf of a listing that has none yet (version null). */
export interface StoredPage {
  value: ListingPage<unknown>;
  version: number | null;
}

/** The documents of a page of the listing (a leaf or an inner page), by path. */
export type PageDocuments = (page: ListingPage<unknown>) => [path: string, document: unknown][];

export interface ListingChange<E> {
  key: string;
  change: EntryChange<E>;
  /** When the change is made: the page's `changedAt`. */
  at: string;
  /** How many entries a leaf counts (region listings count their members); none if absent. */
  count?: (entries: Record<string, E>) => number;
  /** The documents of the listing's pages, written as the tree changes. */
  documents: PageDocuments;
}

/** The listing's head, created when the listing's first entry arrives. */
export async function listingHead(
  ports: Pick<IngestPorts, "aggregates">,
  listing: Listing,
): Promise<Versioned<ListingHead>> {
  const id = headId(listing);
  const stored = await ports.aggregates.get(id);
  if (stored) return stored;
  await ports.aggregates.put(id, emptyHead(), null);
  const created = await ports.aggregates.get(id);
  if (!created) throw new Error(`the head of ${JSON.stringify(listing)} vanished as it was created`);
  return created;
}

/** A listing's head and root as one change left them: what its main document is rendered from. */
export interface ListingResult {
  head: Versioned<ListingHead>;
  root: StoredPage;
  /** Whether the root's entries changed (a region's other years' documents list them too). */
  rootChanged: boolean;
}

/**
 * Applies one entry change, and writes the documents of the pages on the key's path below the root (an
 * earlier attempt may have changed them and died before writing them).
 */
export async function changeListing<L extends Listing>(
  ports: Pick<PublishPorts, "aggregates" | "feed" | "settings">,
  listing: L,
  request: ListingChange<Entry<L>>,
): Promise<ListingResult> {
  const tree = new ListingTree(ports, listing, request as ListingChange<unknown>);
  const path = await tree.change(0, request.key, (entries) =>
    changedEntries(entries, request.key, request.change as EntryChange<unknown>),
  );
  if (request.count) await tree.mendCounts(path);
  // The key's leaf always (an earlier attempt may have changed it and died before its document); the
  // pages above it when marked unwritten.
  await Promise.all(
    path.slice(1).map((page) => (levelOf(page.value) === 0 ? tree.writeDocuments(page) : tree.written(page))),
  );
  const root = path[0]!;
  const before = tree.firstRoot!;
  const rootChanged =
    root.value.n !== before.value.n || (levelOf(root.value) > 0 && root.version !== before.version);
  return { head: tree.lastHead!, root, rootChanged };
}

/** The listing's root page: a leaf (the whole listing) or the top inner page. */
export async function listingRoot(
  ports: Pick<IngestPorts, "aggregates">,
  listing: Listing,
  head: ListingHead,
): Promise<StoredPage> {
  const stored = await ports.aggregates.get(pageId(listing, head.root));
  if (stored) return stored as StoredPage;
  if (head.root !== 0) throw new Error(`${JSON.stringify(listing)}: root ${head.root} is missing`);
  return { value: firstPage(), version: null };
}

/** How many entries a page counts: a leaf by the listing's count, an inner page by its children's. */
export function pageCount<E>(page: ListingPage<unknown>, count: (entries: Record<string, E>) => number) {
  return levelOf(page) === 0 ? count(page.entries as Record<string, E>) : countedEntries(page as InnerPage);
}

type PageChange = (entries: Record<string, unknown>) => Record<string, unknown> | undefined;

class ListingTree {
  /** The root as the first descent found it, and the head as the last one read it. */
  firstRoot: StoredPage | null = null;
  lastHead: Versioned<ListingHead> | null = null;

  constructor(
    private readonly ports: Pick<PublishPorts, "aggregates" | "feed" | "settings">,
    private readonly listing: Listing,
    private readonly request: ListingChange<unknown>,
  ) {}

  private get name(): string {
    return JSON.stringify(this.listing);
  }

  head(): Promise<Versioned<ListingHead>> {
    return listingHead(this.ports, this.listing);
  }

  /** A page; only the first leaf may be missing (a listing with no entry yet). */
  async read(n: number): Promise<StoredPage> {
    const stored = await this.ports.aggregates.get(pageId(this.listing, n));
    if (stored) return stored as StoredPage;
    if (n !== 0) throw new Error(`${this.name}: page ${n} is listed but missing`);
    return { value: firstPage(), version: null };
  }

  private put(page: ListingPage<unknown>, expected: number | null): Promise<boolean> {
    return this.ports.aggregates.put(pageId(this.listing, page.n), page as never, expected);
  }

  private countOf(page: ListingPage<unknown>): number {
    return pageCount(page, this.request.count!);
  }

  /** A child's entry in the page above: its number, and its count as of its version where counted. */
  private ref(page: StoredPage): ChildRef {
    return this.request.count
      ? { n: page.value.n, entries: this.countOf(page.value), version: page.version ?? 0 }
      : { n: page.value.n };
  }

  /**
   * The pages from the root down to the page of `level` whose range holds the key, finishing on the way
   * any split a page above missed.
   */
  async descend(key: string, level: number): Promise<{ path: StoredPage[] }> {
    for (let attempt = 0; attempt < 30; attempt++) {
      const head = await this.head();
      const root = await this.read(head.value.root);
      this.lastHead = head;
      this.firstRoot ??= root;
      if (root.value.next !== null) {
        await this.finishSplit([], root, await this.read(root.value.next));
        continue;
      }
      const path = [root];
      let missed = false;
      while (levelOf(path.at(-1)!.value) > level) {
        const parent = path.at(-1)!.value as InnerPage;
        let child = await this.read(routeChild(parent, key));
        // A link the page above lacks is a split to finish; one it lists is a split it has just taken.
        const unlisted = (page: StoredPage) =>
          page.value.next !== null &&
          inPage(parent, page.value.upper!) &&
          !listsChild(parent, page.value.upper!, page.value.next);
        while (!inPage(child.value, key) && !unlisted(child)) child = await this.read(child.value.next!);
        if (unlisted(child)) {
          await this.finishSplit(path, child, await this.read(child.value.next!));
          missed = true;
          break;
        }
        path.push(child);
      }
      if (missed) continue;
      const found = path.at(-1)!;
      // At the level sought, a key beyond the page's range follows `next` (a split not yet listed above).
      let page = found;
      while (!inPage(page.value, key)) page = await this.read(page.value.next!);
      path[path.length - 1] = page;
      return { path };
    }
    throw new Error(`${this.name}: the path to ${key} kept changing; will retry`);
  }

  /** Changes the entries of the page of `level` holding the key; returns the key's path afterwards. */
  async change(level: number, key: string, next: PageChange): Promise<StoredPage[]> {
    for (let attempt = 0; attempt < 30; attempt++) {
      const { path } = await this.descend(key, level);
      const stored = path.at(-1)!;
      const entries = next(stored.value.entries);
      if (!entries) return path;
      const changed: ListingPage<unknown> = {
        ...stored.value,
        entries,
        changedAt: this.request.at,
        ...(level > 0 ? { unwritten: true as const } : {}),
      };
      if (Object.keys(entries).length > pageCapacity(level, this.ports.settings.listingPageCapacity)) {
        const q = await this.ports.aggregates.allocatePage(headId(this.listing));
        const { kept, split } = splitPage(changed, entries, key, q);
        if (!(await this.put(split, null))) throw new Error(`${this.name}: page ${q} was taken twice`);
        if (!(await this.put(kept, stored.version))) {
          await this.ports.aggregates.delete(pageId(this.listing, q));
          continue;
        }
        await this.finishSplit(
          path.slice(0, -1),
          { value: kept, version: (stored.version ?? 0) + 1 },
          { value: split, version: 1 },
        );
        // The change is in; the next descent finds it there and returns the path.
        continue;
      }
      if (await this.put(changed, stored.version)) {
        path[path.length - 1] = { value: changed, version: (stored.version ?? 0) + 1 };
        return path;
      }
    }
    throw new Error(`${this.name}: too many concurrent writers of ${key}'s page; will retry`);
  }

  /**
   * A split made visible: both halves' documents, then the page above lists the new half (counting the
   * lower one anew), or a new root lists both when the root split.
   */
  private async finishSplit(above: StoredPage[], left: StoredPage, right: StoredPage): Promise<void> {
    await Promise.all([this.written(left, true), this.written(right, true)]);
    const level = levelOf(left.value);
    const leftRef = this.ref(left);
    const rightRef = this.ref(right);
    if (above.length > 0) {
      await this.change(level + 1, right.value.lower, (entries) => {
        const added = changedEntries(
          entries as Record<string, ChildRef>,
          right.value.lower,
          withChild(rightRef),
        );
        if (!added) return undefined;
        const counted = this.request.count
          ? withChildCount(
              { ...firstPage<ChildRef>(), entries: added },
              left.value.lower,
              left.value.n,
              leftRef.entries!,
              leftRef.version!,
            )
          : undefined;
        return counted?.entries ?? added;
      });
      return;
    }
    const head = await this.head();
    if (head.value.root !== left.value.n) return;
    const r = await this.ports.aggregates.allocatePage(headId(this.listing));
    const root = grownRoot(r, level + 1, leftRef, { ...rightRef, lower: right.value.lower }, this.request.at);
    if (!(await this.put(root, null))) throw new Error(`${this.name}: page ${r} was taken twice`);
    if (!(await this.ports.aggregates.put(headId(this.listing), { ...head.value, root: r }, head.version))) {
      // The head moved (another writer grew the tree, or a year was added): the next descent sees which.
      await this.ports.aggregates.delete(pageId(this.listing, r));
    }
  }

  /** Each page's count in the page above, from the leaf up, where it is behind the page's version. */
  async mendCounts(path: StoredPage[]): Promise<void> {
    for (let i = path.length - 1; i > 0; i--) {
      const child = path[i]!;
      const parent = path[i - 1]!;
      if (child.version === null) continue;
      const entries = this.countOf(child.value);
      const version = child.version;
      const { lower, n } = child.value;
      if (!withChildCount(parent.value as InnerPage, lower, n, entries, version)) continue;
      const mended = await update(this.ports, pageId(this.listing, parent.value.n), (state) =>
        state
          ? (withChildCount(state as unknown as InnerPage, lower, n, entries, version) as never)
          : undefined,
      );
      if (mended) path[i - 1] = mended as StoredPage;
    }
  }

  /**
   * A page's documents, verified against the page (the first rendering takes the state given); returns
   * the state last rendered.
   */
  async writeDocuments(page: StoredPage): Promise<StoredPage | null> {
    const id = pageId(this.listing, page.value.n);
    let first: StoredPage | null = page;
    let rendered: StoredPage | null = null;
    await writeVerified(this.ports, `${this.name} page ${page.value.n}`, async () => {
      const stored = first ?? ((await this.ports.aggregates.get(id)) as StoredPage | null);
      first = null;
      rendered = stored;
      return {
        documents: stored ? this.request.documents(stored.value) : [],
        watched: [[id, stored?.version ?? null]],
      };
    });
    return rendered;
  }

  /**
   * An inner page's documents written if it is marked unwritten (or `always`), then the mark cleared —
   * unless the page moved meanwhile: whoever moved it marked it again if its entries changed.
   */
  async written(page: StoredPage, always = false): Promise<void> {
    if (!always && !page.value.unwritten) return;
    const rendered = await this.writeDocuments(page);
    if (!rendered?.value.unwritten || rendered.version === null) return;
    const { unwritten: _written, ...clean } = rendered.value;
    await this.put(clean, rendered.version);
  }
}
