import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { ROSTER_INDEX } from "../../../functions/storage-layout";
import { ReportTable } from "../../../infra/constructs/report-table";
import { RosterIndex } from "../../../infra/constructs/roster-index";
import { bareStack, nagFindings } from "./bare-stack";

function build() {
  const stack = bareStack();
  const reports = new ReportTable(stack, "Table");
  const index = new RosterIndex(stack, "RosterIndex", { table: reports.table });
  const id = stack.getLogicalId(reports.table.node.defaultChild as CfnElement);
  return { index, reports, table: Template.fromStack(stack).toJSON().Resources[id] };
}

describe("RosterIndex", () => {
  it("adds the roster index the adapters query, keyed by string gpk and gsk, carrying only what the roster shows", () => {
    const { table, index } = build();
    expect(index.indexName).toBe("roster");
    expect(table.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: "roster",
        KeySchema: [
          { AttributeName: "gpk", KeyType: "HASH" },
          { AttributeName: "gsk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...ROSTER_INDEX.attributes] },
      },
    ]);
    expect(table.Properties.AttributeDefinitions).toContainEqual({
      AttributeName: "gsk",
      AttributeType: "S",
    });
  });

  it("leaves the table's own keys, and its logical id, as they were", () => {
    const { table, reports } = build();
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(nagFindings(reports)).toEqual([]);
  });
});
