import { describe, expect, it } from "vitest";
import {
  type DepartmentHistory,
  departmentYear,
  type FeedIndexState,
  nextDepartmentHistory,
  nextFeedIndex,
  reportDocument,
  withSchemaRevision,
} from "../../functions/core/feed";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/** The department history's and the index's transitions, pure: applied twice, out of order, withdrawn. */

const ORDER_1 = "000001700000000-00000000000000000000000000000001";
const ORDER_2 = "000001700000000-00000000000000000000000000000002";
const T1 = "2020-03-02T08:30:00.000Z";
const T2 = "2020-03-05T10:00:00.000Z";

function entry(year = 2019) {
  return departmentYear(
    reportDocument({
      report: { format: "2019", year, department: "nx-office", tables: seed2019Tables(), notes: [] },
      department: { id: "nx-office", name: "办公厅" },
      publishedAt: T1,
      source: {
        key: "uploads/nx-office/2019/r.xlsx",
        versionId: null,
        sha256: "a".repeat(64),
        uploadedAt: T1,
      },
      warnings: [],
    }),
  );
}

describe("nextDepartmentHistory", () => {
  it("keeps one entry per year, the newest version's, and changes nothing for a repeat or an older one", () => {
    let history: DepartmentHistory = nextDepartmentHistory(null, {
      year: 2019,
      order: ORDER_1,
      entry: entry(),
      at: T1,
    })!;
    history = nextDepartmentHistory(history, { year: 2020, order: ORDER_1, entry: entry(2020), at: T1 })!;
    expect(Object.keys(history.years).sort()).toEqual(["2019", "2020"]);
    expect(
      nextDepartmentHistory(history, { year: 2019, order: ORDER_1, entry: entry(), at: T1 }),
    ).toBeUndefined();
    const newer = nextDepartmentHistory(history, { year: 2019, order: ORDER_2, entry: entry(), at: T2 })!;
    expect(newer.applied["2019"]).toEqual({ order: ORDER_2, removed: false });
    expect(newer.lastChanged).toBe(T2);
    expect(
      nextDepartmentHistory(newer, { year: 2019, order: ORDER_1, entry: entry(), at: T1 }),
    ).toBeUndefined();
  });

  it("drops a withdrawn year, records why, and keeps the withdrawn version from coming back", () => {
    const history = nextDepartmentHistory(null, { year: 2019, order: ORDER_1, entry: entry(), at: T1 })!;
    const withdrawal = { year: 2019, withdrawnAt: T2, reason: "填报错误" };
    const withdrawn = nextDepartmentHistory(history, {
      year: 2019,
      order: ORDER_1,
      entry: null,
      withdrawal,
      at: T2,
    })!;
    expect(withdrawn.years).toEqual({});
    expect(withdrawn.withdrawn["2019"]).toEqual(withdrawal);
    expect(
      nextDepartmentHistory(withdrawn, { year: 2019, order: ORDER_1, entry: entry(), at: T1 }),
    ).toBeUndefined();
    const again = nextDepartmentHistory(withdrawn, { year: 2019, order: ORDER_2, entry: entry(), at: T2 })!;
    expect(Object.keys(again.years)).toEqual(["2019"]);
    expect(again.withdrawn["2019"]).toEqual(withdrawal);
  });
});

describe("nextFeedIndex", () => {
  it("takes a year's line from a version of its sums, and changes nothing for the same or an older version", () => {
    const index: FeedIndexState = nextFeedIndex(null, 2019, { reports: 1, lastChanged: T1, version: 2 })!;
    expect(index.index).toEqual({ "2019": { reports: 1, lastChanged: T1 } });
    expect(index.yearVersions).toEqual({ "2019": 2 });
    expect(index.schemaRevision).toBe(0);
    expect(nextFeedIndex(index, 2019, { reports: 1, lastChanged: T1, version: 2 })).toBeUndefined();
    expect(nextFeedIndex(index, 2019, { reports: 0, lastChanged: T1, version: 1 })).toBeUndefined();
    const later = nextFeedIndex(index, 2019, { reports: 2, lastChanged: T2, version: 3 })!;
    expect(later.index["2019"]).toEqual({ reports: 2, lastChanged: T2 });
    expect(later.lastChanged).toBe(T2);
  });

  it("drops a year whose last report was withdrawn", () => {
    const index = nextFeedIndex(null, 2019, { reports: 1, lastChanged: T1, version: 1 })!;
    expect(nextFeedIndex(index, 2019, { reports: 0, lastChanged: T2, version: 2 })!.index).toEqual({});
  });

  it("records the JSON Schemas' revision once", () => {
    const index = nextFeedIndex(null, 2019, { reports: 1, lastChanged: T1, version: 1 })!;
    const written = withSchemaRevision(index, 1)!;
    expect(written.schemaRevision).toBe(1);
    expect(withSchemaRevision(written, 1)).toBeUndefined();
    expect(withSchemaRevision(null, 1)).toBeUndefined();
  });
});
