import { describe, expect, it } from "vitest";
import {
  type AppliedReport,
  type DepartmentHistory,
  type FeedIndexState,
  feedPaths,
  nextDepartmentHistory,
  nextFeedIndex,
  nextYearListShard,
  nextYearSums,
  replacedInYearSums,
  reportCells,
  reportDocument,
  withSchemaRevision,
  YEAR_SHARDS,
  type YearListShard,
  type YearSums,
  yearShard,
} from "../../functions/core/feed";
import type { ReportTables } from "../../schemas/report";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/** The aggregates' state transitions, pure: applied twice, out of order, replaced. */

const ORDER_1 = "000001700000000-00000000000000000000000000000001";
const ORDER_2 = "000001700000000-00000000000000000000000000000002";
const T1 = "2020-03-02T08:30:00.000Z";
const T2 = "2020-03-05T10:00:00.000Z";

function change(
  department: string,
  order: string,
  tables: ReportTables = seed2019Tables(),
  publishedAt = T1,
  year = 2019,
): AppliedReport {
  const report = reportDocument({
    report: { format: "2019", year, department, tables, notes: [] },
    department: { id: department, name: `${department} 办公厅` },
    publishedAt,
    source: {
      key: `uploads/${department}/${year}/r.xlsx`,
      versionId: null,
      sha256: "a".repeat(64),
      uploadedAt: T1,
    },
    warnings: [],
  });
  return { report, order, sha256: order.slice(-1).repeat(64) };
}

/** Applies a change to the year sums as the use case does: the replaced version's tables read from `stored`. */
function applySums(
  state: YearSums | null,
  applied: AppliedReport,
  stored: Record<string, ReportTables>,
): YearSums | undefined {
  const replaced = replacedInYearSums(state, applied);
  return nextYearSums(state, applied, replaced ? { order: replaced, tables: stored[replaced]! } : undefined);
}

describe("yearShard", () => {
  it("spreads departments over the shards by the FNV-1a hash of their UTF-8 bytes, as stored so far", () => {
    // Pinned: a department moving shard would leave its old entry behind in the stored year lists.
    expect(
      ["nx-office", "county-amr", "city-edu", "crash-07", "dept-0999", "财政局", "a"].map(yearShard),
    ).toEqual([2, 6, 3, 14, 4, 2, 12]);
  });

  it("gives every department a shard in range", () => {
    const shards = new Set(Array.from({ length: 500 }, (_, i) => yearShard(`dept-${i}`)));
    expect([...shards].every((shard) => Number.isInteger(shard) && shard >= 0 && shard < YEAR_SHARDS)).toBe(
      true,
    );
    expect(shards.size).toBe(YEAR_SHARDS);
  });
});

describe("nextYearListShard", () => {
  it("adds a department's entry with the order it applied", () => {
    const first = change("nx-office", ORDER_1);
    const shard = nextYearListShard(null, first)!;
    expect(shard.applied).toEqual({ "nx-office": ORDER_1 });
    expect(shard.reports["nx-office"]).toMatchObject({
      path: feedPaths.report(2019, "nx-office"),
      sha256: first.sha256,
      headline: { applicationsReceived: 105 },
    });
  });

  it("changes nothing when the same version is applied twice", () => {
    const shard = nextYearListShard(null, change("nx-office", ORDER_1))!;
    expect(nextYearListShard(shard, change("nx-office", ORDER_1))).toBeUndefined();
  });

  it("changes nothing for an older version than the one applied", () => {
    const shard = nextYearListShard(null, change("nx-office", ORDER_2))!;
    expect(nextYearListShard(shard, change("nx-office", ORDER_1))).toBeUndefined();
  });

  it("replaces a department's entry with a newer version's, leaving the others", () => {
    const tables = seed2019Tables();
    tables.applications.received!.total = 200;
    let shard: YearListShard = nextYearListShard(null, change("nx-office", ORDER_1))!;
    shard = nextYearListShard(shard, change("city-edu", ORDER_1))!;
    shard = nextYearListShard(shard, change("nx-office", ORDER_2, tables))!;
    expect(Object.keys(shard.reports).sort()).toEqual(["city-edu", "nx-office"]);
    expect(shard.reports["nx-office"]!.headline.applicationsReceived).toBe(200);
    expect(shard.applied).toEqual({ "nx-office": ORDER_2, "city-edu": ORDER_1 });
  });
});

describe("nextYearSums", () => {
  it("starts the sums with a department's numbers", () => {
    const sums = applySums(null, change("nx-office", ORDER_1), {})!;
    expect(sums.totals.departments).toBe(1);
    expect(sums.totals.cells["applications.received.total"]).toBe("105");
    expect(sums.applied).toEqual({ "nx-office": ORDER_1 });
    expect(sums.lastChanged).toBe(T1);
  });

  it("changes nothing when the same version is applied twice", () => {
    const sums = applySums(null, change("nx-office", ORDER_1), {})!;
    expect(replacedInYearSums(sums, change("nx-office", ORDER_1))).toBeUndefined();
    expect(applySums(sums, change("nx-office", ORDER_1), {})).toBeUndefined();
  });

  it("changes nothing for an older version than the one applied", () => {
    const sums = applySums(null, change("nx-office", ORDER_2), {})!;
    expect(applySums(sums, change("nx-office", ORDER_1), {})).toBeUndefined();
  });

  it("replaces a department's numbers without counting them twice", () => {
    const corrected = seed2019Tables();
    corrected.applications.received!.total = 120;
    const stored = { [ORDER_1]: seed2019Tables() };
    let sums = applySums(null, change("nx-office", ORDER_1), stored)!;
    sums = applySums(sums, change("city-edu", ORDER_1), stored)!;
    expect(replacedInYearSums(sums, change("nx-office", ORDER_2, corrected))).toBe(ORDER_1);
    sums = applySums(sums, change("nx-office", ORDER_2, corrected, T2), stored)!;
    expect(sums.totals.departments).toBe(2);
    expect(sums.totals.cells["applications.received.total"]).toBe(String(105 + 120));
    expect(sums.applied).toEqual({ "nx-office": ORDER_2, "city-edu": ORDER_1 });
    expect(sums.lastChanged).toBe(T2);
  });

  it("refuses to replace a department's numbers with tables of another version than the one applied", () => {
    const sums = applySums(null, change("nx-office", ORDER_1), {})!;
    expect(() => nextYearSums(sums, change("nx-office", ORDER_2))).toThrow(/applied version/);
    expect(() =>
      nextYearSums(null, change("nx-office", ORDER_1), { order: ORDER_2, tables: seed2019Tables() }),
    ).toThrow(/applied version is none/);
  });

  it("leaves the state it was given as it was", () => {
    const sums = applySums(null, change("nx-office", ORDER_1), {})!;
    const before = structuredClone(sums);
    applySums(sums, change("city-edu", ORDER_1), {});
    expect(sums).toEqual(before);
  });
});

describe("nextDepartmentHistory", () => {
  it("keeps one entry per year, the newest version's, and changes nothing for a repeat or an older one", () => {
    let history: DepartmentHistory = nextDepartmentHistory(null, change("nx-office", ORDER_1))!;
    history = nextDepartmentHistory(history, change("nx-office", ORDER_1, seed2019Tables(), T1, 2020))!;
    expect(Object.keys(history.years).sort()).toEqual(["2019", "2020"]);
    expect(nextDepartmentHistory(history, change("nx-office", ORDER_1))).toBeUndefined();
    const newer = nextDepartmentHistory(history, change("nx-office", ORDER_2, seed2019Tables(), T2))!;
    expect(newer.applied["2019"]).toBe(ORDER_2);
    expect(newer.lastChanged).toBe(T2);
    expect(nextDepartmentHistory(newer, change("nx-office", ORDER_1))).toBeUndefined();
  });
});

describe("nextFeedIndex", () => {
  const sums = (departments: string[], lastChanged: string): YearSums => ({
    totals: { year: 2019, format: "2019", departments: departments.length, cells: {} },
    applied: Object.fromEntries(departments.map((id) => [id, ORDER_1])),
    lastChanged,
  });

  it("takes a year's line from its sums, and changes nothing for the same or an older version of them", () => {
    const index: FeedIndexState = nextFeedIndex(null, 2019, { value: sums(["a"], T1), version: 2 })!;
    expect(index.index).toEqual({ "2019": { reports: 1, lastChanged: T1 } });
    expect(index.yearVersions).toEqual({ "2019": 2 });
    expect(index.schemaRevision).toBe(0);
    expect(nextFeedIndex(index, 2019, { value: sums(["a"], T1), version: 2 })).toBeUndefined();
    expect(nextFeedIndex(index, 2019, { value: sums([], T1), version: 1 })).toBeUndefined();
    const later = nextFeedIndex(index, 2019, { value: sums(["a", "b"], T2), version: 3 })!;
    expect(later.index["2019"]).toEqual({ reports: 2, lastChanged: T2 });
    expect(later.lastChanged).toBe(T2);
  });

  it("changes nothing for a year without sums", () => {
    expect(nextFeedIndex(null, 2019, null)).toBeUndefined();
  });

  it("records the JSON Schemas' revision once", () => {
    const index = nextFeedIndex(null, 2019, { value: sums(["a"], T1), version: 1 })!;
    const written = withSchemaRevision(index, 1)!;
    expect(written.schemaRevision).toBe(1);
    expect(withSchemaRevision(written, 1)).toBeUndefined();
    expect(withSchemaRevision(null, 1)).toBeUndefined();
  });
});

describe("reportCells", () => {
  it("lists every cell of the format by its code, a cell the tables lack as 0", () => {
    const tables = seed2019Tables();
    delete tables.applications.received;
    const cells = reportCells("2019", tables);
    expect(cells.find((cell) => cell.cell === "applications.received.total")).toEqual({
      cell: "applications.received.total",
      value: 0,
    });
    expect(cells.find((cell) => cell.cell === "proactive.procurement.amount")!.value).toBe(2020.97);
  });
});
