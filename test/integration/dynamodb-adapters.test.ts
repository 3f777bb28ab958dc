import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_STATE_BYTES } from "../../functions/adapters/dynamodb/aggregates";
import { emptyTotals, type YearSums } from "../../functions/core/feed";
import { aggregate } from "../../functions/ingest/ports";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import { ITEM_KEY } from "../../functions/storage-layout";

/** The DynamoDB adapters on dynalite: what they store where, and what they refuse. */

let stack: LocalStack;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-dynamodb-"));
  stack = await startLocalStack({ home, deliver: false });
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

const item = async (key: { pk: string; sk: string }) =>
  (await stack.clients.dynamodb.send(new GetCommand({ TableName: stack.config.table, Key: key }))).Item;

function sums(year: number, applied: Record<string, string>): YearSums {
  return { totals: emptyTotals(year, "2021"), applied, lastChanged: "2025-01-01T00:00:00.000Z" };
}

describe("DynamoDbAggregates", () => {
  it("stores an aggregate under the key of what it aggregates, with its version", async () => {
    const { aggregates } = stack.ports;
    const id = aggregate.yearSums(2040);
    expect(await aggregates.put(id, sums(2040, { a: "1" }), null)).toBe(true);
    expect(await item(ITEM_KEY.yearSums(2040))).toMatchObject({
      pk: "STATE#YEAR#2040",
      sk: "STATE",
      version: 1,
    });
    expect((await aggregates.get(id))?.value.applied).toEqual({ a: "1" });
  });

  it("writes an aggregate only over the version it read (optimistic concurrency)", async () => {
    const { aggregates } = stack.ports;
    const id = aggregate.yearList(2041, 3);
    const shard = { reports: {}, applied: {} };
    expect(await aggregates.put(id, shard, null)).toBe(true);
    expect(await aggregates.put(id, shard, null)).toBe(false);
    expect(await aggregates.put(id, { reports: {}, applied: { a: "2" } }, 1)).toBe(true);
    expect(await aggregates.put(id, { reports: {}, applied: { a: "3" } }, 1)).toBe(false);
    expect(await aggregates.get(id)).toEqual({ value: { reports: {}, applied: { a: "2" } }, version: 2 });
  });

  it("refuses loudly, naming the item and its size, a state that would outgrow its item, and stores nothing", async () => {
    const { aggregates } = stack.ports;
    const id = aggregate.yearSums(2042);
    const applied = Object.fromEntries(
      Array.from({ length: 8_000 }, (_, i) => [`department-${String(i).padStart(5, "0")}`, "0".repeat(30)]),
    );
    const value = sums(2042, applied);
    const size = Buffer.byteLength(JSON.stringify(value));
    expect(size).toBeGreaterThan(MAX_STATE_BYTES);
    await expect(aggregates.put(id, value, null)).rejects.toThrow(
      `aggregate STATE#YEAR#2042 would be ${size} bytes, over ${MAX_STATE_BYTES}`,
    );
    expect(await aggregates.get(id)).toBeNull();
  });
});

describe("DynamoDbReportVersions.putCells", () => {
  it("writes one record per cell it is given, under the cell's code, the department as sort key", async () => {
    const cells = Array.from({ length: 60 }, (_, i) => ({ cell: `proactive.row_${i}.total`, value: i }));
    await stack.ports.versions.putCells({ department: "cells-dept", year: 2043, order: "o-1" }, cells);
    expect(await item(ITEM_KEY.cell(2043, "proactive.row_59.total", "cells-dept"))).toEqual({
      pk: "CELL#2043#proactive.row_59.total",
      sk: "cells-dept",
      value: 59,
      order: "o-1",
    });
  });
});

describe("DynamoDbDepartmentRegistry and DynamoDbUploadLog", () => {
  it("keep departments in one partition and uploads in one per department, as the data model says", async () => {
    await stack.ports.departments.put({ id: "layout-dept", name: "某局", emails: ["a@example.gov.cn"] });
    expect(await item(ITEM_KEY.department("layout-dept"))).toEqual({
      pk: "DEPARTMENTS",
      sk: "layout-dept",
      name: "某局",
      emails: ["a@example.gov.cn"],
    });
    expect((await stack.ports.departments.list()).map((d) => d.id)).toContain("layout-dept");
    expect(ITEM_KEY.upload("layout-dept", 2024, "o-1")).toEqual({
      pk: "UPLOADS#layout-dept",
      sk: "2024#o-1",
    });
  });
});
