import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_STATE_BYTES } from "../../functions/adapters/dynamodb/aggregates";
import { type DepartmentHistory, emptyHead } from "../../functions/core/feed";
import { emptySeasonRecord } from "../../functions/core/season/record";
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

function history(lastChanged: string): DepartmentHistory {
  return { years: {}, applied: {}, withdrawn: {}, lastChanged };
}

describe("DynamoDbAggregates", () => {
  it("stores a state under the key of what it holds, with its version", async () => {
    const { aggregates } = stack.ports;
    const id = aggregate.departmentHistory("adapter-dept");
    expect(await aggregates.put(id, history("2025-01-01T00:00:00.000Z"), null)).toBe(true);
    expect(await item(ITEM_KEY.departmentHistory("adapter-dept"))).toMatchObject({
      pk: "STATE#DEPARTMENT#adapter-dept",
      sk: "STATE",
      version: 1,
    });
    expect((await aggregates.get(id))?.value.lastChanged).toBe("2025-01-01T00:00:00.000Z");
  });

  it("writes a state only over the version it read (optimistic concurrency)", async () => {
    const { aggregates } = stack.ports;
    const id = aggregate.departmentHistory("occ-dept");
    expect(await aggregates.put(id, history("a"), null)).toBe(true);
    expect(await aggregates.put(id, history("b"), null)).toBe(false);
    expect(await aggregates.put(id, history("c"), 1)).toBe(true);
    expect(await aggregates.put(id, history("d"), 1)).toBe(false);
    expect(await aggregates.get(id)).toEqual({ value: history("c"), version: 2 });
  });

  it("refuses loudly, naming the item and its size, a state that would outgrow its item, and stores nothing", async () => {
    const { aggregates } = stack.ports;
    const id = aggregate.departmentHistory("huge-dept");
    const value = {
      ...history("x"),
      applied: Object.fromEntries(
        Array.from({ length: 8_000 }, (_, i) => [
          `year-${String(i).padStart(5, "0")}`,
          { order: "0".repeat(30), removed: false },
        ]),
      ),
    };
    const size = Buffer.byteLength(JSON.stringify(value));
    expect(size).toBeGreaterThan(MAX_STATE_BYTES);
    await expect(aggregates.put(id, value, null)).rejects.toThrow(
      `aggregate STATE#DEPARTMENT#huge-dept would be ${size} bytes, over ${MAX_STATE_BYTES}`,
    );
    expect(await aggregates.get(id)).toBeNull();
  });

  it("reads many states and their versions in one batch, absent ones as null", async () => {
    const { aggregates } = stack.ports;
    const ids = [aggregate.departmentHistory("adapter-dept"), aggregate.departmentHistory("nobody-here")];
    expect((await aggregates.getMany(ids)).map((state) => state?.version ?? null)).toEqual([1, null]);
    expect(await aggregates.versions(ids)).toEqual([1, null]);
  });

  it("moves a head's version on, creating it, and drops a shard's token only while it holds it", async () => {
    const { aggregates } = stack.ports;
    const scope = { kind: "year", year: 2044 } as const;
    await aggregates.bump(aggregate.sumsHead(scope));
    await aggregates.bump(aggregate.sumsHead(scope));
    expect(await aggregates.versions([aggregate.sumsHead(scope)])).toEqual([2]);
    const shard = aggregate.sumsShard(scope, 0);
    const totals = { format: "2021", departments: 0, withWarnings: 0, cells: "" };
    await aggregates.put(shard, { totals, lastChanged: "t", tokens: { a: "t", b: "t" } }, null);
    await aggregates.removeToken(shard, "a");
    await aggregates.removeToken(shard, "a");
    expect(await aggregates.get(shard)).toEqual({
      value: { totals, lastChanged: "t", tokens: { b: "t" } },
      version: 2,
    });
  });

  it("takes page numbers from a listing's head one at a time, however its state is rewritten", async () => {
    const { aggregates } = stack.ports;
    const id = aggregate.yearDirectory(2045);
    await aggregates.put(id, emptyHead(), null);
    expect(
      await Promise.all([aggregates.allocatePage(id), aggregates.allocatePage(id)]).then((n) => n.sort()),
    ).toEqual([1, 2]);
    expect(await aggregates.allocatePage(id)).toBe(3);
    // The head's own writes leave the counter as it is.
    const stored = (await aggregates.get(id))!;
    expect(await aggregates.put(id, { ...stored.value, years: [2045] }, stored.version)).toBe(true);
    expect(await aggregates.allocatePage(id)).toBe(4);
  });

  it("stores a listing page gzipped, and reads it back as it was", async () => {
    const { aggregates } = stack.ports;
    const id = aggregate.yearPage(2047, 0);
    const page = { n: 0, lower: "", upper: null, next: null, entries: {}, changedAt: "t" };
    await aggregates.put(id, page, null);
    expect((await item(ITEM_KEY.listingPage({ kind: "year", year: 2047 }, 0)))!.packed).toBeInstanceOf(
      Uint8Array,
    );
    expect(await aggregates.get(id)).toEqual({ value: page, version: 1 });
    expect(await aggregates.put(id, page, null)).toBe(false);
    expect(await aggregates.put(id, { ...page, changedAt: "u" }, 1)).toBe(true);
  });

  it("keeps a season record's fields on its item, under the roster index's keys", async () => {
    const { aggregates } = stack.ports;
    const record = emptySeasonRecord("roster-dept", 2046, "/prov/city/");
    await aggregates.put(aggregate.season("roster-dept", 2046), record, null);
    expect(await item(ITEM_KEY.season("roster-dept", 2046))).toMatchObject({
      department: "roster-dept",
      gpk: "ROSTER#2046",
      gsk: "/prov/city/roster-dept",
      version: 1,
    });
    expect((await aggregates.get(aggregate.season("roster-dept", 2046)))!.value).toEqual(record);
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
      parent: null,
      place: "/",
      gpk: "MEMBERS",
      gsk: "/layout-dept",
    });
    expect((await stack.ports.departments.list()).map((d) => d.id)).toContain("layout-dept");
    expect(ITEM_KEY.upload("layout-dept", 2024, "o-1")).toEqual({
      pk: "UPLOADS#layout-dept",
      sk: "2024#o-1",
    });
  });
});
