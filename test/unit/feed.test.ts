import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type ChildRef,
  changedEntries,
  departmentDocument,
  departmentYear,
  emptyTotals,
  type FeedIndex,
  feedPaths,
  firstPage,
  indexDocument,
  type ListingPage,
  listingView,
  reportDocument,
  serializeDocument,
  upsertDepartmentYear,
  upsertIndexYear,
  type YearListed,
  yearDocument,
  yearEntry,
  yearListingChange,
  yearPageDocument,
  yearPageEntries,
} from "../../functions/core/feed";
import {
  DepartmentDocSchema,
  FEED_DOCUMENT_SCHEMAS,
  feedJsonSchemas,
  IndexDocSchema,
  ReportDocSchema,
  YearDocSchema,
  YearPageDocSchema,
} from "../../schemas/feed";
import type { Finding } from "../../schemas/finding";
import type { NormalizedReport, ReportTables } from "../../schemas/report";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

const T0 = "2020-03-01T02:00:00.000Z";
const T1 = "2020-03-02T08:30:00.000Z";
const SHA = "a".repeat(64);

function withAmount(tables: ReportTables, amount: number): ReportTables {
  const copy = structuredClone(tables);
  copy.proactive.procurement!.amount = amount;
  return copy;
}

function report(department: string, tables: ReportTables = seed2019Tables(), year = 2019): NormalizedReport {
  return { format: "2019", year, department, tables, notes: [] };
}

const warning: Finding = {
  rule: "proactive.published_exceeds_total",
  severity: "warning",
  table: "proactive",
  row: "rules",
  column: "total_published",
  sheet: "二、主动公开",
  cell: "C5",
  expected: 31,
  actual: 32,
  message: { zh: "本年新公开数量大于对外公开总数量", en: "published this year exceeds the total published" },
};

function publish(department: string, tables: ReportTables = seed2019Tables(), year = 2019) {
  return reportDocument({
    report: report(department, tables, year),
    department: { id: department, name: `${department} 办公厅` },
    publishedAt: T1,
    source: {
      key: `uploads/${department}/${year}/report.xlsx`,
      versionId: null,
      sha256: SHA,
      uploadedAt: T0,
    },
    warnings: [warning],
  });
}

describe("reportDocument", () => {
  it("builds a report document the schema accepts", () => {
    const doc = publish("nx-gov-office");
    expect(ReportDocSchema.safeParse(doc).success).toBe(true);
    expect(doc).toMatchObject({
      schemaVersion: "v1",
      department: { id: "nx-gov-office", name: "nx-gov-office 办公厅" },
      year: 2019,
      format: "2019",
      publishedAt: T1,
      source: { key: "uploads/nx-gov-office/2019/report.xlsx", versionId: null, sha256: SHA, uploadedAt: T0 },
      warnings: [warning],
    });
    expect(doc.tables).toEqual(seed2019Tables());
  });

  it("keeps a warning's place in a document, table, row and column with the document's labels", () => {
    const location = {
      table: 2,
      row: 4,
      column: 10,
      rowLabel: "一、本年新收",
      columnLabel: "申请人情况 / 总计",
    };
    const inDocument = { ...warning, sheet: "第 2 个表格", cell: "第 4 行第 10 列", location };
    const doc = reportDocument({
      report: report("a"),
      department: { id: "a", name: "A" },
      publishedAt: T1,
      source: { key: "uploads/a/2019/report.docx", versionId: null, sha256: SHA, uploadedAt: T0 },
      warnings: [inDocument],
    });
    expect(doc.warnings).toEqual([inDocument]);
  });

  it("serializes the same tables to the same bytes whatever order they arrive in", () => {
    const reversed = seed2019Tables();
    reversed.applications = Object.fromEntries(Object.entries(reversed.applications).reverse());
    expect(serializeDocument(publish("a", reversed)).sha256).toBe(serializeDocument(publish("a")).sha256);
  });

  it("refuses to publish a report with an error", () => {
    expect(() =>
      reportDocument({
        report: report("a"),
        department: { id: "a", name: "A" },
        publishedAt: T1,
        source: { key: "k", versionId: "v1", sha256: SHA, uploadedAt: T0 },
        warnings: [{ ...warning, severity: "error" }],
      }),
    ).toThrow(/error/);
  });

  it("refuses a report of another department", () => {
    expect(() =>
      reportDocument({
        report: report("a"),
        department: { id: "b", name: "B" },
        publishedAt: T1,
        source: { key: "k", versionId: null, sha256: SHA, uploadedAt: T0 },
        warnings: [],
      }),
    ).toThrow(/published as b/);
  });
});

describe("yearDocument", () => {
  function listed(id: string, tables = seed2019Tables()): YearListed {
    const doc = publish(id, tables);
    return { order: "o-1", explained: 0, entry: yearEntry(doc, serializeDocument(doc).sha256), warnings: 1 };
  }

  function pageOf(entries: YearListed[]): ListingPage<YearListed> {
    const page = firstPage<YearListed>();
    let all = page.entries;
    for (const entry of entries)
      all = changedEntries(all, entry.entry!.department.id, yearListingChange(entry))!;
    return { ...page, entries: all, changedAt: T1 };
  }

  const sums = (departments: number) => ({
    totals: { ...emptyTotals(2019, "2019"), departments },
    withWarnings: departments,
    lastChanged: T1,
  });

  it("lists the year's reports sorted by department id, each with its path, sha256 and headline, while they fit one page", () => {
    const page = pageOf(["zz-water", "ab-finance", "m-health"].map((id) => listed(id)));
    const view = listingView(page, (n) => feedPaths.yearPage(2019, n), yearPageEntries);
    const doc = yearDocument(2019, sums(3), view);
    expect(YearDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.counts).toEqual({ reported: 3, withWarnings: 3 });
    expect(doc.reports!.map((entry) => entry.department.id)).toEqual(["ab-finance", "m-health", "zz-water"]);
    expect(doc.reports![0]).toMatchObject({
      path: "v1/reports/2019/ab-finance.json",
      sha256: serializeDocument(publish("ab-finance")).sha256,
      headline: { applicationsReceived: 105, lawsuits: 2 },
    });
    expect(doc.pages).toBeUndefined();
  });

  it("lists the pages its root lists instead once the listing has more than one leaf", () => {
    const root = { ...firstPage<ChildRef>(), n: 7, level: 1, entries: { "": { n: 0 }, m: { n: 3 } } };
    const doc = yearDocument(
      2019,
      sums(900),
      listingView(root, (n) => feedPaths.yearPage(2019, n), yearPageEntries),
    );
    expect(YearDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.reports).toBeUndefined();
    expect(doc.pages).toEqual([
      { page: 0, path: "v1/years/2019/pages/0.json", from: "" },
      { page: 3, path: "v1/years/2019/pages/3.json", from: "m" },
    ]);
  });

  it("keeps one entry per department when a report is replaced, and none once it is withdrawn", () => {
    const first = listed("a");
    const second = { ...listed("a", withAmount(seed2019Tables(), 1)), order: "o-2" };
    const page = pageOf([first, second]);
    expect(yearPageEntries(page)).toHaveLength(1);
    expect(yearPageEntries(page)[0]!.sha256).toBe(second.entry!.sha256);
    const withdrawn = changedEntries(page.entries, "a", yearListingChange({ ...second, entry: null }))!;
    expect(yearPageEntries({ ...page, entries: withdrawn })).toEqual([]);
    // The withdrawn version published again by a late retry stays withdrawn; a later upload does not.
    expect(changedEntries(withdrawn, "a", yearListingChange(second))).toBeUndefined();
    expect(changedEntries(withdrawn, "a", yearListingChange({ ...second, order: "o-3" }))).toBeDefined();
  });

  it("renders a page of the year with its range", () => {
    const page = { ...pageOf([listed("b"), listed("c")]), n: 4, lower: "b", upper: "d", next: 5 };
    const doc = yearPageDocument(2019, page);
    expect(YearPageDocSchema.safeParse(doc).success).toBe(true);
    expect(doc).toMatchObject({ page: 4, level: 0, from: "b", to: "d", updatedAt: T1 });
    expect(doc.reports!.map((entry) => entry.department.id)).toEqual(["b", "c"]);
    expect(doc.pages).toBeUndefined();
  });

  it("renders an inner page of the tree as the pages below it, in key order", () => {
    const inner = {
      ...firstPage<ChildRef>(),
      n: 9,
      level: 2,
      lower: "b",
      upper: null,
      entries: { k: { n: 5 }, b: { n: 2 } },
      changedAt: T1,
    };
    const doc = yearPageDocument(2019, inner);
    expect(YearPageDocSchema.safeParse(doc).success).toBe(true);
    expect(doc).toMatchObject({ page: 9, level: 2, from: "b", to: null });
    expect(doc.reports).toBeUndefined();
    expect(doc.pages).toEqual([
      { page: 2, path: "v1/years/2019/pages/2.json", from: "b" },
      { page: 5, path: "v1/years/2019/pages/5.json", from: "k" },
    ]);
  });
});

describe("departmentDocument", () => {
  it("lists the department's years newest first", () => {
    let years = {};
    for (const year of [2019, 2020])
      years = upsertDepartmentYear(years, departmentYear(publish("a", seed2019Tables(), year)));
    years = upsertDepartmentYear(years, departmentYear(publish("a", seed2019Tables(), 2019)));
    const doc = departmentDocument({ id: "a", name: "A 办公厅" }, Object.values(years), T1);
    expect(DepartmentDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.years.map((entry) => entry.year)).toEqual([2020, 2019]);
    expect(doc.years[0]).toMatchObject({
      path: "v1/reports/2020/a.json",
      format: "2019",
      headline: { disclosed: 15 },
    });
  });
});

describe("indexDocument", () => {
  it("lists the years newest first with their counts and paths", () => {
    let index: FeedIndex = {};
    index = upsertIndexYear(index, 2019, 1, T0);
    index = upsertIndexYear(index, 2021, 3, T1);
    index = upsertIndexYear(index, 2019, 2, T1);
    const doc = indexDocument(index, T1);
    expect(IndexDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.years).toEqual([
      {
        year: 2021,
        reports: 3,
        lastChanged: T1,
        paths: { year: "v1/years/2021.json", summary: "v1/summary/2021.json", csv: "v1/years/2021.csv" },
      },
      {
        year: 2019,
        reports: 2,
        lastChanged: T1,
        paths: { year: "v1/years/2019.json", summary: "v1/summary/2019.json", csv: "v1/years/2019.csv" },
      },
    ]);
  });

  it("drops a year left without reports", () => {
    const index = upsertIndexYear(upsertIndexYear({}, 2019, 1, T0), 2019, 0, T1);
    expect(indexDocument(index, T1).years).toEqual([]);
  });

  it("stays small however many reports the feed holds", () => {
    let index: FeedIndex = {};
    for (let year = 2019; year <= 2040; year++) index = upsertIndexYear(index, year, 100_000, T1);
    // A line per year, and the fixed links to the formats, the department list and the schemas.
    expect(serializeDocument(indexDocument(index, T1)).body.length).toBeLessThan(5_000);
  });
});

describe("serializeDocument", () => {
  it("writes JSON with its sha256, content type and cache policy", () => {
    const doc = indexDocument({}, T1);
    const serialized = serializeDocument(doc);
    expect(JSON.parse(serialized.body)).toEqual(doc);
    expect(serialized.sha256).toBe(createHash("sha256").update(serialized.body).digest("hex"));
    expect(serialized.contentType).toBe("application/json; charset=utf-8");
    expect(serialized.cacheControl).toMatch(/public.*max-age=\d+.*s-maxage=\d+/);
  });

  it("hashes the UTF-8 bytes of Chinese text", () => {
    const serialized = serializeDocument({ name: "办公厅" });
    expect(serialized.sha256).toBe(
      createHash("sha256").update(Buffer.from('{"name":"办公厅"}', "utf8")).digest("hex"),
    );
  });
});

describe("feedPaths", () => {
  it("places every document under v1/", () => {
    expect(feedPaths.index).toBe("v1/index.json");
    expect(feedPaths.year(2024)).toBe("v1/years/2024.json");
    expect(feedPaths.report(2024, "nx-gov")).toBe("v1/reports/2024/nx-gov.json");
    expect(feedPaths.summary(2024)).toBe("v1/summary/2024.json");
    expect(feedPaths.department("nx-gov")).toBe("v1/departments/nx-gov.json");
    expect(feedPaths.schema("report")).toBe("v1/schema/report.schema.json");
  });

  it("refuses a department id that would leave its folder", () => {
    expect(() => feedPaths.report(2024, "../index")).toThrow();
    expect(() => feedPaths.department("..")).toThrow();
  });
});

describe("feedJsonSchemas", () => {
  it("generates a JSON Schema for every feed document", () => {
    const schemas = feedJsonSchemas();
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(FEED_DOCUMENT_SCHEMAS).sort());
    for (const schema of Object.values(schemas)) {
      expect(schema).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema" });
      expect(() => JSON.stringify(schema)).not.toThrow();
    }
  });

  it("describes the tables of each format by their codes", () => {
    const report = JSON.stringify(feedJsonSchemas().report);
    expect(report).toContain('"const":"2019"');
    expect(report).toContain('"const":"2021"');
    expect(report).toContain("withheld.security_stability");
    expect(report).toContain("other.overdue_fee");
  });
});
