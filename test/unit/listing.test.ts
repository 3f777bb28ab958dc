import { describe, expect, it } from "vitest";
import {
  type ChildRef,
  changedEntries,
  childrenInOrder,
  countedEntries,
  emptyHead,
  entriesInOrder,
  firstPage,
  grownRoot,
  type InnerPage,
  inPage,
  LISTING_FANOUT,
  LISTING_LEAF_CAPACITY,
  type ListingPage,
  listsChild,
  pageCapacity,
  routeChild,
  splitPage,
  withChild,
  withChildCount,
  withListingYear,
} from "../../functions/core/feed";

/** Listing trees, pure: routing by range, splitting, growing a root, and counts kept per page. */

const entries = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, { key }]));

const inner = (children: Record<string, ChildRef>): InnerPage => ({
  ...firstPage<ChildRef>(),
  n: 9,
  level: 1,
  entries: children,
});

describe("routeChild and inPage", () => {
  it("route a key to the last page below whose lowest key is at most the key", () => {
    const page = inner({ "": { n: 0 }, f: { n: 2 }, m: { n: 1 } });
    expect(routeChild(page, "a")).toBe(0);
    expect(routeChild(page, "f")).toBe(2);
    expect(routeChild(page, "k")).toBe(2);
    expect(routeChild(page, "z")).toBe(1);
    expect(childrenInOrder(page).map((child) => child.lower)).toEqual(["", "f", "m"]);
  });

  it("tell whether a key is in a page's own range, whatever the page above says", () => {
    const page: ListingPage<unknown> = { ...firstPage(), upper: "m", next: 1 };
    expect(inPage(page, "a")).toBe(true);
    expect(inPage(page, "m")).toBe(false);
  });
});

describe("splitPage", () => {
  it("splits an overfull page in two halves, linking the new page after it", () => {
    const page = { ...firstPage<{ key: string }>(), upper: "z", next: 7 };
    const all = entries(["a", "b", "c", "d", "e"]);
    const { kept, split } = splitPage(page, all, "c", 3);
    expect(Object.keys(kept.entries)).toEqual(["a", "b"]);
    expect(kept).toMatchObject({ upper: "c", next: 3 });
    expect(Object.keys(split.entries)).toEqual(["c", "d", "e"]);
    expect(split).toMatchObject({ n: 3, lower: "c", upper: "z", next: 7 });
  });

  it("splits an inner page the same way, the new page at the same level", () => {
    const page = { ...inner({}), upper: null };
    const { split } = splitPage(page, { "": { n: 0 }, c: { n: 1 }, f: { n: 2 }, k: { n: 3 } }, "c", 8);
    expect(split).toMatchObject({ n: 8, level: 1, lower: "f" });
    expect(Object.keys(split.entries)).toEqual(["f", "k"]);
  });

  it("keeps the last page full when ids arrive in order", () => {
    const { kept, split } = splitPage(
      firstPage<{ key: string }>(),
      entries(["a", "b", "c", "d", "e"]),
      "e",
      1,
    );
    expect(Object.keys(kept.entries)).toEqual(["a", "b", "c", "d"]);
    expect(Object.keys(split.entries)).toEqual(["e"]);
  });
});

describe("the tree", () => {
  it("bounds every page: small leaves, wider pages above, one capacity for all in tests of splitting", () => {
    expect(pageCapacity(0)).toBe(LISTING_LEAF_CAPACITY);
    expect(pageCapacity(3)).toBe(LISTING_FANOUT);
    expect(pageCapacity(0, 3)).toBe(3);
    expect(pageCapacity(2, 3)).toBe(3);
  });

  it("holds 200,000 departments in five levels, pages filled as random arrivals fill them", () => {
    // Split pages fill to ln 2 ≈ 69% on average under arrivals in random key order.
    let pages = 200_000 / (LISTING_LEAF_CAPACITY * Math.LN2);
    let levels = 1;
    while (pages > 1) {
      pages /= LISTING_FANOUT * Math.LN2;
      levels++;
    }
    expect(levels).toBeLessThanOrEqual(5);
  });

  it("grows a root above the first page of a level and the page split off it", () => {
    const root = grownRoot(12, 2, { n: 4 }, { n: 11, lower: "m" }, "t");
    expect(root).toMatchObject({ n: 12, level: 2, lower: "", upper: null, next: null });
    expect(root.entries).toEqual({ "": { n: 4 }, m: { n: 11 } });
  });

  it("lists a page split off another once", () => {
    const page = inner({ "": { n: 0 } });
    const added = changedEntries(page.entries, "m", withChild({ n: 3 }))!;
    expect(listsChild({ ...page, entries: added }, "m", 3)).toBe(true);
    expect(changedEntries(added, "m", withChild({ n: 3 }))).toBeUndefined();
  });

  it("counts a page's entries as of the newest version of it, and sums them above", () => {
    let page = withChildCount(inner({ "": { n: 0 }, m: { n: 1 } }), "", 0, 3, 5)!;
    expect(withChildCount(page, "", 0, 2, 4)).toBeUndefined();
    expect(withChildCount(page, "m", 7, 2, 4)).toBeUndefined();
    page = withChildCount(page, "m", 1, 4, 1)!;
    expect(countedEntries(page)).toBe(7);
  });

  it("records the years a listing's documents are written for", () => {
    const head = withListingYear(withListingYear(emptyHead(), 2025)!, 2024)!;
    expect(head.years).toEqual([2024, 2025]);
    expect(withListingYear(head, 2024)).toBeUndefined();
  });
});

describe("changedEntries", () => {
  it("sets, removes, or leaves an entry as the change says", () => {
    const all = entries(["b", "a"]);
    expect(changedEntries(all, "c", () => ({ key: "c" }))).toMatchObject({ c: { key: "c" } });
    expect(Object.keys(changedEntries(all, "a", () => null)!)).toEqual(["b"]);
    expect(changedEntries(all, "x", () => null)).toBeUndefined();
    expect(changedEntries(all, "a", () => undefined)).toBeUndefined();
    expect(entriesInOrder({ ...firstPage(), entries: all })).toEqual([{ key: "a" }, { key: "b" }]);
  });
});
