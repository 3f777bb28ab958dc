import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/lib-dynamodb";
import { type ItemKey, TABLE_KEY } from "../../storage-layout";

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

  /** One item, read consistently (the use case reads its own writes). */
  async get(key: ItemKey): Promise<Item | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }),
    );
    return Item ?? null;
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

/** The table as the CDK app declares it: string `pk`/`sk`, on demand. */
function tableDefinition(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: PK, AttributeType: "S" },
      { AttributeName: SK, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: PK, KeyType: "HASH" },
      { AttributeName: SK, KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
  };
}

/** Creates the table unless it exists (the local stack; on AWS the CDK app owns it). */
export async function ensureTable(client: DynamoDBDocumentClient, name: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(tableDefinition(name)));
    // dynalite marks a new table ACTIVE one timer tick after answering.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } catch (error) {
    if ((error as Error).name !== "ResourceInUseException") throw error;
  }
}
