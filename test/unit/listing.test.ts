import { describe, expect, it } from "vitest";
import {
  changedEntries,
  countedEntries,
  emptyDirectory,
  entriesInOrder,
  firstPage,
  inPage,
  LISTING_PAGE_CAPACITY,
  type ListingPage,
  MAX_LISTING_PAGES,
  mustSplit,
  routePage,
  splitPage,
  withListingYear,
  withPageCount,
  withPageRendered,
  withSplitPage,
} from "../../functions/core/feed";

/** Paged listings, pure: routing by range, splitting, and the directory's bookkeeping. */

const entries = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, { key }]));

describe("routePage and inPage", () => {
  it("route a key to the last page whose lower bound is at most the key", () => {
    const directory = {
      ...emptyDirectory(),
      pages: [
        { n: 0, lower: "" },
        { n: 2, lower: "f" },
        { n: 1, lower: "m" },
      ],
    };
    expect(routePage(directory, "a")).toBe(0);
    expect(routePage(directory, "f")).toBe(2);
    expect(routePage(directory, "k")).toBe(2);
    expect(routePage(directory, "z")).toBe(1);
  });

  it("tell whether a key is in a page's own range, whatever the directory says", () => {
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

describe("mustSplit", () => {
  it("splits past the capacity while the directory has room, and lets pages grow once it has not", () => {
    expect(mustSplit(LISTING_PAGE_CAPACITY, emptyDirectory())).toBe(false);
    expect(mustSplit(LISTING_PAGE_CAPACITY + 1, emptyDirectory())).toBe(true);
    const full = {
      ...emptyDirectory(),
      pages: Array.from({ length: MAX_LISTING_PAGES }, (_, n) => ({ n, lower: String(n) })),
    };
    expect(mustSplit(LISTING_PAGE_CAPACITY + 1, full)).toBe(false);
    expect(() => mustSplit(1001, full)).toThrow(/over 1000/);
  });

  it("holds 200,000 departments in at most 1,000 pages filled as random arrivals fill them", () => {
    // Split pages fill to ln 2 ≈ 69% on average under arrivals in random key order.
    expect(Math.ceil(200_000 / (LISTING_PAGE_CAPACITY * Math.LN2))).toBeLessThanOrEqual(MAX_LISTING_PAGES);
  });
});

describe("the directory", () => {
  it("lists a split page once, in key order, with both halves' documents still to write", () => {
    const directory = withSplitPage(emptyDirectory(), { n: 1, lower: "m" }, { "0": 4, "1": 1 })!;
    expect(directory.pages).toEqual([
      { n: 0, lower: "" },
      { n: 1, lower: "m" },
    ]);
    expect(directory.unrendered).toEqual({ "0": 4, "1": 1 });
    expect(withSplitPage(directory, { n: 1, lower: "m" }, {})).toBeUndefined();
    expect(withPageRendered(directory, 0, 3)).toBeUndefined();
    expect(withPageRendered(directory, 0, 4)!.unrendered).toEqual({ "1": 1 });
  });

  it("counts a page's entries as of the newest version of it", () => {
    let directory = withPageCount(emptyDirectory(), 0, 3, 5)!;
    expect(withPageCount(directory, 0, 2, 4)).toBeUndefined();
    directory = withPageCount(directory, 1, 4, 1)!;
    expect(countedEntries(directory)).toBe(7);
  });

  it("records the years a listing's documents are written for", () => {
    const directory = withListingYear(withListingYear(emptyDirectory(), 2025)!, 2024)!;
    expect(directory.years).toEqual([2024, 2025]);
    expect(withListingYear(directory, 2024)).toBeUndefined();
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
