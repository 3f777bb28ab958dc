import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { ConfigurationSet } from "aws-cdk-lib/aws-ses";
import { describe, expect, it } from "vitest";
import { AlarmTopic } from "../../../infra/constructs/alarm-topic";
import { MailFeedback } from "../../../infra/constructs/mail-feedback";
import { asArray, type CfnJson, identityPolicies } from "../synth";
import { bareStack, nagFindings } from "./bare-stack";

function build() {
  const stack = bareStack();
  const alarms = new AlarmTopic(stack, "AlarmTopic", { stage: "test", operatorEmail: "ops@example.gov.cn" });
  const feedback = new MailFeedback(stack, "MailFeedback", {
    stage: "test",
    configurationSet: ConfigurationSet.fromConfigurationSetName(stack, "Set", "gongkai-test-mail"),
    table: Table.fromTableName(stack, "Table", "gongkai-test-reports"),
    uploads: Bucket.fromBucketName(stack, "Uploads", "gongkai-test-uploads"),
    logRetentionDays: RetentionDays.SIX_MONTHS,
    alarms,
  });
  const template = Template.fromStack(stack);
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  return { feedback, template, fn: idOf(feedback.function), role: idOf(feedback.role) };
}

describe("MailFeedback", () => {
  it("has the configuration set publish bounces and complaints to the default event bus", () => {
    const { template } = build();
    const [destination] = Object.values(
      template.findResources("AWS::SES::ConfigurationSetEventDestination"),
    ) as CfnJson[];
    expect(destination.Properties).toMatchObject({
      ConfigurationSetName: "gongkai-test-mail",
      EventDestination: { Enabled: true, MatchingEventTypes: ["bounce", "complaint"] },
    });
    expect(JSON.stringify(destination.Properties.EventDestination.EventBridgeDestination)).toContain(
      "event-bus/default",
    );
  });

  it("hands the set's bounces and complaints, and nothing else, to the function", () => {
    const { template, fn } = build();
    const [rule] = Object.values(template.findResources("AWS::Events::Rule")).map((r) => r.Properties);
    expect(rule.EventPattern).toEqual({
      source: ["aws.ses"],
      "detail-type": ["Email Bounced", "Email Complaint"],
      detail: { mail: { tags: { "ses:configuration-set": ["gongkai-test-mail"] } } },
    });
    expect(rule.Targets).toEqual([
      expect.objectContaining({ Arn: { "Fn::GetAtt": [fn, "Arn"] }, RetryPolicy: expect.anything() }),
    ]);
  });

  it("may update upload items and nothing else, and alarms on its errors", () => {
    const { template, role, fn } = build();
    const statements = identityPolicies(template)
      .filter((source) => source.roles.includes(role))
      .flatMap((source) => source.statements);
    const actions = statements.flatMap((statement) => asArray(statement.Action)).sort();
    expect(actions.filter((action) => !action.startsWith("logs:"))).toEqual(["dynamodb:UpdateItem"]);
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: fn } }],
      Threshold: 1,
    });
  });

  it("passes cdk-nag with no acknowledgement", () => {
    const { feedback } = build();
    expect(nagFindings(feedback, { ignoreAcknowledgements: true })).toEqual([]);
  });
});
