import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
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

  /**
   * Writes the department's name and addresses; its place only when given (a registration that names no
   * region leaves the one it has, or puts a new department in none).
   */
  async put(department: Department): Promise<void> {
    const place = department.place;
    const names: Record<string, string> = { "#name": "name", "#gpk": ROSTER_INDEX.partitionKey };
    const values: Record<string, unknown> = {
      ":name": department.name,
      ":emails": department.emails,
      ":members": ROSTER_KEY.members,
    };
    const sets = ["#name = :name", "emails = :emails", "#gpk = :members"];
    names["#gsk"] = ROSTER_INDEX.sortKey;
    if (place !== undefined) {
      values[":parent"] = department.parent ?? null;
      values[":place"] = place;
      values[":sort"] = ROSTER_KEY.sort(place, department.id);
      sets.push("parent = :parent", "place = :place", "#gsk = :sort");
    } else {
      values[":none"] = null;
      values[":root"] = ROOT_PLACE;
      values[":rootSort"] = ROSTER_KEY.sort(ROOT_PLACE, department.id);
      sets.push(
        "parent = if_not_exists(parent, :none)",
        "place = if_not_exists(place, :root)",
        "#gsk = if_not_exists(#gsk, :rootSort)",
      );
    }
    if (department.registeredAt) {
      values[":at"] = department.registeredAt;
      sets.push("registeredAt = :at");
    }
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: ITEM_KEY.department(department.id),
        UpdateExpression: `SET ${sets.join(", ")}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
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
