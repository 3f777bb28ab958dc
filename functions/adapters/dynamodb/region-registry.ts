import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { byKey } from "../../core/feed";
import type { Region } from "../../core/season/places";
import type { RegionRegistry } from "../../ingest/ports";
import { ITEM_KEY } from "../../storage-layout";
import { type Item, PK, SK, type Table } from "./table";

/** The regions, one item each in one partition; a region's children a map of id → name on its item. */
export class DynamoDbRegionRegistry implements RegionRegistry {
  constructor(private readonly table: Table) {}

  async get(id: string): Promise<Region | null> {
    const item = await this.table.get(ITEM_KEY.region(id));
    return item ? regionOf(item) : null;
  }

  async put(region: Omit<Region, "children">): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: ITEM_KEY.region(region.id),
        UpdateExpression:
          "SET #name = :name, parent = :parent, place = :place, children = if_not_exists(children, :none)",
        ExpressionAttributeNames: { "#name": "name" },
        ExpressionAttributeValues: {
          ":name": region.name,
          ":parent": region.parent,
          ":place": region.place,
          ":none": {},
        },
      }),
    );
  }

  async addChild(parent: string, child: { id: string; name: string }): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: ITEM_KEY.region(parent),
        UpdateExpression: "SET children.#child = :name",
        ConditionExpression: `attribute_exists(${PK})`,
        ExpressionAttributeNames: { "#child": child.id },
        ExpressionAttributeValues: { ":name": child.name },
      }),
    );
  }

  async list(): Promise<Region[]> {
    return (await this.table.queryAll(ITEM_KEY.regions)).map(regionOf);
  }
}

function regionOf(item: Item): Region {
  const children = (item.children as Record<string, string> | undefined) ?? {};
  return {
    id: item[SK] as string,
    name: item.name as string,
    parent: (item.parent as string | null) ?? null,
    place: item.place as string,
    children: Object.keys(children)
      .sort(byKey)
      .map((id) => ({ id, name: children[id]! })),
  };
}
