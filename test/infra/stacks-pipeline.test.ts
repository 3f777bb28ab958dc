/**
 * The pipeline stack's template, asserted resource by resource: the S3 → SQS → Lambda wiring (partial
 * batch failures, DLQ and alarms), the catalogue and the portal's deployment, least privilege (no wildcard
 * actions, each role exactly what it needs) and the exports the stacks share.
 */
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ENV } from "../../functions/config";
import { exportName, PIPELINE_OUTPUTS, STATEFUL_OUTPUTS } from "../../infra/outputs";
import {
  asArray,
  bucketIds,
  bucketPolicyStatements,
  type CfnResources,
  flat,
  identityPolicies,
  logicalId,
  type Statement,
  type Synthesized,
  synth,
  TEST_CONTEXT,
} from "./synth";

let synthesized: Synthesized;
let stateful: Template;
let pipeline: Template;
let pipelineResources: CfnResources;

beforeAll(() => {
  synthesized = synth();
  stateful = synthesized.statefulTemplate;
  pipeline = synthesized.pipelineTemplate;
  pipelineResources = pipeline.toJSON().Resources;
});

describe("pipeline stack: S3 → SQS → Lambda", () => {
  const queueId = () => logicalId(pipeline, "AWS::SQS::Queue", "IngestQueue");
  const dlqId = () => logicalId(pipeline, "AWS::SQS::Queue", "IngestDeadLetterQueue");
  const functionId = () => logicalId(pipeline, "AWS::Lambda::Function", "IngestFunction");

  it("sends object-created events under uploads/ of the uploads bucket to the ingest queue", () => {
    pipeline.hasResourceProperties("Custom::S3BucketNotifications", {
      BucketName: { "Fn::ImportValue": exportName("test", STATEFUL_OUTPUTS.uploadsBucketName) },
      Managed: false,
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ["s3:ObjectCreated:*"],
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "uploads/" }] } },
            QueueArn: { "Fn::GetAtt": [queueId(), "Arn"] },
          },
        ],
      },
    });
    // S3 may send to the queue only on behalf of the uploads bucket.
    const policy = Object.values(pipeline.findResources("AWS::SQS::QueuePolicy")).find((p) =>
      asArray(p.Properties.Queues).some((q: { Ref: string }) => q.Ref === queueId()),
    )!;
    const s3 = asArray<Statement>(policy.Properties.PolicyDocument.Statement).find(
      (statement) => statement.Effect === "Allow",
    )!;
    expect(s3.Principal).toEqual({ Service: "s3.amazonaws.com" });
    expect(flat(s3.Condition?.ArnLike?.["aws:SourceArn"])).toBe(
      "arn:{AWS::Partition}:s3:::{import:gongkai-test-UploadsBucketName}",
    );
  });

  it("feeds the queue to the function with small batches and partial batch failures", () => {
    const mappings = Object.values(pipeline.findResources("AWS::Lambda::EventSourceMapping"));
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!.Properties;
    expect(mapping.EventSourceArn).toEqual({ "Fn::GetAtt": [queueId(), "Arn"] });
    expect(mapping.FunctionName).toEqual({ Ref: functionId() });
    expect(mapping.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    expect(mapping.BatchSize).toBe(TEST_CONTEXT.batchSize);
    expect(mapping.BatchSize).toBeLessThanOrEqual(10);
  });

  it("keeps messages invisible for at least six function timeouts, then dead-letters after 3-5 receives", () => {
    const fn = pipelineResources[functionId()]!.Properties;
    expect(fn.Timeout).toBe(TEST_CONTEXT.timeoutSeconds);
    const queue = pipelineResources[queueId()]!.Properties;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Timeout);
    expect(queue.RedrivePolicy.deadLetterTargetArn).toEqual({ "Fn::GetAtt": [dlqId(), "Arn"] });
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(TEST_CONTEXT.maxReceiveCount);
    expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(3);
    expect(queue.RedrivePolicy.maxReceiveCount).toBeLessThanOrEqual(5);
    expect(pipelineResources[dlqId()]!.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it("encrypts both queues and denies non-TLS access to them", () => {
    for (const id of [queueId(), dlqId()]) {
      expect(pipelineResources[id]!.Properties.SqsManagedSseEnabled, id).toBe(true);
      const policy = Object.values(pipeline.findResources("AWS::SQS::QueuePolicy")).find((p) =>
        asArray(p.Properties.Queues).some((q: { Ref: string }) => q.Ref === id),
      );
      expect(policy, id).toBeDefined();
      expect(asArray<Statement>(policy!.Properties.PolicyDocument.Statement)).toContainEqual(
        expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      );
    }
  });

  it("runs the function on Node.js 22 or newer, arm64, with the configured memory and log retention", () => {
    const fn = pipelineResources[functionId()]!.Properties;
    const version = Number(/^nodejs(\d+)\.x$/.exec(fn.Runtime)?.[1]);
    expect(version).toBeGreaterThanOrEqual(22);
    expect(fn.Architectures).toEqual(["arm64"]);
    expect(fn.MemorySize).toBe(TEST_CONTEXT.memoryMb);
    expect(fn.Handler).toBe("index.handler");
    const logGroup = logicalId(pipeline, "AWS::Logs::LogGroup", "IngestFunctionLogGroup");
    expect(fn.LoggingConfig).toEqual({ LogGroup: { Ref: logGroup } });
    expect(pipelineResources[logGroup]!.Properties.RetentionInDays).toBe(TEST_CONTEXT.logRetentionDays);
  });

  it("passes the whole environment contract of functions/config.ts", () => {
    const variables = pipelineResources[functionId()]!.Properties.Environment.Variables as Record<
      string,
      unknown
    >;
    expect(Object.keys(variables).sort()).toEqual(Object.values(ENV).sort());
    expect(variables[ENV.mailFrom]).toBe(TEST_CONTEXT.mailFrom);
    expect(variables[ENV.operatorEmail]).toBe(TEST_CONTEXT.operatorEmail);
    expect(variables[ENV.maxUploadBytes]).toBe(String(10 * 1024 * 1024));
    expect(flat(variables[ENV.feedBaseUrl])).toBe("https://{import:gongkai-test-FeedDistributionDomainName}");
    // The mails tell a department to upload again on the desk page, deployed at /desk/ of the feed's domain.
    expect(flat(variables[ENV.deskUrl])).toBe(
      "https://{import:gongkai-test-FeedDistributionDomainName}/desk/",
    );
    expect(flat(variables[ENV.uploadsBucket])).toBe("{import:gongkai-test-UploadsBucketName}");
  });

  it("alarms on dead-lettered messages, function errors and queue age, to an SNS topic mailing the operator", () => {
    const topic = logicalId(pipeline, "AWS::SNS::Topic", "AlarmTopic");
    pipeline.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: TEST_CONTEXT.operatorEmail,
      TopicArn: { Ref: topic },
    });
    const alarms = Object.values(pipeline.findResources("AWS::CloudWatch::Alarm")).map(
      (alarm) => alarm.Properties,
    );
    const dlqAlarm = alarms.find((alarm) => alarm.MetricName === "ApproximateNumberOfMessagesVisible");
    expect(dlqAlarm).toMatchObject({
      Namespace: "AWS/SQS",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlqId(), "QueueName"] } }],
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      AlarmActions: [{ Ref: topic }],
    });
    // The ingest function's errors, and the annotate function's, which it invokes.
    const annotate = logicalId(pipeline, "AWS::Lambda::Function", "AnnotateFunction");
    for (const fn of [functionId(), annotate]) {
      const errors = alarms.find(
        (alarm) => alarm.MetricName === "Errors" && alarm.Dimensions?.[0]?.Value?.Ref === fn,
      );
      expect(errors, fn).toMatchObject({ Namespace: "AWS/Lambda", AlarmActions: [{ Ref: topic }] });
    }
    expect(alarms.find((alarm) => alarm.MetricName === "ApproximateAgeOfOldestMessage")).toMatchObject({
      AlarmActions: [{ Ref: topic }],
    });
    // The alarm topic refuses non-TLS publishing.
    pipeline.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      }),
    });
  });
});

describe("pipeline stack: the feed catalogue", () => {
  it("runs the catalogue function every minute with the imported table and feed bucket", () => {
    const fn = logicalId(pipeline, "AWS::Lambda::Function", "CatalogueFunction");
    expect(pipelineResources[fn]!.Properties.Environment.Variables).toEqual({
      [ENV.table]: { "Fn::ImportValue": exportName("test", STATEFUL_OUTPUTS.tableName) },
      [ENV.feedBucket]: { "Fn::ImportValue": exportName("test", STATEFUL_OUTPUTS.feedBucketName) },
    });
    pipeline.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(1 minute)",
      Target: Match.objectLike({ Arn: { "Fn::GetAtt": [fn, "Arn"] } }),
    });
  });

  it("writes only the catalogue documents of the feed, from a role the feed bucket's deny admits", () => {
    const role = logicalId(pipeline, "AWS::IAM::Role", "CatalogueFunctionRole");
    expect(pipelineResources[role]!.Properties.Path).toBe("/gongkai/test/pipeline/");
    const deny = bucketPolicyStatements(stateful, bucketIds(stateful).feed).find(
      (statement) => statement.Sid === "OnlyThePipelineWritesTheFeed",
    );
    expect(asArray(deny!.Condition?.ArnNotLike?.["aws:PrincipalArn"]).map(flat)).toContain(
      "arn:{AWS::Partition}:iam::{AWS::AccountId}:role/gongkai/test/pipeline/*",
    );
    const writes = identityPolicies(pipeline)
      .filter((source) => source.roles.includes(role))
      .flatMap((source) => source.statements)
      .filter((statement) => asArray(statement.Action).some((action) => action.startsWith("s3:")))
      .flatMap((statement) => asArray(statement.Resource).map(flat))
      .sort();
    const feed = "arn:{AWS::Partition}:s3:::{import:gongkai-test-FeedBucketName}";
    expect(writes).toEqual([
      `${feed}/v1/departments.json`,
      `${feed}/v1/years/*.csv`,
      `${feed}/v1/years/*.csv`,
      `${feed}/v1/years/*.csv-metadata.json`,
    ]);
  });
});

describe("pipeline stack: the reference portal", () => {
  it("copies the portal to the root of the imported feed bucket without pruning, from a role the bucket admits", () => {
    const deployments = Object.values(pipeline.findResources("Custom::CDKBucketDeployment")).filter(
      (deployment) => deployment.Properties.DestinationBucketKeyPrefix === undefined,
    );
    expect(deployments).toHaveLength(1);
    const properties = deployments[0]!.Properties;
    expect(properties.DestinationBucketName).toEqual({
      "Fn::ImportValue": exportName("test", STATEFUL_OUTPUTS.feedBucketName),
    });
    // A pruning copy at the root would delete the feed (v1/).
    expect(properties.Prune).toBe(false);
    expect(properties.DistributionId).toEqual({
      "Fn::ImportValue": exportName("test", STATEFUL_OUTPUTS.distributionId),
    });
    const role = logicalId(pipeline, "AWS::IAM::Role", "PortalSiteRole");
    expect(pipelineResources[role]!.Properties.Path).toBe("/gongkai/test/pipeline/");
    // The copy runs in a function of its own, with that role (not another deployment's).
    const [handler] = properties.ServiceToken["Fn::GetAtt"] as [string, string];
    expect(pipelineResources[handler]!.Properties.Role).toEqual({ "Fn::GetAtt": [role, "Arn"] });
  });
});

describe("least privilege", () => {
  const allIdentityPolicies = () => [...identityPolicies(stateful), ...identityPolicies(pipeline)];

  it("no Allow statement holds a wildcard action or a bare '*' resource", () => {
    const offending: string[] = [];
    for (const source of allIdentityPolicies()) {
      for (const statement of source.statements) {
        if (statement.Effect !== "Allow") continue;
        expect(statement.NotAction, source.where).toBeUndefined();
        expect(statement.NotResource, source.where).toBeUndefined();
        for (const action of asArray(statement.Action)) {
          if (action.includes("*")) offending.push(`${source.where}: action ${action}`);
        }
        for (const resource of asArray(statement.Resource)) {
          if (resource === "*") offending.push(`${source.where}: resource *`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it("the ingest function's role holds exactly the permissions it needs, each on its own resource", () => {
    const role = logicalId(pipeline, "AWS::IAM::Role", "IngestFunctionRole");
    expect(pipelineResources[role]!.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = identityPolicies(pipeline)
      .filter((source) => source.roles.includes(role))
      .flatMap((source) => source.statements);
    const grants = new Map<string, string[]>();
    for (const statement of statements) {
      expect(statement.Effect).toBe("Allow");
      for (const action of asArray(statement.Action)) {
        grants.set(action, [...(grants.get(action) ?? []), ...asArray(statement.Resource).map(flat)]);
      }
    }
    const uploads = "arn:{AWS::Partition}:s3:::{import:gongkai-test-UploadsBucketName}";
    const feed = "arn:{AWS::Partition}:s3:::{import:gongkai-test-FeedBucketName}";
    const table =
      "arn:{AWS::Partition}:dynamodb:{AWS::Region}:{AWS::AccountId}:table/{import:gongkai-test-TableName}";
    const queue = `{${logicalId(pipeline, "AWS::SQS::Queue", "IngestQueue")}.Arn}`;
    const logs = `{${logicalId(pipeline, "AWS::Logs::LogGroup", "IngestFunctionLogGroup")}.Arn}`;
    const ses = "arn:{AWS::Partition}:ses:{AWS::Region}:{AWS::AccountId}";
    const expected: Record<string, string[]> = {
      // The annotated copy is kept by the annotate function: read back here to be attached.
      "s3:GetObject": [`${uploads}/annotated/*`, `${uploads}/uploads/*`],
      "s3:GetObjectVersion": [`${uploads}/uploads/*`],
      "s3:ListBucket": [uploads],
      "s3:PutObject": [`${uploads}/originals/*`, `${feed}/v1/*`],
      "lambda:InvokeFunction": [`{${logicalId(pipeline, "AWS::Lambda::Function", "AnnotateFunction")}.Arn}`],
      "s3:DeleteObject": [`${feed}/v1/reports/*`],
      "logs:CreateLogStream": [logs],
      "logs:PutLogEvents": [logs],
      "sqs:ReceiveMessage": [queue],
      "sqs:DeleteMessage": [queue],
      "sqs:ChangeMessageVisibility": [queue],
      "sqs:GetQueueAttributes": [queue],
      "sqs:GetQueueUrl": [queue],
      "ses:SendEmail": [
        `${ses}:configuration-set/{import:gongkai-test-MailConfigurationSetName}`,
        `${ses}:identity/{import:gongkai-test-MailIdentity}`,
      ],
      // Written out, not taken from TABLE_ACTIONS: widening the role must fail this test.
      "dynamodb:GetItem": [table],
      "dynamodb:PutItem": [table],
      "dynamodb:UpdateItem": [table],
      "dynamodb:DeleteItem": [table],
      "dynamodb:BatchGetItem": [table],
    };
    const listing = statements.find((statement) => asArray(statement.Action).includes("s3:ListBucket"));
    expect(listing?.Condition).toEqual({ StringLike: { "s3:prefix": ["uploads/*"] } });
    const actual = Object.fromEntries(
      [...grants].map(([action, resources]) => [action, [...resources].sort()]),
    );
    expect(actual).toEqual(Object.fromEntries(Object.entries(expected).map(([a, r]) => [a, [...r].sort()])));
  });
});

describe("outputs", () => {
  it("exports what the CLI needs under stable names", () => {
    const statefulOutputs = stateful.toJSON().Outputs as Record<string, { Export?: { Name: string } }>;
    for (const name of Object.values(STATEFUL_OUTPUTS)) {
      expect(statefulOutputs[name]?.Export?.Name, name).toBe(exportName("test", name));
    }
    const pipelineOutputs = pipeline.toJSON().Outputs as Record<string, { Export?: { Name: string } }>;
    for (const name of Object.values(PIPELINE_OUTPUTS)) {
      expect(pipelineOutputs[name]?.Export?.Name, name).toBe(exportName("test", name));
    }
  });

  it("the pipeline stack uses the stateful stack only through its exports", () => {
    const exported = new Set(
      Object.values(stateful.toJSON().Outputs as Record<string, { Export?: { Name: string } }>).map(
        (o) => o.Export?.Name,
      ),
    );
    const imports = new Set<string>();
    const text = JSON.stringify(pipeline.toJSON(), (key, value) => {
      if (key === "Fn::ImportValue") imports.add(value);
      return value;
    });
    expect(text).not.toContain("Fn::GetStackOutput");
    expect(imports.size).toBeGreaterThan(0);
    for (const name of imports) expect(exported.has(name), name).toBe(true);
    expect(synthesized.pipeline.dependencies).toContain(synthesized.stateful);
  });
});
