import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { IssuedUpload, IssuedUploads } from "../../api/ports";
import { ITEM_KEY } from "../../storage-layout";
import { type Table, withoutKey } from "./table";

/**
 * The uploads the desk issued, each written twice, once per way it is found: under its id (whose it is,
 * before anything else is read) and in its department's partition by year (the year's list). Both are
 * written once and never change; the id is random, so the puts are create-only by construction.
 */
export class DynamoDbIssuedUploads implements IssuedUploads {
  constructor(private readonly table: Table) {}

  async put(upload: IssuedUpload): Promise<void> {
    // By id first: an upload listed is always findable by its id.
    for (const key of [
      ITEM_KEY.issuedById(upload.uploadId),
      ITEM_KEY.issued(upload.department, upload.year, upload.uploadId),
    ]) {
      await this.table.client.send(
        new PutCommand({ TableName: this.table.name, Item: { ...key, ...upload } }),
      );
    }
  }

  async get(uploadId: string): Promise<IssuedUpload | null> {
    const item = await this.table.get(ITEM_KEY.issuedById(uploadId));
    return item ? (withoutKey(item) as IssuedUpload) : null;
  }

  async list(department: string, year: number): Promise<IssuedUpload[]> {
    const items = await this.table.queryPrefix(ITEM_KEY.issuedOf(department), ITEM_KEY.yearPrefix(year));
    return items.map((item) => withoutKey(item) as IssuedUpload);
  }
}
