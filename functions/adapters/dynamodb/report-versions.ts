import { BatchWriteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type {
  CurrentPointer,
  ReportCell,
  ReportVersion,
  ReportVersions,
  VersionRef,
} from "../../ingest/ports";
import { ITEM_KEY } from "../../storage-layout";
import { type Item, isConditionFailure, PK, type Table, withoutKey } from "./table";

/** DynamoDB's BatchWriteItem takes at most this many puts. */
const BATCH_SIZE = 25;
const MAX_BATCH_RETRIES = 8;

/**
 * The report versions (immutable: a create-only put), the CURRENT pointer of each department and year
 * (a conditional put that only moves forward), and one record per cell of a version.
 */
export class DynamoDbReportVersions implements ReportVersions {
  constructor(private readonly table: Table) {}

  async put(version: ReportVersion): Promise<ReportVersion> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...ITEM_KEY.version(version.department, version.year, version.order), ...version },
          ConditionExpression: `attribute_not_exists(${PK})`,
        }),
      );
      return version;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const stored = await this.get(version.department, version.year, version.order);
      if (!stored) throw error;
      return stored;
    }
  }

  async get(department: string, year: number, order: string): Promise<ReportVersion | null> {
    const item = await this.table.get(ITEM_KEY.version(department, year, order));
    return item ? (withoutKey(item) as ReportVersion) : null;
  }

  async getCurrent(department: string, year: number): Promise<CurrentPointer | null> {
    const item = await this.table.get(ITEM_KEY.current(department, year));
    return item ? { order: item.order as string, publishedAt: item.publishedAt as string } : null;
  }

  async advanceCurrent(
    department: string,
    year: number,
    pointer: CurrentPointer,
  ): Promise<"advanced" | "same" | "newer"> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...ITEM_KEY.current(department, year), ...pointer },
          ConditionExpression: `attribute_not_exists(${PK}) OR #order < :order`,
          ExpressionAttributeNames: { "#order": "order" },
          ExpressionAttributeValues: { ":order": pointer.order },
        }),
      );
      return "advanced";
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.getCurrent(department, year);
      return current?.order === pointer.order ? "same" : "newer";
    }
  }

  async putCells(version: VersionRef, cells: readonly ReportCell[]): Promise<void> {
    const items = cells.map(({ cell, value }) => ({
      PutRequest: {
        Item: { ...ITEM_KEY.cell(version.year, cell, version.department), value, order: version.order },
      },
    }));
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += BATCH_SIZE) batches.push(items.slice(i, i + BATCH_SIZE));
    // The batches are independent puts of distinct keys: send them together.
    await Promise.all(batches.map((batch) => this.writeBatch(batch)));
  }

  private async writeBatch(items: Item[]): Promise<void> {
    let pending: Item[] | undefined = items;
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > MAX_BATCH_RETRIES) {
        throw new Error(`DynamoDB left cell records unprocessed after ${MAX_BATCH_RETRIES} retries`);
      }
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const result = await this.table.client.send(
        new BatchWriteCommand({ RequestItems: { [this.table.name]: pending } }),
      );
      pending = result.UnprocessedItems?.[this.table.name] as Item[] | undefined;
    }
  }
}
