import { gunzipSync, gzipSync } from "node:zlib";
import { BatchGetCommand, DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { emptySeasonRecord, type SeasonRecord } from "../../core/season/record";
import type { AggregateId, AggregateState, Aggregates, Versioned } from "../../ingest/ports";
import { ITEM_KEY, type ItemKey, ROSTER_INDEX, ROSTER_KEY } from "../../storage-layout";
import { type Item, isConditionFailure, PK, SK, type Table } from "./table";

/**
 * A state item must stay under DynamoDB's 400 KB item limit; refuse loudly well before (an error in the
 * log and, after the retries, the dead-letter alarm) rather than fail in some less legible way.
 */
export const MAX_STATE_BYTES = 350_000;

/** BatchGetItem takes at most this many keys. */
const BATCH_KEYS = 100;

/**
 * Kinds whose state is stored gzipped (`packed`, a binary attribute) rather than as a DynamoDB map: the
 * listings' pages and directories and the revisions are read and written whole and never queried into,
 * and DynamoDB's typed wire format makes a page of 400 entries about 300 KB where gzipped JSON is about
 * 50 KB: a fifth of the bytes, and of the write units, on every publish.
 */
const PACKED = new Set<AggregateId["kind"]>([
  "yearPage",
  "regionPage",
  "yearDirectory",
  "regionDirectory",
  "revisions",
]);

/** A directory's page counter: an attribute of its own, so taking a number is one atomic increment. */
const PAGE_COUNTER = "pageCounter";

/**
 * The state items, one each, written with optimistic concurrency on a `version` attribute. Most keep
 * their state under `value`; a season record keeps its fields at the top of the item, with the roster
 * index's keys, so that the index carries what the roster shows and nothing more.
 */
export class DynamoDbAggregates implements Aggregates {
  constructor(private readonly table: Table) {}

  async get<Id extends AggregateId>(id: Id): Promise<Versioned<AggregateState<Id>> | null> {
    const item = await this.table.get(aggregateKey(id));
    return item ? fromItem<Id>(id, item) : null;
  }

  async getMany<Id extends AggregateId>(
    ids: readonly Id[],
  ): Promise<(Versioned<AggregateState<Id>> | null)[]> {
    const items = await this.batchGet(ids.map(aggregateKey));
    return items.map((item, i) => (item ? fromItem<Id>(ids[i]!, item) : null));
  }

  async versions(ids: readonly AggregateId[]): Promise<(number | null)[]> {
    const items = await this.batchGet(ids.map(aggregateKey), "#pk, #sk, #version", {
      "#pk": PK,
      "#sk": SK,
      "#version": "version",
    });
    return items.map((item) => (item ? (item.version as number) : null));
  }

  /** Items by key, in one batch read per hundred keys (retrying what DynamoDB leaves unprocessed). */
  private async batchGet(
    keys: readonly ItemKey[],
    projection?: string,
    names?: Record<string, string>,
  ): Promise<(Item | null)[]> {
    const found = new Map<string, Item>();
    const name = (key: Item | ItemKey) => `${key[PK]}\u0000${key[SK]}`;
    const unique = [...new Map(keys.map((key) => [name(key), key])).values()];
    for (let i = 0; i < unique.length; i += BATCH_KEYS) {
      let pending: Record<string, unknown>[] = unique.slice(i, i + BATCH_KEYS).map((key) => ({ ...key }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error("DynamoDB left keys of a batch read unprocessed after 8 retries");
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        const result = await this.table.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table.name]: {
                Keys: pending,
                ConsistentRead: true,
                ...(projection ? { ProjectionExpression: projection, ExpressionAttributeNames: names } : {}),
              },
            },
          }),
        );
        for (const item of result.Responses?.[this.table.name] ?? []) found.set(name(item), item);
        pending =
          (result.UnprocessedKeys?.[this.table.name]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      }
    }
    return keys.map((key) => found.get(name(key)) ?? null);
  }

  async put<Id extends AggregateId>(
    id: Id,
    value: AggregateState<Id>,
    expectedVersion: number | null,
  ): Promise<boolean> {
    const key = aggregateKey(id);
    const packed = PACKED.has(id.kind) ? gzipSync(JSON.stringify(value)) : null;
    const size = packed ? packed.byteLength : Buffer.byteLength(JSON.stringify(value));
    if (size > MAX_STATE_BYTES) {
      throw new Error(`aggregate ${key.pk} would be ${size} bytes, over ${MAX_STATE_BYTES}`);
    }
    if (packed) return this.putPacked(id, key, packed, value, expectedVersion);
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...key, ...stored(id, value), version: (expectedVersion ?? 0) + 1 },
          ConditionExpression:
            expectedVersion === null ? `attribute_not_exists(${PK})` : "#version = :version",
          ...(expectedVersion === null
            ? {}
            : {
                ExpressionAttributeNames: { "#version": "version" },
                ExpressionAttributeValues: { ":version": expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** A packed state written by an update, which leaves a directory's page counter as it is. */
  private async putPacked(
    id: AggregateId,
    key: ItemKey,
    packed: Uint8Array,
    value: unknown,
    expectedVersion: number | null,
  ): Promise<boolean> {
    const directory = id.kind === "yearDirectory" || id.kind === "regionDirectory";
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          UpdateExpression: `SET packed = :packed, #version = :next${
            directory ? `, ${PAGE_COUNTER} = if_not_exists(${PAGE_COUNTER}, :counter)` : ""
          }`,
          ConditionExpression:
            expectedVersion === null ? `attribute_not_exists(${PK})` : "#version = :version",
          ExpressionAttributeNames: { "#version": "version" },
          ExpressionAttributeValues: {
            ":packed": packed,
            ":next": (expectedVersion ?? 0) + 1,
            ...(expectedVersion === null ? {} : { ":version": expectedVersion }),
            // The pages numbered so far: the next one taken is one more.
            ...(directory ? { ":counter": (value as { nextPage: number }).nextPage - 1 } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async bump(id: AggregateId): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: aggregateKey(id),
        UpdateExpression: "SET #value = if_not_exists(#value, :empty) ADD #version :one",
        ExpressionAttributeNames: { "#value": "value", "#version": "version" },
        ExpressionAttributeValues: { ":empty": {}, ":one": 1 },
      }),
    );
  }

  async delete(id: AggregateId): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: aggregateKey(id) }));
  }

  async removeToken(id: Extract<AggregateId, { kind: "sumsShard" }>, token: string): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: aggregateKey(id),
          UpdateExpression: "REMOVE #value.#tokens.#token ADD #version :one",
          ConditionExpression: "attribute_exists(#value.#tokens.#token)",
          ExpressionAttributeNames: {
            "#value": "value",
            "#tokens": "tokens",
            "#token": token,
            "#version": "version",
          },
          ExpressionAttributeValues: { ":one": 1 },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async allocatePage(
    id: Extract<AggregateId, { kind: "yearDirectory" | "regionDirectory" }>,
  ): Promise<number> {
    const result = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: aggregateKey(id),
        UpdateExpression: `ADD ${PAGE_COUNTER} :one`,
        ConditionExpression: `attribute_exists(${PK})`,
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    const taken = result.Attributes?.[PAGE_COUNTER] as number | undefined;
    if (taken === undefined) throw new Error(`${aggregateKey(id).pk}: no page number to take`);
    return taken;
  }
}

/** The attributes an item of this kind stores besides its key and version. */
function stored(id: AggregateId, value: unknown): Item {
  if (id.kind !== "season") return { value };
  const record = value as SeasonRecord;
  return {
    ...record,
    [ROSTER_INDEX.partitionKey]: ROSTER_KEY.year(record.year),
    [ROSTER_INDEX.sortKey]: ROSTER_KEY.sort(record.place, record.department),
  };
}

function fromItem<Id extends AggregateId>(id: Id, item: Item): Versioned<AggregateState<Id>> {
  const version = item.version as number;
  if (item.packed) {
    return {
      value: JSON.parse(gunzipSync(item.packed as Uint8Array).toString("utf8")) as AggregateState<Id>,
      version,
    };
  }
  if (id.kind !== "season") return { value: item.value as AggregateState<Id>, version };
  return { value: seasonRecordOf(item) as AggregateState<Id>, version };
}

/** A season record from its item (the table's or the roster index's). */
export function seasonRecordOf(item: Item): SeasonRecord {
  const {
    [PK]: _pk,
    [SK]: _sk,
    [ROSTER_INDEX.partitionKey]: _gpk,
    [ROSTER_INDEX.sortKey]: _gsk,
    version: _version,
    ...record
  } = item;
  // A field the item does not hold takes its empty value.
  const { department, year, place } = record as Pick<SeasonRecord, "department" | "year" | "place">;
  return { ...emptySeasonRecord(department, year, place), ...record } as SeasonRecord;
}

function aggregateKey(id: AggregateId): ItemKey {
  switch (id.kind) {
    case "departmentHistory":
      return ITEM_KEY.departmentHistory(id.department);
    case "feedIndex":
      return ITEM_KEY.feedIndex();
    case "season":
      return ITEM_KEY.season(id.department, id.year);
    case "revisions":
      return ITEM_KEY.revisions(id.department, id.year);
    case "sumsShard":
      return ITEM_KEY.sumsShard(id.scope, id.shard);
    case "sumsHead":
      return ITEM_KEY.sumsHead(id.scope);
    case "yearDirectory":
      return ITEM_KEY.listingDirectory({ kind: "year", year: id.year });
    case "yearPage":
      return ITEM_KEY.listingPage({ kind: "year", year: id.year }, id.page);
    case "regionDirectory":
      return ITEM_KEY.listingDirectory({ kind: "region", region: id.region });
    case "regionPage":
      return ITEM_KEY.listingPage({ kind: "region", region: id.region }, id.page);
    case "reminderRound":
      return ITEM_KEY.reminderRound(id.year, id.round);
    case "catalogue":
      return ITEM_KEY.catalogue();
  }
}
