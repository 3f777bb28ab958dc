import { describe, expect, it } from "vitest";
import {
  applyReport,
  emptyTotals,
  formatCells,
  headline,
  serializeDocument,
  summaryDocument,
} from "../../functions/core/feed";
import { HeadlineSchema, SummaryDocSchema } from "../../schemas/feed";
import { type FormatId, formatById } from "../../schemas/formats";
import { type ReportTables, tablesSchema } from "../../schemas/report";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

const T1 = "2020-03-02T08:30:00.000Z";

/** Every cell of a format at zero, for reports built in a test. */
function zeroTables(format: FormatId): ReportTables {
  const tables: ReportTables = { proactive: {}, applications: {}, appeals: {} };
  for (const { table, row, column } of formatCells(formatById(format))) {
    tables[table][row] = { ...tables[table][row], [column]: 0 };
  }
  return tables;
}

function withAmount(tables: ReportTables, amount: number): ReportTables {
  const copy = structuredClone(tables);
  copy.proactive.procurement!.amount = amount;
  return copy;
}

describe("seed2019Tables", () => {
  it("fills every row and column of the 2019 format and nothing else", () => {
    expect(tablesSchema(formatById("2019")).safeParse(seed2019Tables()).success).toBe(true);
  });
});

describe("headline", () => {
  it("takes the headline numbers of the seed report", () => {
    const numbers = headline("2019", seed2019Tables());
    expect(numbers).toEqual({
      applicationsReceived: 105,
      resultsTotal: 105,
      disclosed: 15,
      partiallyDisclosed: 4,
      reconsiderations: 11,
      lawsuits: 2,
    });
    expect(HeadlineSchema.parse(numbers)).toEqual(numbers);
  });

  it("counts lawsuits filed directly and after reconsideration together", () => {
    const tables = seed2019Tables();
    tables.appeals.litigation_after_reconsideration!.total = 3;
    expect(headline("2019", tables).lawsuits).toBe(5);
  });

  it("throws when the tables lack a headline cell", () => {
    const tables = seed2019Tables();
    delete tables.applications.received;
    expect(() => headline("2019", tables)).toThrow(/applications\.received\.total/);
  });
});

describe("year totals", () => {
  it("start with every cell of the format at zero", () => {
    const totals = emptyTotals(2019, "2019");
    expect(totals.departments).toBe(0);
    expect(Object.keys(totals.cells)).toHaveLength(formatCells(formatById("2019")).length);
    expect(totals.cells["applications.withheld.state_secret.total"]).toBe("0");
  });

  it("add a department's report", () => {
    const totals = applyReport(emptyTotals(2019, "2019"), undefined, seed2019Tables());
    expect(totals.departments).toBe(1);
    expect(totals.cells["applications.received.total"]).toBe("105");
    expect(totals.cells["proactive.procurement.amount"]).toBe("2020.97");
    expect(totals.cells["appeals.reconsideration.upheld"]).toBe("11");
  });

  it("replace a department's report without counting it twice", () => {
    const first = applyReport(emptyTotals(2019, "2019"), undefined, seed2019Tables());
    const corrected = withAmount(seed2019Tables(), 2021.5);
    corrected.proactive.penalties!.items_change = -4;
    const replaced = applyReport(first, seed2019Tables(), corrected);
    expect(replaced.departments).toBe(1);
    expect(replaced.cells["applications.received.total"]).toBe("105");
    expect(replaced.cells["proactive.procurement.amount"]).toBe("2021.5");
    expect(replaced.cells["proactive.penalties.items_change"]).toBe("-4");
  });

  it("remove a department's report", () => {
    const one = applyReport(emptyTotals(2019, "2019"), undefined, seed2019Tables());
    const two = applyReport(one, undefined, seed2019Tables());
    expect(two.departments).toBe(2);
    expect(two.cells["applications.received.total"]).toBe("210");
    expect(applyReport(two, seed2019Tables(), undefined)).toEqual(one);
    expect(applyReport(one, seed2019Tables(), undefined)).toEqual(emptyTotals(2019, "2019"));
  });

  it("sum amounts exactly, never as floats", () => {
    let totals = emptyTotals(2019, "2019");
    for (const amount of [24252.311082, 0.000001, 0.1, 0.2]) {
      totals = applyReport(totals, undefined, withAmount(seed2019Tables(), amount));
    }
    expect(totals.cells["proactive.procurement.amount"]).toBe("24252.611083");
    const summary = summaryDocument(totals, T1);
    expect(summary.tables.proactive.procurement!.amount).toBe(24252.611083);
    expect(serializeDocument(summary).body).toContain('"amount":24252.611083');
  });

  it("leave the totals they are given unchanged", () => {
    const empty = emptyTotals(2019, "2019");
    applyReport(empty, undefined, seed2019Tables());
    expect(empty).toEqual(emptyTotals(2019, "2019"));
  });

  it("refuse a value with more than 6 decimals", () => {
    expect(() =>
      applyReport(emptyTotals(2019, "2019"), undefined, withAmount(seed2019Tables(), 0.1 + 0.2)),
    ).toThrow(/6 decimals/);
  });
});

describe("summaryDocument", () => {
  it("sums every cell and derives the rates a reader wants", () => {
    const totals = applyReport(emptyTotals(2019, "2019"), undefined, seed2019Tables());
    const summary = summaryDocument(totals, T1);
    expect(SummaryDocSchema.safeParse(summary).success).toBe(true);
    expect(summary).toMatchObject({
      schemaVersion: "v1",
      year: 2019,
      format: "2019",
      updatedAt: T1,
      departments: 1,
    });
    expect(summary.tables.applications.results_total).toEqual(seed2019Tables().applications.results_total);
    expect(summary.rates).toEqual({
      requests: {
        disclosed: 0.1429, // 15 / 105
        partially_disclosed: 0.0381, // 4 / 105
        withheld: 0.1238, // 13 / 105
        unavailable: 0.6, // 63 / 105
        not_processed: 0.0952, // 10 / 105
        other: 0,
      },
      reconsideration: { upheld: 1, corrected: 0, other: 0, pending: 0 },
      litigation: { upheld: 0, corrected: 0, other: 1, pending: 0 },
    });
  });

  it("gives null rates when there is nothing to divide by", () => {
    const summary = summaryDocument(emptyTotals(2020, "2019"), T1);
    expect(SummaryDocSchema.safeParse(summary).success).toBe(true);
    expect(summary.departments).toBe(0);
    expect(summary.rates.requests.disclosed).toBeNull();
    expect(summary.rates.reconsideration.upheld).toBeNull();
    expect(summary.rates.litigation.pending).toBeNull();
  });

  it("sums the other.* rows of the 2021 format into the other rate, and both litigation rows together", () => {
    const tables = zeroTables("2021");
    tables.applications["other.overdue_correction"]!.total = 1;
    tables.applications["other.other"]!.total = 2;
    tables.applications.disclosed!.total = 5;
    tables.applications.results_total!.total = 8;
    tables.appeals.litigation_direct!.upheld = 1;
    tables.appeals.litigation_direct!.total = 1;
    tables.appeals.litigation_after_reconsideration!.pending = 3;
    tables.appeals.litigation_after_reconsideration!.total = 3;
    const summary = summaryDocument(applyReport(emptyTotals(2024, "2021"), undefined, tables), T1);
    expect(SummaryDocSchema.safeParse(summary).success).toBe(true);
    expect(summary.rates.requests).toMatchObject({ disclosed: 0.625, other: 0.375, withheld: 0 });
    expect(summary.rates.reconsideration.upheld).toBeNull();
    expect(summary.rates.litigation).toEqual({ upheld: 0.25, corrected: 0, other: 0, pending: 0.75 });
  });
});
