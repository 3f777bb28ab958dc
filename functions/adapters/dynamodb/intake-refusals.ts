import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { IntakeRefusal, IntakeRefusals } from "../../ingest/ports";
import { ITEM_KEY } from "../../storage-layout";
import { type Table, withoutKey } from "./table";

/** The refused intake messages, one item each, in one partition per month (forgeries are rare). */
export class DynamoDbIntakeRefusals implements IntakeRefusals {
  constructor(private readonly table: Table) {}

  async record(refusal: IntakeRefusal): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...ITEM_KEY.refusal(refusal.at, refusal.id), ...refusal },
      }),
    );
  }

  async list(month: string): Promise<IntakeRefusal[]> {
    return (await this.table.queryAll(ITEM_KEY.refusalsOf(month))).map(
      (item) => withoutKey(item) as IntakeRefusal,
    );
  }
}
