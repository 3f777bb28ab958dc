import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { ENV } from "../../../functions/config";
import { feedPaths } from "../../../functions/core/feed";
import { ITEM_KEY } from "../../../functions/storage-layout";
import { pipelineRolePath } from "../../../infra/config";
import { AlarmTopic } from "../../../infra/constructs/alarm-topic";
import {
  CATALOGUE_ENTRY,
  CATALOGUE_READ_PARTITIONS,
  CatalogueFunction,
} from "../../../infra/constructs/catalogue-function";
import { asArray, type CfnJson, flat, identityPolicies, type Statement } from "../synth";
import { bareStack, nagFindings } from "./bare-stack";

function build() {
  const stack = bareStack();
  const alarms = new AlarmTopic(stack, "AlarmTopic", { stage: "test", operatorEmail: "ops@example.gov.cn" });
  const catalogue = new CatalogueFunction(stack, "CatalogueFunction", {
    stage: "test",
    table: Table.fromTableName(stack, "Table", "gongkai-test-reports"),
    feed: Bucket.fromBucketName(stack, "Feed", "gongkai-test-feed"),
    logRetentionDays: RetentionDays.SIX_MONTHS,
    alarms,
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources;
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const statementsOf = (role: string): Statement[] =>
    identityPolicies(template)
      .filter((source) => source.roles.includes(role))
      .flatMap((source) => source.statements);
  return {
    catalogue,
    template,
    resources,
    fn: resources[idOf(catalogue.function)].Properties as CfnJson,
    role: resources[idOf(catalogue.role)].Properties as CfnJson,
    statements: statementsOf(idOf(catalogue.role)),
    invokeStatements: statementsOf(idOf(catalogue.invokeRole)),
    functionId: idOf(catalogue.function),
  };
}

/** An IAM StringLike pattern as a regular expression. */
const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
const readable = (pk: string) => CATALOGUE_READ_PARTITIONS.some((pattern) => glob(pattern).test(pk));

describe("CatalogueFunction", () => {
  it("runs the catalogue handler on Node.js 24, arm64, with only the table and the feed bucket named", () => {
    const { fn } = build();
    expect(fn).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"], Handler: "index.handler" });
    expect(fn.Environment.Variables).toEqual({
      [ENV.table]: "gongkai-test-reports",
      [ENV.feedBucket]: "gongkai-test-feed",
    });
    expect(CATALOGUE_ENTRY).toBe("functions/ingest/catalogue-handler.ts");
  });

  it("runs under the pipeline's IAM path, the only one the feed bucket accepts writes from", () => {
    expect(build().role.Path).toBe(pipelineRolePath("test"));
  });

  it("is invoked every minute by EventBridge Scheduler, through a role that may invoke this function only", () => {
    const { template, invokeStatements, functionId } = build();
    const schedules = Object.values(template.findResources("AWS::Scheduler::Schedule"));
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.Properties).toMatchObject({
      ScheduleExpression: "rate(1 minute)",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: { Arn: { "Fn::GetAtt": [functionId, "Arn"] } },
    });
    expect(invokeStatements.map((s) => [s.Action, flat(s.Resource)])).toEqual([
      ["lambda:InvokeFunction", `{${functionId}.Arn}`],
    ]);
  });

  it("writes exactly the year CSVs (aborting a failed multipart upload of one), their CSVW metadata and the department list of the feed, nothing else of the bucket", () => {
    const { statements } = build();
    const s3 = statements
      .filter((s) => asArray(s.Action).some((action) => action.startsWith("s3:")))
      .map((s) => [asArray(s.Action).sort(), flat(s.Resource)]);
    const feed = "arn:{AWS::Partition}:s3:::gongkai-test-feed";
    expect(s3).toEqual([
      [["s3:DeleteObject", "s3:PutObject"], `${feed}/v1/years/*.csv,${feed}/v1/years/*.csv-metadata.json`],
      [["s3:AbortMultipartUpload"], `${feed}/v1/years/*.csv`],
      [["s3:PutObject"], `${feed}/${feedPaths.departments}`],
    ]);
    // The year's JSON documents beside the CSVs stay the ingest function's.
    expect(glob("v1/years/*.csv").test(feedPaths.year(2024))).toBe(false);
    expect(glob("v1/years/*.csv").test(feedPaths.yearCsv(2024))).toBe(true);
    expect(glob("v1/years/*.csv-metadata.json").test(feedPaths.yearCsvMetadata(2024))).toBe(true);
    expect(glob("v1/years/*.csv-metadata.json").test(feedPaths.year(2024))).toBe(false);
  });

  it("reads the table only in the partitions a rebuild reads, and writes only its own state item", () => {
    const { statements } = build();
    const dynamodb = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith("dynamodb:")));
    expect(dynamodb.map((s) => asArray(s.Action).sort())).toEqual([
      ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"],
      ["dynamodb:PutItem"],
    ]);
    expect(dynamodb[0]!.Condition).toEqual({
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...CATALOGUE_READ_PARTITIONS] },
    });
    expect(dynamodb[1]!.Condition).toEqual({
      "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [ITEM_KEY.catalogue().pk] },
    });
    const read = [
      ITEM_KEY.feedIndex(),
      ITEM_KEY.catalogue(),
      ITEM_KEY.listingDirectory({ kind: "year", year: 2024 }),
      ITEM_KEY.listingPage({ kind: "year", year: 2024 }, 7),
      ITEM_KEY.department("city-edu"),
      ITEM_KEY.region("prov"),
      ITEM_KEY.version("city-edu", 2024, "0001"),
    ];
    for (const key of read) expect(readable(key.pk), key.pk).toBe(true);
    const untouched = [
      ITEM_KEY.upload("city-edu", 2024, "0001"),
      ITEM_KEY.issued("city-edu", 2024, "u1"),
      ITEM_KEY.sumsHead({ kind: "year", year: 2024 }),
      ITEM_KEY.listingPage({ kind: "region", region: "prov" }, 0),
      ITEM_KEY.reminderRound(2024, "d-14"),
      ITEM_KEY.departmentHistory("city-edu"),
    ];
    for (const key of untouched) expect(readable(key.pk), key.pk).toBe(false);
  });

  it("alarms when most runs of a period fail, and passes cdk-nag", () => {
    const { template, catalogue } = build();
    expect(Object.keys(template.findResources("AWS::CloudWatch::Alarm"))).toHaveLength(1);
    expect(nagFindings(catalogue)).toEqual([]);
  });
});
