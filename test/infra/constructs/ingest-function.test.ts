import { type CfnElement, Duration } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { ConfigurationSet, EmailIdentity } from "aws-cdk-lib/aws-ses";
import { Queue } from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { ENV } from "../../../functions/config";
import { AlarmTopic } from "../../../infra/constructs/alarm-topic";
import { IngestFunction, type IngestTuning } from "../../../infra/constructs/ingest-function";
import { asArray, type CfnJson, flat, identityPolicies } from "../synth";
import { bareStack, nagFindings } from "./bare-stack";

const TUNING: IngestTuning = {
  memoryMb: 1536,
  timeoutSeconds: 90,
  batchSize: 4,
  maxConcurrency: 7,
  logRetentionDays: 180,
  maxUploadBytes: 5 * 1024 * 1024,
};

const ANNOTATOR_ARN = "arn:aws-cn:lambda:cn-north-1:123456789012:function:gongkai-test-annotate";

function build(tuning: IngestTuning = TUNING) {
  const stack = bareStack();
  const alarms = new AlarmTopic(stack, "AlarmTopic", { stage: "test", operatorEmail: "ops@example.gov.cn" });
  const queue = new Queue(stack, "Queue", { visibilityTimeout: Duration.seconds(540) });
  const ingest = new IngestFunction(stack, "IngestFunction", {
    stage: "test",
    queue,
    uploads: Bucket.fromBucketName(stack, "Uploads", "gongkai-test-uploads"),
    feed: Bucket.fromBucketName(stack, "Feed", "gongkai-test-feed"),
    table: Table.fromTableName(stack, "Table", "gongkai-test-reports"),
    mail: {
      identity: EmailIdentity.fromEmailIdentityName(stack, "Identity", "reports.example.gov.cn"),
      configurationSet: ConfigurationSet.fromConfigurationSetName(stack, "Set", "gongkai-test-mail"),
      from: "gongkai@reports.example.gov.cn",
      operator: "ops@example.gov.cn",
    },
    feedBaseUrl: "https://feed.example.gov.cn",
    deskUrl: "https://feed.example.gov.cn/desk/",
    tuning,
    alarms,
    annotator: LambdaFunction.fromFunctionArn(stack, "Annotator", ANNOTATOR_ARN),
  });
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources;
  const id = idOf(ingest.function);
  return {
    ingest,
    template,
    id,
    fn: resources[id].Properties as CfnJson,
    role: idOf(ingest.role),
    logGroup: idOf(ingest.logGroup),
    queue: idOf(queue),
    topic: idOf(alarms.topic),
    resources,
  };
}

describe("IngestFunction", () => {
  it("runs the bundled handler on Node.js 24, arm64, with the given memory and timeout", () => {
    const { fn } = build();
    expect(fn).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      MemorySize: 1536,
      Timeout: 90,
      Description: "gongkai test: validates uploaded annual-report spreadsheets and publishes the feed",
    });
  });

  it("reserves concurrency only when told to", () => {
    expect(build().fn.ReservedConcurrentExecutions).toBeUndefined();
    expect(build({ ...TUNING, reservedConcurrency: 12 }).fn.ReservedConcurrentExecutions).toBe(12);
  });

  it("passes the whole environment contract of functions/config.ts, from its resources and settings", () => {
    const { fn } = build();
    expect(fn.Environment.Variables).toEqual({
      [ENV.uploadsBucket]: "gongkai-test-uploads",
      [ENV.feedBucket]: "gongkai-test-feed",
      [ENV.table]: "gongkai-test-reports",
      [ENV.mailFrom]: "gongkai@reports.example.gov.cn",
      [ENV.operatorEmail]: "ops@example.gov.cn",
      [ENV.feedBaseUrl]: "https://feed.example.gov.cn",
      [ENV.deskUrl]: "https://feed.example.gov.cn/desk/",
      [ENV.sesConfigurationSet]: "gongkai-test-mail",
      [ENV.maxUploadBytes]: String(5 * 1024 * 1024),
      [ENV.annotatorFunction]: "gongkai-test-annotate",
    });
    expect(Object.keys(fn.Environment.Variables).sort()).toEqual(Object.values(ENV).sort());
  });

  it("logs into its own retained log group, kept for the given days", () => {
    const { fn, resources, logGroup } = build();
    expect(fn.LoggingConfig).toEqual({ LogGroup: { Ref: logGroup } });
    expect(resources[logGroup]).toMatchObject({
      Properties: { RetentionInDays: 180 },
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });

  it("takes small batches from the queue, at most the given concurrency, reporting partial batch failures", () => {
    const { template, id, queue } = build();
    const mappings = Object.values(template.findResources("AWS::Lambda::EventSourceMapping"));
    expect(mappings.map((mapping) => mapping.Properties)).toEqual([
      {
        EventSourceArn: { "Fn::GetAtt": [queue, "Arn"] },
        FunctionName: { Ref: id },
        BatchSize: 4,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        ScalingConfig: { MaximumConcurrency: 7 },
      },
    ]);
  });

  it("may make exactly the calls its adapters make, each on its own resource, and nothing more (annotated copies only read back, the annotate function writes them)", () => {
    const { template, role, resources, logGroup, queue } = build();
    expect(resources[role].Properties.ManagedPolicyArns).toBeUndefined();
    const statements = identityPolicies(template)
      .filter((source) => source.roles.includes(role))
      .flatMap((source) => source.statements);
    const grants = new Map<string, string[]>();
    for (const statement of statements) {
      expect(statement.Effect).toBe("Allow");
      for (const action of asArray(statement.Action)) {
        grants.set(action, [...(grants.get(action) ?? []), ...asArray(statement.Resource).map(flat)].sort());
      }
    }
    const uploads = "arn:{AWS::Partition}:s3:::gongkai-test-uploads";
    const table = "arn:{AWS::Partition}:dynamodb:{AWS::Region}:{AWS::AccountId}:table/gongkai-test-reports";
    const ses = "arn:{AWS::Partition}:ses:{AWS::Region}:{AWS::AccountId}";
    const sqs = [`{${queue}.Arn}`];
    expect(Object.fromEntries(grants)).toEqual({
      "s3:GetObject": [`${uploads}/annotated/*`, `${uploads}/uploads/*`],
      "s3:GetObjectVersion": [`${uploads}/uploads/*`],
      "s3:ListBucket": [uploads],
      "s3:PutObject": ["arn:{AWS::Partition}:s3:::gongkai-test-feed/v1/*", `${uploads}/originals/*`],
      "lambda:InvokeFunction": [ANNOTATOR_ARN],
      "s3:DeleteObject": ["arn:{AWS::Partition}:s3:::gongkai-test-feed/v1/reports/*"],
      "dynamodb:GetItem": [table],
      "dynamodb:PutItem": [table],
      "dynamodb:UpdateItem": [table],
      "dynamodb:DeleteItem": [table],
      "dynamodb:BatchGetItem": [table],
      "ses:SendEmail": [
        `${ses}:configuration-set/gongkai-test-mail`,
        `${ses}:identity/reports.example.gov.cn`,
      ],
      "logs:CreateLogStream": [`{${logGroup}.Arn}`],
      "logs:PutLogEvents": [`{${logGroup}.Arn}`],
      "sqs:ReceiveMessage": sqs,
      "sqs:DeleteMessage": sqs,
      "sqs:ChangeMessageVisibility": sqs,
      "sqs:GetQueueAttributes": sqs,
      "sqs:GetQueueUrl": sqs,
    });
    const listing = statements.filter((statement) => asArray(statement.Action).includes("s3:ListBucket"));
    expect(listing.map((statement) => statement.Condition)).toEqual([
      { StringLike: { "s3:prefix": ["uploads/*"] } },
    ]);
  });

  it("alarms the operator on the first function error, mail SES would not send, and upload not kept", () => {
    const { template, id, topic } = build();
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((a) => a.Properties);
    expect(alarms).toEqual([
      expect.objectContaining({
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: id } }],
        Statistic: "Sum",
        Period: 300,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        AlarmActions: [{ Ref: topic }],
      }),
      expect.objectContaining({
        Namespace: "Gongkai",
        MetricName: "mail_unavailable",
        Dimensions: [{ Name: "service", Value: "gongkai-ingest" }],
        Statistic: "Sum",
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        AlarmActions: [{ Ref: topic }],
        AlarmDescription: expect.stringMatching(/SES is sending nothing/),
      }),
      expect.objectContaining({
        Namespace: "Gongkai",
        MetricName: "uploads_not_kept",
        Dimensions: [{ Name: "service", Value: "gongkai-ingest" }],
        Threshold: 1,
        AlarmActions: [{ Ref: topic }],
      }),
    ]);
  });

  it("acknowledges cdk-nag's wildcard findings for its four object prefixes, and nothing else", () => {
    const { ingest } = build();
    expect(nagFindings(ingest)).toEqual([]);
    expect(
      [
        ...new Set(nagFindings(ingest, { ignoreAcknowledgements: true }).map((finding) => finding.rule)),
      ].sort(),
    ).toEqual([
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-feed/v1/*]",
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-feed/v1/reports/*]",
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-uploads/annotated/*]",
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-uploads/originals/*]",
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-uploads/uploads/*]",
    ]);
  });
});
