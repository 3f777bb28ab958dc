import { type CfnElement, Duration } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { Metric } from "aws-cdk-lib/aws-cloudwatch";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { AlarmTopic } from "../../../infra/constructs/alarm-topic";
import { bareStack, nagFindings } from "./bare-stack";

function build() {
  const stack = bareStack();
  const alarms = new AlarmTopic(stack, "AlarmTopic", { stage: "test", operatorEmail: "ops@example.gov.cn" });
  const topic = stack.getLogicalId(alarms.topic.node.defaultChild as CfnElement);
  return { stack, alarms, topic };
}

describe("AlarmTopic", () => {
  it("mails the operator, who must confirm the subscription", () => {
    const { stack, topic } = build();
    const template = Template.fromStack(stack);
    expect(template.toJSON().Resources[topic].Properties).toEqual({ DisplayName: "gongkai test alarms" });
    const subscriptions = Object.values(template.findResources("AWS::SNS::Subscription"));
    expect(subscriptions.map((s) => s.Properties)).toEqual([
      { Protocol: "email", Endpoint: "ops@example.gov.cn", TopicArn: { Ref: topic } },
    ]);
  });

  it("refuses publishing without TLS, which cdk-nag asks for", () => {
    const { stack, alarms, topic } = build();
    Template.fromStack(stack).hasResourceProperties("AWS::SNS::TopicPolicy", {
      Topics: [{ Ref: topic }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      }),
    });
    expect(nagFindings(alarms)).toEqual([]);
  });

  it("builds alarms that fire on the first period at or above the threshold, ignore missing data, and mail the topic", () => {
    const { stack, alarms, topic } = build();
    const owner = new Construct(stack, "Owner");
    alarms.alarm(owner, "Alarm", {
      description: "something broke",
      metric: new Metric({
        namespace: "Test",
        metricName: "Broken",
        period: Duration.minutes(5),
        statistic: "Sum",
      }),
      threshold: 3,
    });
    const found = Object.values(Template.fromStack(stack).findResources("AWS::CloudWatch::Alarm"));
    expect(found.map((alarm) => alarm.Properties)).toEqual([
      {
        AlarmDescription: "something broke",
        Namespace: "Test",
        MetricName: "Broken",
        Period: 300,
        Statistic: "Sum",
        Threshold: 3,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        EvaluationPeriods: 1,
        TreatMissingData: "notBreaching",
        AlarmActions: [{ Ref: topic }],
      },
    ]);
  });
});
