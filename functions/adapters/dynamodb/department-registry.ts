import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { ROOT_PLACE } from "../../core/season/places";
import type { Department, DepartmentRegistry } from "../../ingest/ports";
import { ITEM_KEY, ROSTER_INDEX, ROSTER_KEY } from "../../storage-layout";
import { type Item, SK, type Table } from "./table";

/**
 * The departments, one item each in one partition (so listing them is a query), each also in the roster
 * index under `MEMBERS` by place, so a region's departments are one prefix query.
 */
export class DynamoDbDepartmentRegistry implements DepartmentRegistry {
  constructor(private readonly table: Table) {}

  async get(id: string): Promise<Department | null> {
    const item = await this.table.get(ITEM_KEY.department(id));
    return item ? departmentOf(item) : null;
  }

  async put(department: Department): Promise<void> {
    const place = department.place ?? ROOT_PLACE;
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          ...ITEM_KEY.department(department.id),
          name: department.name,
          emails: department.emails,
          parent: department.parent ?? null,
          place,
          ...(department.registeredAt ? { registeredAt: department.registeredAt } : {}),
          [ROSTER_INDEX.partitionKey]: ROSTER_KEY.members,
          [ROSTER_INDEX.sortKey]: ROSTER_KEY.sort(place, department.id),
        },
      }),
    );
  }

  async list(): Promise<Department[]> {
    return (await this.table.queryAll(ITEM_KEY.departments)).map(departmentOf);
  }
}

/** A department from its item (the table's or the roster index's). */
export function departmentOf(item: Item): Department {
  return {
    id: item[SK] as string,
    name: item.name as string,
    emails: (item.emails as string[]) ?? [],
    parent: (item.parent as string | null | undefined) ?? null,
    place: (item.place as string | undefined) ?? ROOT_PLACE,
    ...(item.registeredAt ? { registeredAt: item.registeredAt as string } : {}),
  };
}
