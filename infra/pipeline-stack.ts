/**
 * The stateless part: S3 object-created events under `uploads/` → SQS (with a dead-letter queue) → the
 * ingest Lambda, its role, log group and alarms. Nothing here holds data that is not also in the stateful
 * stack (queued messages are S3 event notifications; a lost one is recovered by re-uploading), so this
 * stack can be redeployed, or destroyed and recreated, freely.
 *
 * It takes everything it needs from the stateful stack through that stack's exports
 * (`Fn::ImportValue` of `gongkai-{stage}-…`, the names in infra/outputs.ts), not through construct
 * references: the coupling is exactly the documented exports, and CloudFormation refuses to change or
 * delete an export while this stack uses it. Event notifications on the imported uploads bucket are
 * created here (a custom resource that merges them into the bucket's configuration), so every reference
 * points from this stack to the stateful one and none back.
 */
import { join } from "node:path";
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Bucket, EventType } from "aws-cdk-lib/aws-s3";
import { SqsDestination } from "aws-cdk-lib/aws-s3-notifications";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { ENV } from "../functions/config";
import { INGEST_BUNDLING, INGEST_ENTRY, INGEST_HANDLER, REPO_ROOT } from "./bundling";
import type { GongkaiSettings } from "./config";
import { exportName, PIPELINE_OUTPUTS, STATEFUL_OUTPUTS } from "./outputs";
import { PREFIX } from "./stateful-stack";

/** The actions the ingest function may call on the table (no scans, no table-level operations). */
/** Exactly what the ingest function's adapters call (DynamoDbReportStore's methods on the Lambda path). */
export const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:BatchWriteItem",
] as const;

export interface PipelineStackProps extends StackProps {
  settings: GongkaiSettings;
}

export class PipelineStack extends Stack {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly ingestFunction: NodejsFunction;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { stage } = settings;
    const imported = (output: string) => Fn.importValue(exportName(stage, output));
    const uploadsBucketName = imported(STATEFUL_OUTPUTS.uploadsBucketName);
    const feedBucketName = imported(STATEFUL_OUTPUTS.feedBucketName);
    const tableName = imported(STATEFUL_OUTPUTS.tableName);
    const mailIdentity = imported(STATEFUL_OUTPUTS.mailIdentity);
    const configurationSetName = imported(STATEFUL_OUTPUTS.mailConfigurationSet);
    // Computed here rather than imported, so adding a custom feed domain later does not have to change an
    // export this stack is using (CloudFormation would refuse).
    const feedBaseUrl = `https://${settings.feedDomainName ?? imported(STATEFUL_OUTPUTS.distributionDomainName)}`;

    // ---- Queues ----------------------------------------------------------------------------------------
    this.deadLetterQueue = new Queue(this, "IngestDeadLetterQueue", {
      // SSE-SQS: encrypted at rest without a key policy to maintain (S3 cannot publish to a queue encrypted
      // with the AWS-managed aws/sqs key, and nothing here needs per-key access control).
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longest possible: a message keeps its original enqueue time in the DLQ, and the operator needs time
      // to fix the cause and redrive (`gongkai redrive`).
      retentionPeriod: Duration.days(14),
    });
    const timeout = Duration.seconds(settings.timeoutSeconds);
    this.queue = new Queue(this, "IngestQueue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for SQS-triggered functions: at least six times the function timeout, so a message is
      // not handed to a second invocation while the first still works on it (and retries have room).
      visibilityTimeout: Duration.seconds(settings.timeoutSeconds * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });

    const uploads = Bucket.fromBucketName(this, "UploadsBucketRef", uploadsBucketName);
    const feed = Bucket.fromBucketName(this, "FeedBucketRef", feedBucketName);
    uploads.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), {
      prefix: PREFIX.uploads,
    });

    // ---- Function --------------------------------------------------------------------------------------
    const logGroup = new LogGroup(this, "IngestLogGroup", {
      retention: settings.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An explicit role instead of the default one: the default attaches the AWS-managed
    // AWSLambdaBasicExecutionRole (logs:CreateLogGroup/CreateLogStream/PutLogEvents on every log group).
    const role = new Role(this, "IngestFunctionRole", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `gongkai ${stage}: the ingest function`,
    });
    logGroup.grantWrite(role);

    this.ingestFunction = new NodejsFunction(this, "IngestFunction", {
      description: `gongkai ${stage}: validates uploaded annual-report spreadsheets and publishes the feed`,
      entry: join(REPO_ROOT, INGEST_ENTRY),
      handler: INGEST_HANDLER,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: settings.memoryMb,
      timeout,
      role,
      logGroup,
      ...(settings.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: settings.reservedConcurrency }
        : {}),
      bundling: INGEST_BUNDLING,
      environment: {
        [ENV.uploadsBucket]: uploadsBucketName,
        [ENV.feedBucket]: feedBucketName,
        [ENV.table]: tableName,
        [ENV.mailFrom]: settings.mailFrom,
        [ENV.operatorEmail]: settings.operatorEmail,
        [ENV.feedBaseUrl]: feedBaseUrl,
        [ENV.sesConfigurationSet]: configurationSetName,
        [ENV.maxUploadBytes]: String(settings.maxUploadBytes),
      },
    });

    this.ingestFunction.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: settings.maxConcurrency,
      }),
    );

    // ---- Least privilege -------------------------------------------------------------------------------
    const grants = [
      new PolicyStatement({
        sid: "ReadUploads",
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [uploads.arnForObjects(`${PREFIX.uploads}*`)],
      }),
      // Without ListBucket, S3 answers 403 instead of 404 for an upload deleted before it was read, and the
      // event would be retried into the dead-letter queue; listing is limited to the uploads/ prefix.
      new PolicyStatement({
        sid: "TellMissingUploads",
        actions: ["s3:ListBucket"],
        resources: [uploads.bucketArn],
        conditions: { StringLike: { "s3:prefix": [`${PREFIX.uploads}*`] } },
      }),
      new PolicyStatement({
        sid: "ArchiveOriginals",
        actions: ["s3:PutObject"],
        resources: [uploads.arnForObjects(`${PREFIX.originals}*`)],
      }),
      new PolicyStatement({
        sid: "KeepAnnotatedCopies",
        actions: ["s3:PutObject"],
        resources: [uploads.arnForObjects(`${PREFIX.annotated}*`)],
      }),
      new PolicyStatement({
        sid: "WriteFeed",
        actions: ["s3:PutObject"],
        resources: [feed.arnForObjects(`${PREFIX.feed}*`)],
      }),
      new PolicyStatement({
        sid: "Table",
        actions: [...TABLE_ACTIONS],
        resources: [this.formatArn({ service: "dynamodb", resource: "table", resourceName: tableName })],
      }),
      new PolicyStatement({
        sid: "SendMail",
        actions: ["ses:SendEmail"],
        resources: [
          this.formatArn({ service: "ses", resource: "identity", resourceName: mailIdentity }),
          this.formatArn({
            service: "ses",
            resource: "configuration-set",
            resourceName: configurationSetName,
          }),
        ],
      }),
    ];
    for (const statement of grants) role.addToPrincipalPolicy(statement);

    // cdk-nag names a wildcard finding by the flattened resource: the imported bucket name is shown as its
    // export name (see nagBucketObjects).
    const wildcard = (bucketOutput: string, prefix: string, reason: string) =>
      Validations.of(role).acknowledge({ id: nagObjectWildcard(stage, bucketOutput, prefix), reason });
    wildcard(
      STATEFUL_OUTPUTS.uploadsBucketName,
      PREFIX.uploads,
      "Object-level wildcard under uploads/ only: the function reads whichever upload the S3 event names " +
        "(uploads/{department}/{year}/{file}); the keys are chosen by departments, so they cannot be listed " +
        "in advance. Reads only (GetObject/GetObjectVersion), no list, no delete.",
    );
    wildcard(
      STATEFUL_OUTPUTS.uploadsBucketName,
      PREFIX.originals,
      "Object-level wildcard under originals/ only: archived originals are content-addressed " +
        "(originals/{sha256}), so their keys are known only at run time. PutObject only, no read or delete.",
    );
    wildcard(
      STATEFUL_OUTPUTS.uploadsBucketName,
      PREFIX.annotated,
      "Object-level wildcard under annotated/ only: a rejected upload's annotated copy is kept at " +
        "annotated/{department}/{year}/{order}.xlsx, keys known only at run time. PutObject only, no read or delete.",
    );
    wildcard(
      STATEFUL_OUTPUTS.feedBucketName,
      PREFIX.feed,
      "Object-level wildcard under the feed's v1/ prefix only: the function rewrites feed documents whose " +
        "keys depend on the data (v1/departments/{id}.json, v1/years/{year}.json, …). PutObject only: no read, no list, no delete.",
    );

    // The notification custom resource of aws-cdk-lib (runs only during deployments).
    for (const child of this.node.children) {
      if (child.node.id.startsWith("BucketNotificationsHandler")) {
        Validations.of(child).acknowledge({
          id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
          reason:
            "aws-cdk-lib's BucketNotificationsHandler singleton: a CloudFormation custom resource that runs only " +
            "during deployments to merge the uploads/ → SQS notification into the uploads bucket. aws-cdk-lib " +
            "creates its role with the AWS-managed AWSLambdaBasicExecutionRole (its own CloudWatch logs only); its " +
            "other permission is s3:GetBucketNotification/PutBucketNotification on the uploads bucket.",
        });
      }
    }

    // ---- Alarms ----------------------------------------------------------------------------------------
    this.alarmTopic = new Topic(this, "AlarmTopic", {
      displayName: `gongkai ${stage} alarms`,
      enforceSSL: true,
    });
    this.alarmTopic.addSubscription(new EmailSubscription(settings.operatorEmail));
    const action = new SnsAction(this.alarmTopic);

    const alarms = [
      new Alarm(this, "DeadLetterQueueAlarm", {
        alarmDescription:
          `gongkai ${stage}: uploads failed ${settings.maxReceiveCount} times and sit in the dead-letter queue. ` +
          "Read the function's logs, fix the cause, then run `gongkai redrive`.",
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: "Maximum",
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, "IngestErrorsAlarm", {
        alarmDescription: `gongkai ${stage}: the ingest function failed (crash, timeout or out of memory).`,
        metric: this.ingestFunction.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, "IngestQueueAgeAlarm", {
        alarmDescription: `gongkai ${stage}: uploads have waited over an hour in the ingest queue (function throttled or failing).`,
        metric: this.queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: "Maximum",
        }),
        threshold: 3600,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(action);

    // ---- Outputs ---------------------------------------------------------------------------------------
    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description, exportName: exportName(stage, name) });
    output(PIPELINE_OUTPUTS.ingestQueueArn, this.queue.queueArn, "Ingest queue (S3 events)");
    output(PIPELINE_OUTPUTS.ingestQueueUrl, this.queue.queueUrl, "Ingest queue URL");
    output(
      PIPELINE_OUTPUTS.deadLetterQueueArn,
      this.deadLetterQueue.queueArn,
      "Dead-letter queue (gongkai redrive)",
    );
    output(PIPELINE_OUTPUTS.deadLetterQueueUrl, this.deadLetterQueue.queueUrl, "Dead-letter queue URL");
    output(PIPELINE_OUTPUTS.ingestFunctionName, this.ingestFunction.functionName, "Ingest function");
    output(PIPELINE_OUTPUTS.alarmTopicArn, this.alarmTopic.topicArn, "Alarm notifications");
  }
}

/**
 * The id cdk-nag gives an IAM5 finding for `arn:{partition}:s3:::{imported bucket}/{prefix}*`: it flattens
 * `Fn::ImportValue` to the export name and `Ref` to `<Ref>`.
 */
export function nagObjectWildcard(stage: string, bucketOutput: string, prefix: string): string {
  return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${exportName(stage, bucketOutput)}/${prefix}*]`;
}
