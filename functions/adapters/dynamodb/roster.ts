import type { SeasonRecord } from "../../core/season/record";
import type { Department, Roster } from "../../ingest/ports";
import { ROSTER_KEY } from "../../storage-layout";
import { seasonRecordOf } from "./aggregates";
import { departmentOf } from "./department-registry";
import type { Table } from "./table";

/** The roster index: departments (`MEMBERS`) and a year's season records (`ROSTER#{year}`) by place. */
export class DynamoDbRoster implements Roster {
  constructor(private readonly table: Table) {}

  async *members(place: string): AsyncIterable<Department[]> {
    for await (const items of this.table.queryIndex(ROSTER_KEY.members, place)) yield items.map(departmentOf);
  }

  async *records(year: number, place: string): AsyncIterable<SeasonRecord[]> {
    for await (const items of this.table.queryIndex(ROSTER_KEY.year(year), place))
      yield items.map(seasonRecordOf);
  }
}
