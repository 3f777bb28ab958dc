import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { ConfigurationSet, EmailIdentity } from "aws-cdk-lib/aws-ses";
import { describe, expect, it } from "vitest";
import { ENV, SEASON_ENV } from "../../../functions/config";
import { AlarmTopic } from "../../../infra/constructs/alarm-topic";
import { ReminderFunction } from "../../../infra/constructs/reminder-function";
import { asArray, type CfnJson, flat, identityPolicies } from "../synth";
import { bareStack, nagFindings } from "./bare-stack";

function build() {
  const stack = bareStack();
  const alarms = new AlarmTopic(stack, "AlarmTopic", { stage: "test", operatorEmail: "ops@example.gov.cn" });
  const reminders = new ReminderFunction(stack, "ReminderFunction", {
    stage: "test",
    table: Table.fromTableName(stack, "Table", "gongkai-test-reports"),
    uploads: Bucket.fromBucketName(stack, "Uploads", "gongkai-test-uploads"),
    feed: Bucket.fromBucketName(stack, "Feed", "gongkai-test-feed"),
    mail: {
      identity: EmailIdentity.fromEmailIdentityName(stack, "Identity", "reports.example.gov.cn"),
      configurationSet: ConfigurationSet.fromConfigurationSetName(stack, "Set", "gongkai-test-mail"),
      from: "gongkai@reports.example.gov.cn",
      operator: "ops@example.gov.cn",
    },
    feedBaseUrl: "https://feed.example.gov.cn",
    deskUrl: "https://feed.example.gov.cn/desk/",
    season: { deadline: "01-31", reminderDays: [-14, -3, 1] },
    logRetentionDays: RetentionDays.SIX_MONTHS,
    alarms,
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources;
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  return {
    reminders,
    template,
    resources,
    fn: resources[idOf(reminders.function)].Properties as CfnJson,
    fnId: idOf(reminders.function),
    role: idOf(reminders.role),
  };
}

describe("ReminderFunction", () => {
  it("runs the reminder handler on Node.js 24, arm64, for up to 15 minutes a run", () => {
    const { fn } = build();
    expect(fn).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Timeout: 900,
      Handler: "index.handler",
    });
  });

  it("passes the pipeline's environment and the season's deadline and rounds", () => {
    const { fn } = build();
    const variables = fn.Environment.Variables as Record<string, unknown>;
    // Not the annotate function: reminders never reject an upload.
    const unused: string[] = [ENV.maxUploadBytes, ENV.annotatorFunction];
    for (const name of Object.values(ENV).filter((name) => !unused.includes(name))) {
      expect(variables, name).toHaveProperty(name);
    }
    expect(variables[SEASON_ENV.deadline]).toBe("01-31");
    expect(variables[SEASON_ENV.reminderDays]).toBe("-14,-3,1");
  });

  it("may query the roster index, change season records and send mail, and nothing else: no S3 at all", () => {
    const { template, role } = build();
    const grants = new Map<string, string[]>();
    for (const statement of identityPolicies(template)
      .filter((source) => source.roles.includes(role))
      .flatMap((source) => source.statements)) {
      for (const action of asArray(statement.Action)) {
        grants.set(action, [...(grants.get(action) ?? []), ...asArray(statement.Resource).map(flat)].sort());
      }
    }
    const table = "arn:{AWS::Partition}:dynamodb:{AWS::Region}:{AWS::AccountId}:table/gongkai-test-reports";
    const ses = "arn:{AWS::Partition}:ses:{AWS::Region}:{AWS::AccountId}";
    for (const action of ["Query", "GetItem", "PutItem", "UpdateItem", "DeleteItem", "BatchGetItem"]) {
      expect(grants.get(`dynamodb:${action}`), action).toEqual([table, `${table}/index/roster`]);
    }
    expect(grants.get("ses:SendEmail")).toEqual([
      `${ses}:configuration-set/gongkai-test-mail`,
      `${ses}:identity/reports.example.gov.cn`,
    ]);
    expect([...grants.keys()].filter((action) => action.startsWith("s3:"))).toEqual([]);
  });

  it("may invoke exactly itself, to hand a round on to its next run: no other function, no wildcard", () => {
    const { template, role, fnId } = build();
    const statements = identityPolicies(template)
      .filter((source) => source.roles.includes(role))
      .flatMap((source) => source.statements)
      .filter((statement) => asArray(statement.Action).some((action) => action.startsWith("lambda:")));
    expect(statements.map((s) => [asArray(s.Action), asArray(s.Resource).map(flat)])).toEqual([
      [["lambda:InvokeFunction"], [`{${fnId}.Arn}`]],
    ]);
  });

  it("runs asynchronously with two retries and a 6-hour event age, allowed to invoke itself past 16 runs", () => {
    const { template, fn } = build();
    expect(fn.RecursiveLoop).toBe("Allow");
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      Qualifier: "$LATEST",
    });
  });

  it("alarms when a run fails and when a run is dropped unfinished, and passes cdk-nag", () => {
    const { template, reminders } = build();
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((a) => a.Properties);
    expect(alarms.map((a) => [a.Namespace, a.MetricName, a.Threshold]).sort()).toEqual([
      ["AWS/Lambda", "AsyncEventsDropped", 1],
      ["AWS/Lambda", "Errors", 1],
    ]);
    expect(nagFindings(reminders)).toEqual([]);
  });
});
