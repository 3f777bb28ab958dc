import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Department, DepartmentRegistry } from "../../ingest/ports";
import { ITEM_KEY } from "../../storage-layout";
import { type Item, SK, type Table } from "./table";

/** The departments, one item each in one partition (so listing them is a query). */
export class DynamoDbDepartmentRegistry implements DepartmentRegistry {
  constructor(private readonly table: Table) {}

  async get(id: string): Promise<Department | null> {
    const item = await this.table.get(ITEM_KEY.department(id));
    return item ? toDepartment(item) : null;
  }

  async put(department: Department): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...ITEM_KEY.department(department.id), name: department.name, emails: department.emails },
      }),
    );
  }

  async list(): Promise<Department[]> {
    return (await this.table.queryAll(ITEM_KEY.departments)).map(toDepartment);
  }
}

function toDepartment(item: Item): Department {
  return { id: item[SK] as string, name: item.name as string, emails: (item.emails as string[]) ?? [] };
}
