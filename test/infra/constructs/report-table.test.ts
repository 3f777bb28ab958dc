import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { ReportTable } from "../../../infra/constructs/report-table";
import { bareStack, nagFindings } from "./bare-stack";

function build() {
  const stack = bareStack();
  const reports = new ReportTable(stack, "Table");
  const id = stack.getLogicalId(reports.table.node.defaultChild as CfnElement);
  return { reports, table: Template.fromStack(stack).toJSON().Resources[id] };
}

describe("ReportTable", () => {
  it("keys items by string pk and sk, with no secondary index", () => {
    const { table } = build();
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(table.Properties.AttributeDefinitions).toEqual([
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
    ]);
    expect(table.Properties.GlobalSecondaryIndexes).toBeUndefined();
    expect(table.Properties.LocalSecondaryIndexes).toBeUndefined();
  });

  it("is retained, deletion-protected and recoverable to any point in time", () => {
    const { table } = build();
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it("is encrypted with the AWS-managed key and billed on demand, which cdk-nag accepts", () => {
    const { table, reports } = build();
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.Properties.BillingMode).toBe("PAY_PER_REQUEST");
    expect(nagFindings(reports)).toEqual([]);
  });
});
