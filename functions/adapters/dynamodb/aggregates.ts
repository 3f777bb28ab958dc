import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { AggregateId, AggregateState, Aggregates, Versioned } from "../../ingest/ports";
import { ITEM_KEY, type ItemKey } from "../../storage-layout";
import { isConditionFailure, PK, type Table } from "./table";

/**
 * A state item must stay under DynamoDB's 400 KB item limit; refuse loudly well before (an error in the
 * log and, after the retries, the dead-letter alarm) rather than fail in some less legible way.
 */
export const MAX_STATE_BYTES = 350_000;

/** The aggregates, one item each, written with optimistic concurrency on a `version` attribute. */
export class DynamoDbAggregates implements Aggregates {
  constructor(private readonly table: Table) {}

  async get<Id extends AggregateId>(id: Id): Promise<Versioned<AggregateState<Id>> | null> {
    const item = await this.table.get(aggregateKey(id));
    return item ? { value: item.value as AggregateState<Id>, version: item.version as number } : null;
  }

  async put<Id extends AggregateId>(
    id: Id,
    value: AggregateState<Id>,
    expectedVersion: number | null,
  ): Promise<boolean> {
    const key = aggregateKey(id);
    const size = Buffer.byteLength(JSON.stringify(value));
    if (size > MAX_STATE_BYTES) {
      throw new Error(`aggregate ${key.pk} would be ${size} bytes, over ${MAX_STATE_BYTES}`);
    }
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...key, value, version: (expectedVersion ?? 0) + 1 },
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
}

function aggregateKey(id: AggregateId): ItemKey {
  switch (id.kind) {
    case "yearSums":
      return ITEM_KEY.yearSums(id.year);
    case "yearList":
      return ITEM_KEY.yearList(id.year, id.shard);
    case "departmentHistory":
      return ITEM_KEY.departmentHistory(id.department);
    case "feedIndex":
      return ITEM_KEY.feedIndex();
  }
}
