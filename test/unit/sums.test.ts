import { describe, expect, it } from "vitest";
import {
  applyToShard,
  departmentShard,
  emptyTotals,
  MAX_SHARD_TOKENS,
  packTotals,
  type ShardChange,
  SUM_SHARDS,
  type SumsShard,
  scopeName,
  scopeOfName,
  sumShards,
  sumsScope,
  unpackTotals,
} from "../../functions/core/feed";
import type { ReportTables } from "../../schemas/report";
import { county2024Tables } from "../fixtures/reports/county-2021";

/** The sums shards' transition, pure: a change applied once under its token, however often it arrives. */

const T1 = "2025-01-10T08:00:00.000Z";
const T2 = "2025-01-12T08:00:00.000Z";
const numbers = (tables: ReportTables = county2024Tables(), warnings = 0) => ({ tables, warnings });

function change(
  token: string,
  from: ShardChange["from"],
  to: ShardChange["to"],
  previousToken: string | null = null,
): ShardChange {
  return { token, previousToken, year: 2024, format: "2021", from, to, at: T1 };
}

const received = (shard: SumsShard) => unpackTotals(2024, shard.totals).cells["applications.received.total"];

describe("departmentShard", () => {
  it("spreads departments over the shards by the FNV-1a hash of their UTF-8 bytes, as stored", () => {
    // Pinned: a department moving shard would leave its numbers counted in the old one.
    expect(
      ["nx-office", "county-amr", "city-edu", "crash-07", "dept-0999", "财政局", "a"].map((id) =>
        departmentShard(id),
      ),
    ).toEqual([2, 6, 3, 6, 4, 2, 4]);
    const shards = new Set(Array.from({ length: 500 }, (_, i) => departmentShard(`dept-${i}`)));
    expect(shards.size).toBe(SUM_SHARDS);
  });
});

describe("applyToShard", () => {
  it("adds a department's numbers and records the change's token", () => {
    const shard = applyToShard(null, change("t1", null, numbers(county2024Tables(), 2)))!;
    expect(received(shard)).toBe("48");
    expect(shard.totals).toMatchObject({ format: "2021", departments: 1, withWarnings: 1 });
    expect(shard.tokens).toEqual({ t1: T1 });
    expect(shard.lastChanged).toBe(T1);
  });

  it("changes nothing for a change whose token the shard holds", () => {
    const shard = applyToShard(null, change("t1", null, numbers()))!;
    expect(applyToShard(shard, change("t1", null, numbers()))).toBeUndefined();
  });

  it("replaces a department's numbers without counting it twice, dropping its previous token", () => {
    const more = county2024Tables();
    more.applications.received!.total = 60;
    let shard = applyToShard(null, change("t1", null, numbers()))!;
    shard = applyToShard(shard, change("other", null, numbers()))!;
    shard = applyToShard(shard, { ...change("t2", numbers(), numbers(more), "t1"), at: T2 })!;
    expect(received(shard)).toBe(String(48 + 60));
    expect(shard.totals.departments).toBe(2);
    expect(Object.keys(shard.tokens).sort()).toEqual(["other", "t2"]);
    expect(shard.lastChanged).toBe(T2);
  });

  it("takes a withdrawn department's numbers out", () => {
    let shard = applyToShard(null, change("t1", null, numbers(county2024Tables(), 1)))!;
    shard = applyToShard(shard, change("t2", numbers(county2024Tables(), 1), null))!;
    expect(received(shard)).toBe("0");
    expect(shard.totals).toMatchObject({ departments: 0, withWarnings: 0 });
  });

  it("refuses loudly past MAX_SHARD_TOKENS changes in flight", () => {
    let shard: SumsShard = applyToShard(null, change("t0", null, numbers()))!;
    for (let i = 1; i < MAX_SHARD_TOKENS; i++) shard = applyToShard(shard, change(`t${i}`, null, null))!;
    expect(() => applyToShard(shard, change("one-too-many", null, null))).toThrow(/changes in flight/);
  });

  it("refuses a report of another format than the sums'", () => {
    const shard = applyToShard(null, change("t1", null, numbers()))!;
    expect(() => applyToShard(shard, { ...change("t2", null, null), format: "2019" })).toThrow(/2019 report/);
  });
});

describe("sumShards and packed totals", () => {
  it("adds up a scope's shards exactly, absent ones as nothing", () => {
    const a = applyToShard(null, change("t1", null, numbers(county2024Tables(), 1)))!;
    const b = { ...applyToShard(null, change("t2", null, numbers()))!, lastChanged: T2 };
    const sums = sumShards(2024, [a, null, b])!;
    expect(sums.totals.departments).toBe(2);
    expect(sums.totals.cells["applications.received.total"]).toBe("96");
    expect(sums.withWarnings).toBe(1);
    expect(sums.lastChanged).toBe(T2);
    expect(sumShards(2024, [null, null])).toBeNull();
  });

  it("packs totals into one line of decimals in the format's order, and refuses a line of another length", () => {
    const totals = emptyTotals(2024, "2021");
    const amount = Object.keys(totals.cells).find((key) => key.endsWith(".amount"))!;
    totals.cells[amount] = "2020.97";
    const packed = packTotals(totals, 0);
    expect(packed.cells.split(",")).toHaveLength(Object.keys(totals.cells).length);
    expect(unpackTotals(2024, packed)).toEqual(totals);
    expect(() => unpackTotals(2024, { ...packed, cells: "1,2" })).toThrow(/hold 2 cells/);
  });
});

describe("scope names", () => {
  it("name the year and a region, and read back", () => {
    expect(scopeName(sumsScope.year(2024))).toBe("year");
    expect(scopeName(sumsScope.region("city", 2024))).toBe("region:city");
    expect(scopeOfName("region:city", 2024)).toEqual(sumsScope.region("city", 2024));
    expect(() => scopeOfName("nowhere", 2024)).toThrow();
  });
});
