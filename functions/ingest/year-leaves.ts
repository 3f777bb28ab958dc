import {
  childrenInOrder,
  type InnerPage,
  type ListingHead,
  type ListingPage,
  levelOf,
  type YearListed,
} from "../core/feed";
import { listingRoot } from "./listing-pages";
import { aggregate, type IngestPorts } from "./ports";

/** Leaves read in one batch by default: as many items as one DynamoDB BatchGetItem takes. */
export const LEAF_BATCH = 100;

/**
 * The year's leaves in key order, read in batches of at most `batch` and handed on one at a time, so
 * never more than `batch` of them are held at once, however large the year.
 *
 * The inner levels are read first, a batch at a time, keeping only the leaf numbers they name (one
 * number a leaf: ~18,200 at 200,000 reports). The leaves are then read along the B-link chain from page
 * 0: the next batch of listed leaves when the chain reaches one not yet read, and a leaf the level above
 * does not list yet (a split just made) on its own, so the chain, which is always whole, is read whole.
 */
export async function* yearLeaves(
  ports: Pick<IngestPorts, "aggregates">,
  year: number,
  batch = LEAF_BATCH,
): AsyncGenerator<ListingPage<YearListed>> {
  const head = await ports.aggregates.get(aggregate.yearDirectory(year));
  if (!head) return;
  const { listed, root } = await leafNumbers(ports, year, head.value, batch);
  const position = new Map(listed.map((n, i) => [n, i]));
  // The batch read and not yet handed on; `from`: the position in `listed` after it.
  let held = new Map<number, ListingPage<YearListed>>(root ? [[root.n, root]] : []);
  let from = root ? 1 : 0;
  let next: number | null = 0;
  while (next !== null) {
    let page = held.get(next);
    if (!page) {
      const at = position.get(next);
      if (at !== undefined && at >= from) {
        // What is left of the last batch was skipped by the chain: let it go with the read of the next.
        held = new Map();
        const numbers = listed.slice(at, at + batch);
        const read = await ports.aggregates.getMany(numbers.map((n) => aggregate.yearPage(year, n)));
        for (const item of read) if (item) held.set(item.value.n, item.value as ListingPage<YearListed>);
        from = at + numbers.length;
        page = held.get(next);
      } else {
        page = (await ports.aggregates.get(aggregate.yearPage(year, next)))?.value as
          | ListingPage<YearListed>
          | undefined;
      }
    }
    if (!page) return;
    held.delete(next);
    yield page;
    next = page.next;
  }
}

/**
 * The numbers of the year's leaves the inner levels list, in key order, read a level at a time in batches
 * (only the numbers kept); the root itself when it is the only leaf.
 */
async function leafNumbers(
  ports: Pick<IngestPorts, "aggregates">,
  year: number,
  head: ListingHead,
  batch: number,
): Promise<{ listed: number[]; root: ListingPage<YearListed> | null }> {
  const root = (await listingRoot(ports, { kind: "year", year }, head)).value;
  if (levelOf(root) === 0) return { listed: [root.n], root: root as ListingPage<YearListed> };
  let numbers = childrenInOrder(root as InnerPage).map((child) => child.n);
  for (let level = levelOf(root) - 1; level > 0; level--) {
    const below: number[] = [];
    for (let i = 0; i < numbers.length; i += batch) {
      const read = await ports.aggregates.getMany(
        numbers.slice(i, i + batch).map((n) => aggregate.yearPage(year, n)),
      );
      for (const item of read) {
        if (item) below.push(...childrenInOrder(item.value as InnerPage).map((child) => child.n));
      }
    }
    numbers = below;
  }
  return { listed: numbers, root: null };
}
