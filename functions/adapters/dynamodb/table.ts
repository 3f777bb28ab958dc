import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
} from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/lib-dynamodb";
import { ITEM_KEY, type ItemKey, ROSTER_INDEX, ROSTER_KEY, TABLE_KEY } from "../../storage-layout";

/**
 * The one table every DynamoDB adapter shares (the key schema is `storage-layout.ts`'s): consistent
 * reads, whole-partition queries and scans, and telling a failed condition from a failure. Every write
 * of the adapters is a single-item put or update, conditional where order or exactly-once matters.
 */

export type Item = Record<string, NativeAttributeValue>;

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string }).name === "ConditionalCheckFailedException";

/** The key attributes' names, for condition and key expressions. */
export const PK = TABLE_KEY.partitionKey;
export const SK = TABLE_KEY.sortKey;

export class Table {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  /** One item, read consistently (the use case reads its own writes); only `projection` if given. */
  async get(key: ItemKey, projection?: string, names?: Record<string, string>): Promise<Item | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.name,
        Key: key,
        ConsistentRead: true,
        ...(projection ? { ProjectionExpression: projection, ExpressionAttributeNames: names } : {}),
      }),
    );
    return Item ?? null;
  }

  /**
   * The roster index's items of one partition whose sort key begins with `prefix`, one page (up to 1 MB)
   * at a time. The index is eventually consistent: a record written a moment ago may show a moment later.
   */
  async *queryIndex(partition: string, prefix: string): AsyncGenerator<Item[]> {
    let start: Item | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.name,
          IndexName: ROSTER_INDEX.name,
          KeyConditionExpression: "#gpk = :gpk AND begins_with(#gsk, :prefix)",
          ExpressionAttributeNames: { "#gpk": ROSTER_INDEX.partitionKey, "#gsk": ROSTER_INDEX.sortKey },
          ExpressionAttributeValues: { ":gpk": partition, ":prefix": prefix },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      yield result.Items ?? [];
      start = result.LastEvaluatedKey;
    } while (start);
  }

  /** Every item of a partition, page after page. */
  async queryAll(partition: string): Promise<Item[]> {
    return this.pages((start) =>
      this.client.send(
        new QueryCommand({
          TableName: this.name,
          KeyConditionExpression: `${PK} = :pk`,
          ExpressionAttributeValues: { ":pk": partition },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
  }

  /** Every item of a partition whose sort key begins with `prefix`, in sort key order. */
  async queryPrefix(partition: string, prefix: string): Promise<Item[]> {
    return this.pages((start) =>
      this.client.send(
        new QueryCommand({
          TableName: this.name,
          KeyConditionExpression: `${PK} = :pk AND begins_with(${SK}, :prefix)`,
          ExpressionAttributeValues: { ":pk": partition, ":prefix": prefix },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
  }

  /** Every item whose partition key begins with `prefix`: a scan, for an operator's command only. */
  async scanPartitions(prefix: string): Promise<Item[]> {
    return this.pages((start) =>
      this.client.send(
        new ScanCommand({
          TableName: this.name,
          FilterExpression: `begins_with(${PK}, :prefix)`,
          ExpressionAttributeValues: { ":prefix": prefix },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
  }

  private async pages(
    page: (start: Item | undefined) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const result = await page(start);
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

/** An item without its key attributes. */
export function withoutKey(item: Item): Item {
  const { [PK]: _pk, [SK]: _sk, ...rest } = item;
  return rest;
}

/** The table as the CDK app declares it: string `pk`/`sk`, on demand, and the roster index. */
function tableDefinition(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: PK, AttributeType: "S" },
      { AttributeName: SK, AttributeType: "S" },
      { AttributeName: ROSTER_INDEX.partitionKey, AttributeType: "S" },
      { AttributeName: ROSTER_INDEX.sortKey, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: PK, KeyType: "HASH" },
      { AttributeName: SK, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: ROSTER_INDEX.name,
        KeySchema: [
          { AttributeName: ROSTER_INDEX.partitionKey, KeyType: "HASH" },
          { AttributeName: ROSTER_INDEX.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...ROSTER_INDEX.attributes] },
      },
    ],
    BillingMode: "PAY_PER_REQUEST",
  };
}

/**
 * Creates the table unless it exists (the local stack; on AWS the CDK app owns it). A local table made
 * before the roster index existed is rebuilt with it, its items copied over: dynalite cannot add an index
 * to a table, and a local stack's table is small.
 */
export async function ensureTable(client: DynamoDBDocumentClient, name: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(tableDefinition(name)));
    // dynalite marks a new table ACTIVE one timer tick after answering.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } catch (error) {
    if ((error as Error).name !== "ResourceInUseException") throw error;
    const { Table: existing } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (existing?.GlobalSecondaryIndexes?.some((index) => index.IndexName === ROSTER_INDEX.name)) return;
    const table = new Table(client, name);
    const items = await table.scanPartitions("");
    await client.send(new DeleteTableCommand({ TableName: name }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.send(new CreateTableCommand(tableDefinition(name)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Departments registered before the index existed are indexed as departments in no region.
    const indexed = items.map((item) =>
      item[PK] === ITEM_KEY.departments && item[ROSTER_INDEX.partitionKey] === undefined
        ? {
            ...item,
            place: item.place ?? "/",
            [ROSTER_INDEX.partitionKey]: ROSTER_KEY.members,
            [ROSTER_INDEX.sortKey]: ROSTER_KEY.sort(item.place ?? "/", item[SK]),
          }
        : item,
    );
    for (let i = 0; i < indexed.length; i += 25) {
      const batch = indexed.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      let pending: unknown[] | undefined = batch;
      while (pending && pending.length > 0) {
        const result: { UnprocessedItems?: Record<string, unknown[]> } = await client.send(
          new BatchWriteCommand({ RequestItems: { [name]: pending as never } }),
        );
        pending = result.UnprocessedItems?.[name];
      }
    }
  }
}
