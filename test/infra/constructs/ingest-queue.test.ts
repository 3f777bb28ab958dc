import { type CfnElement, Duration } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { Queue } from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { AlarmTopic } from "../../../infra/constructs/alarm-topic";
import { IngestQueue } from "../../../infra/constructs/ingest-queue";
import { asArray, type CfnJson, flat, type Statement } from "../synth";
import { bareStack, nagFindings } from "./bare-stack";

const OPERATOR = "arn:aws:iam::123456789012:role/gongkai/test/uploaders/gongkai-test-operator";

const statementsOf = (template: Template, queueId: string) =>
  asArray<Statement>(
    Object.values(template.findResources("AWS::SQS::QueuePolicy")).find((p) =>
      asArray(p.Properties.Queues).some((q: { Ref: string }) => q.Ref === queueId),
    )!.Properties.PolicyDocument.Statement,
  );

function build() {
  const stack = bareStack();
  const alarms = new AlarmTopic(stack, "AlarmTopic", { stage: "test", operatorEmail: "ops@example.gov.cn" });
  const deadLetterQueue = new Queue(stack, "DeadLetters");
  const ingest = new IngestQueue(stack, "IngestQueue", {
    stage: "test",
    uploads: Bucket.fromBucketName(stack, "Uploads", "gongkai-test-uploads"),
    deadLetterQueue,
    maxReceiveCount: 4,
    operatorRoleArn: OPERATOR,
    functionTimeout: Duration.seconds(90),
    alarms,
  });
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const template = Template.fromStack(stack);
  return {
    stack,
    ingest,
    template,
    id: idOf(ingest.queue),
    dlq: idOf(deadLetterQueue),
    topic: idOf(alarms.topic),
    alarms: Object.values(template.findResources("AWS::CloudWatch::Alarm")).map(
      (a) => a.Properties as CfnJson,
    ),
  };
}

describe("IngestQueue", () => {
  it("hides a received message for six function timeouts, and dead-letters it after the given receives", () => {
    const { template, id, dlq } = build();
    expect(template.toJSON().Resources[id].Properties).toEqual({
      VisibilityTimeout: 540,
      MessageRetentionPeriod: 4 * 24 * 3600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [dlq, "Arn"] }, maxReceiveCount: 4 },
    });
  });

  it("receives the uploads bucket's object-created events under uploads/, from that bucket only", () => {
    const { template, id } = build();
    template.hasResourceProperties("Custom::S3BucketNotifications", {
      BucketName: "gongkai-test-uploads",
      Managed: false,
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ["s3:ObjectCreated:*"],
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "uploads/" }] } },
            QueueArn: { "Fn::GetAtt": [id, "Arn"] },
          },
        ],
      },
    });
    const policy = Object.values(template.findResources("AWS::SQS::QueuePolicy")).find((p) =>
      asArray(p.Properties.Queues).some((q: { Ref: string }) => q.Ref === id),
    )!;
    const statements = asArray<Statement>(policy.Properties.PolicyDocument.Statement);
    const allows = statements.filter(
      (statement) => statement.Effect === "Allow" && statement.Sid !== "OperatorReprocesses",
    );
    expect(allows).toHaveLength(1);
    expect(allows[0]!.Principal).toEqual({ Service: "s3.amazonaws.com" });
    expect(asArray(allows[0]!.Action).sort()).toEqual([
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:SendMessage",
    ]);
    expect(flat(allows[0]!.Condition?.ArnLike?.["aws:SourceArn"])).toBe(
      "arn:{AWS::Partition}:s3:::gongkai-test-uploads",
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  it("refuses messages from anyone but the uploads bucket of this account and the operator role", () => {
    const { template, id } = build();
    const statements = statementsOf(template, id);
    expect(
      statements.find((statement) => statement.Sid === "OnlyUploadsBucketEventsAndTheOperator"),
    ).toMatchObject({
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "sqs:SendMessage",
      Condition: {
        ArnNotEquals: { "aws:SourceArn": expect.anything(), "aws:PrincipalArn": OPERATOR },
      },
    });
    const only = statements.find((statement) => statement.Sid === "OnlyUploadsBucketEventsAndTheOperator")!;
    expect(flat(only.Condition!.ArnNotEquals!["aws:SourceArn"])).toBe(
      "arn:{AWS::Partition}:s3:::gongkai-test-uploads",
    );
    expect(statements.find((statement) => statement.Sid === "S3EventsOfThisAccountOnly")).toMatchObject({
      Effect: "Deny",
      Principal: { Service: "s3.amazonaws.com" },
      Condition: { StringNotEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
    });
    expect(statements.find((statement) => statement.Sid === "OperatorReprocesses")).toMatchObject({
      Effect: "Allow",
      Principal: { AWS: OPERATOR },
      Action: "sqs:SendMessage",
    });
  });

  it("lets the operator role move dead-lettered messages back (redrive), and nobody else by its policy", () => {
    const { template, dlq } = build();
    const redrive = statementsOf(template, dlq).find((statement) => statement.Sid === "OperatorRedrives")!;
    expect(redrive.Principal).toEqual({ AWS: OPERATOR });
    expect(asArray(redrive.Action)).toContain("sqs:StartMessageMoveTask");
  });

  it("alarms the operator as soon as one message sits in the dead-letter queue", () => {
    const { alarms, dlq, topic } = build();
    expect(alarms.find((alarm) => alarm.MetricName === "ApproximateNumberOfMessagesVisible")).toMatchObject({
      Namespace: "AWS/SQS",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlq, "QueueName"] } }],
      Statistic: "Maximum",
      Period: 300,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      AlarmActions: [{ Ref: topic }],
    });
  });

  it("alarms the operator when the oldest upload has waited an hour", () => {
    const { alarms, id, topic } = build();
    expect(alarms.find((alarm) => alarm.MetricName === "ApproximateAgeOfOldestMessage")).toMatchObject({
      Namespace: "AWS/SQS",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [id, "QueueName"] } }],
      Statistic: "Maximum",
      Period: 300,
      Threshold: 3600,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      AlarmActions: [{ Ref: topic }],
    });
    expect(alarms).toHaveLength(2);
  });

  it("acknowledges the managed policy of aws-cdk-lib's notification handler, which cdk-nag reports", () => {
    const { stack, ingest } = build();
    const handler = stack.node.children.find((child) =>
      child.node.id.startsWith("BucketNotificationsHandler"),
    )!;
    const managedPolicy =
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]";
    expect(nagFindings(handler)).toEqual([]);
    expect(nagFindings(handler, { ignoreAcknowledgements: true }).map((finding) => finding.rule)).toEqual([
      managedPolicy,
    ]);
    expect(nagFindings(ingest)).toEqual([]);
  });
});
