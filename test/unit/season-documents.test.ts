import { describe, expect, it } from "vitest";
import {
  changedEntries,
  departmentDocument,
  emptyTotals,
  firstPage,
  type ListingPage,
  listingView,
  type MemberListed,
  memberCount,
  membershipChange,
  memberYearChange,
  regionDocument,
  regionPageDocument,
  regionPageEntries,
  reportDocument,
} from "../../functions/core/feed";
import {
  DepartmentDocSchema,
  RegionDocSchema,
  RegionPageDocSchema,
  ReportDocSchema,
} from "../../schemas/feed";
import type { Finding } from "../../schemas/finding";
import { county2024Tables } from "../fixtures/reports/county-2021";

/** The season's feed documents, pure: regions and their pages, explanations and revisions, withdrawals. */

const T1 = "2025-01-10T08:00:00.000Z";
const member = (id: string, region = "city"): MemberListed => ({
  department: { id, name: `${id}局` },
  region,
  registeredAt: T1,
  member: true,
  years: {},
});

function regionPage(): ListingPage<MemberListed> {
  let entries: Record<string, MemberListed> = {};
  for (const id of ["b-edu", "a-fin", "c-tax"]) {
    entries = changedEntries(entries, id, membershipChange({ ...member(id), member: true }))!;
  }
  entries = changedEntries(
    entries,
    "a-fin",
    memberYearChange(member("a-fin"), 2024, { order: "o1", removed: false, publishedAt: T1, warnings: 2 }),
  )!;
  return { ...firstPage<MemberListed>(), entries, changedAt: T1 };
}

describe("region documents", () => {
  it("list every department of the region, sorted by id, each with the years it reported", () => {
    const entries = regionPageEntries(regionPage());
    expect(entries.map((e) => [e.department.id, e.years.map((y) => y.year)])).toEqual([
      ["a-fin", [2024]],
      ["b-edu", []],
      ["c-tax", []],
    ]);
    expect(entries[0]!.years[0]).toEqual({
      year: 2024,
      publishedAt: T1,
      path: "v1/reports/2024/a-fin.json",
      withWarnings: true,
    });
  });

  it("drop a withdrawn year from a department's years", () => {
    const page = regionPage();
    const withdrawn = changedEntries(
      page.entries,
      "a-fin",
      memberYearChange(member("a-fin"), 2024, { order: "o1", removed: true, publishedAt: T1, warnings: 0 }),
    )!;
    expect(regionPageEntries({ ...page, entries: withdrawn })[0]!.years).toEqual([]);
  });

  it("leave out a department that moved away, and keep a later registration over an older one", () => {
    const page = regionPage();
    const moved = changedEntries(
      page.entries,
      "b-edu",
      membershipChange({ ...member("b-edu"), member: false, registeredAt: "2025-02-01T00:00:00.000Z" }),
    )!;
    expect(memberCount(moved)).toBe(2);
    expect(
      changedEntries(
        moved,
        "b-edu",
        membershipChange({ ...member("b-edu"), registeredAt: "2024-01-01T00:00:00.000Z" }),
      ),
    ).toBeUndefined();
  });

  it("render the region's year with its sums, counts and sub-regions, valid under the schema", () => {
    const totals = { ...emptyTotals(2024, "2021"), departments: 1 };
    const doc = regionDocument({
      region: { id: "city", name: "某市", parent: "prov" },
      year: 2024,
      sums: { totals, withWarnings: 1, lastChanged: T1 },
      registered: 3,
      children: [{ id: "county", name: "某县" }],
      listing: listingView(regionPage(), (n) => `v1/regions/city/pages/${n}.json`, regionPageEntries),
    });
    expect(RegionDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.counts).toEqual({ registered: 3, reported: 1, withWarnings: 1, notReported: 2 });
    expect(doc.regions).toEqual([{ id: "county", name: "某县", path: "v1/regions/county/2024.json" }]);
    expect(doc.departments).toHaveLength(3);
    expect(RegionPageDocSchema.safeParse(regionPageDocument("city", regionPage())).success).toBe(true);
  });
});

describe("a report's explanations and revisions", () => {
  const warning: Finding = {
    rule: "cross_year.carried_over",
    severity: "warning",
    table: "applications",
    row: "carried_over",
    column: "total",
    sheet: "三、依申请公开",
    cell: "J7",
    expected: 4,
    actual: 3,
    message: { zh: "上年结转不一致", en: "carried over differs" },
  };

  it("shows an explanation beside its warning, and the earlier versions with their changed cells", () => {
    const doc = reportDocument({
      report: { format: "2021", year: 2024, department: "a-fin", tables: county2024Tables(), notes: [] },
      department: { id: "a-fin", name: "财政局" },
      publishedAt: T1,
      source: { key: "uploads/a-fin/2024/r.xlsx", versionId: null, sha256: "a".repeat(64), uploadedAt: T1 },
      warnings: [warning, { ...warning, cell: "K7" }],
      explanation: (finding) => (finding.cell === "J7" ? { text: "口径调整", at: T1 } : undefined),
      revisions: [
        {
          publishedAt: T1,
          source: {
            key: "uploads/a-fin/2024/old.xlsx",
            versionId: null,
            sha256: "b".repeat(64),
            uploadedAt: T1,
          },
          replacedAt: T1,
          changes: [{ table: "applications", row: "received", column: "total", from: 47, to: 48 }],
          withdrawn: null,
        },
      ],
    });
    expect(ReportDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.warnings[0]!.explanation).toEqual({ text: "口径调整", explainedAt: T1 });
    expect(doc.warnings[1]).not.toHaveProperty("explanation");
    expect(doc.revisions[0]!.changes).toHaveLength(1);
  });

  it("records a withdrawal in the department's document", () => {
    const doc = departmentDocument({ id: "a-fin", name: "财政局" }, [], T1, [
      { year: 2024, withdrawnAt: T1, reason: "申请撤回" },
    ]);
    expect(DepartmentDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.withdrawn).toEqual([{ year: 2024, withdrawnAt: T1, reason: "申请撤回" }]);
  });
});
