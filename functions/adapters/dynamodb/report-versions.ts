import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { CurrentPointer, ReportVersion, ReportVersions } from "../../ingest/ports";
import { ITEM_KEY } from "../../storage-layout";
import { isConditionFailure, PK, type Table, withoutKey } from "./table";

/**
 * The report versions (immutable: a create-only put), the CURRENT pointer of each department and year
 * (a conditional put that only moves forward).
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
}
