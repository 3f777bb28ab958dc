import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { formatById } from "../../schemas/formats";
import { cellKey as feedCellKey, formatCells } from "../core/feed";
import type {
  CurrentPointer,
  Department,
  ReportStore,
  ReportVersion,
  UploadRecord,
  Versioned,
} from "../ingest/ports";

/**
 * The data model, one table (`pk`, `sk`), every write a single-item put or update — conditional where
 * order or exactly-once matters (no transactions, no streams):
 *
 * | item                     | pk                          | sk                   |
 * |--------------------------|-----------------------------|----------------------|
 * | department               | `DEPARTMENTS`               | `{id}`               |
 * | upload and its outcome   | `UPLOADS#{dept}`            | `{year}#{order}`     |
 * | report version           | `REPORT#{dept}#{year}`      | `V#{order}`          |
 * | current report pointer   | `REPORT#{dept}#{year}`      | `CURRENT`            |
 * | one cell of a report     | `CELL#{year}#{table.row.column}` | `{dept}`        |
 * | aggregate (year, dept, index) | `STATE#{name}`         | `STATE`              |
 */

/** Findings kept on an upload item: a hostile sheet's thousands must not break the 400 KB item limit. */
const MAX_STORED_FINDINGS = 300;
const MAX_STORED_FINDINGS_BYTES = 200_000;

function storedFindings<T>(findings: readonly T[]): T[] {
  const kept: T[] = [];
  let bytes = 0;
  for (const finding of findings.slice(0, MAX_STORED_FINDINGS)) {
    bytes += Buffer.byteLength(JSON.stringify(finding));
    if (bytes > MAX_STORED_FINDINGS_BYTES) break;
    kept.push(finding);
  }
  return kept;
}

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string }).name === "ConditionalCheckFailedException";

export class DynamoDbReportStore implements ReportStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getDepartment(id: string): Promise<Department | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { pk: "DEPARTMENTS", sk: id } }),
    );
    return Item
      ? { id: Item.sk as string, name: Item.name as string, emails: (Item.emails as string[]) ?? [] }
      : null;
  }

  async putDepartment(department: Department): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: "DEPARTMENTS", sk: department.id, name: department.name, emails: department.emails },
      }),
    );
  }

  async listDepartments(): Promise<Department[]> {
    const items = await this.queryAll("DEPARTMENTS");
    return items.map((item) => ({
      id: item.sk as string,
      name: item.name as string,
      emails: (item.emails as string[]) ?? [],
    }));
  }

  async getUpload(department: string, year: number, order: string): Promise<UploadRecord | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `UPLOADS#${department}`, sk: `${year}#${order}` },
        ConsistentRead: true,
      }),
    );
    return Item ? toUpload(Item) : null;
  }

  /** Sets every field but the mail fields, which only claimMail, markMailed and releaseMail touch. */
  async putUpload(record: UploadRecord): Promise<void> {
    const {
      mailedAt: _mailedAt,
      mailClaimedAt: _mailClaimedAt,
      mailError: _mailError,
      ...fields
    } = {
      ...record,
      findingCount: record.findings.length,
      findings: storedFindings(record.findings),
    };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields).map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `UPLOADS#${record.department}`, sk: `${record.year}#${record.order}` },
        UpdateExpression: `SET ${sets.join(", ")}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /**
   * One department's uploads (a query), or every upload, registered department or not (a scan: an
   * operator's command, never on the Lambda's path).
   */
  async listUploads(department?: string): Promise<UploadRecord[]> {
    if (department) return (await this.queryAll(`UPLOADS#${department}`)).map(toUpload);
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.table,
          FilterExpression: "begins_with(pk, :uploads)",
          ExpressionAttributeValues: { ":uploads": "UPLOADS#" },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items.map(toUpload);
  }

  /** Makes an upload pending again (status and mail), so replaying its event evaluates it anew. */
  async resetUpload(record: UploadRecord): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: uploadKey(record),
        UpdateExpression: "SET #status = :received REMOVE mailedAt, mailClaimedAt, mailError",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":received": "received" },
      }),
    );
  }

  async claimMail(record: UploadRecord, at: string, staleBefore: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: uploadKey(record),
          UpdateExpression: "SET mailClaimedAt = :at",
          ConditionExpression:
            "attribute_exists(pk) AND attribute_not_exists(mailedAt) AND " +
            "(attribute_not_exists(mailClaimedAt) OR mailClaimedAt < :stale)",
          ExpressionAttributeValues: { ":at": at, ":stale": staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markMailed(record: UploadRecord, at: string, error?: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: uploadKey(record),
        UpdateExpression: error ? "SET mailedAt = :at, mailError = :error" : "SET mailedAt = :at",
        ExpressionAttributeValues: { ":at": at, ...(error ? { ":error": error.slice(0, 500) } : {}) },
      }),
    );
  }

  async releaseMail(record: UploadRecord): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: uploadKey(record),
        UpdateExpression: "REMOVE mailClaimedAt",
      }),
    );
  }

  async putVersion(version: ReportVersion): Promise<ReportVersion> {
    const Key = { pk: `REPORT#${version.department}#${version.year}`, sk: `V#${version.order}` };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...Key, ...version },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return version;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const stored = await this.getVersion(version.department, version.year, version.order);
      if (!stored) throw error;
      return stored;
    }
  }

  async getVersion(department: string, year: number, order: string): Promise<ReportVersion | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `REPORT#${department}#${year}`, sk: `V#${order}` },
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const { pk: _pk, sk: _sk, ...version } = Item;
    return version as ReportVersion;
  }

  async getCurrent(department: string, year: number): Promise<CurrentPointer | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `REPORT#${department}#${year}`, sk: "CURRENT" },
        ConsistentRead: true,
      }),
    );
    return Item ? { order: Item.order as string, publishedAt: Item.publishedAt as string } : null;
  }

  async advanceCurrent(
    department: string,
    year: number,
    pointer: CurrentPointer,
  ): Promise<"advanced" | "same" | "newer"> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `REPORT#${department}#${year}`, sk: "CURRENT", ...pointer },
          ConditionExpression: "attribute_not_exists(pk) OR #order < :order",
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

  async putCells(version: ReportVersion): Promise<void> {
    const items = formatCells(formatById(version.format)).map((cell) => ({
      PutRequest: {
        Item: {
          pk: `CELL#${version.year}#${feedCellKey(cell)}`,
          sk: version.department,
          value: version.tables[cell.table]?.[cell.row]?.[cell.column] ?? 0,
          order: version.order,
        },
      },
    }));
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    // The batches are independent puts of distinct keys: send them together.
    await Promise.all(batches.map((batch) => this.writeBatch(batch)));
  }

  private async writeBatch(items: Record<string, unknown>[]): Promise<void> {
    let pending: Record<string, unknown>[] | undefined = items;
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error("DynamoDB left cell records unprocessed after 8 retries");
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const result = await this.client.send(
        new BatchWriteCommand({ RequestItems: { [this.table]: pending } }),
      );
      pending = result.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
    }
  }

  async getState<T>(name: string): Promise<Versioned<T> | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `STATE#${name}`, sk: "STATE" },
        ConsistentRead: true,
      }),
    );
    return Item ? { value: Item.value as T, version: Item.version as number } : null;
  }

  async putState<T>(name: string, value: T, expectedVersion: number | null): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `STATE#${name}`, sk: "STATE", value, version: (expectedVersion ?? 0) + 1 },
          ConditionExpression: expectedVersion === null ? "attribute_not_exists(pk)" : "#version = :version",
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

  private async queryAll(pk: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function uploadKey(record: Pick<UploadRecord, "department" | "year" | "order">) {
  return { pk: `UPLOADS#${record.department}`, sk: `${record.year}#${record.order}` };
}

function toUpload(item: Record<string, unknown>): UploadRecord {
  const { pk: _pk, sk: _sk, findingCount: _count, ...record } = item;
  return record as unknown as UploadRecord;
}

/** The table's key schema, for the local stack and the CDK app alike. */
export const TABLE_KEY_SCHEMA = {
  partitionKey: "pk",
  sortKey: "sk",
} as const;
