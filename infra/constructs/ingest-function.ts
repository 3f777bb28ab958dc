/**
 * The ingest function: triggered by the ingest queue (small batches, partial batch failures), it reads the
 * upload, archives the original, writes the table and the feed, and mails the result. An explicit role with
 * exactly the calls its adapters make, a log group with a set retention, and an alarm on its errors.
 */
import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Metric } from "aws-cdk-lib/aws-cloudwatch";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, type IFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IConfigurationSet, IEmailIdentity } from "aws-cdk-lib/aws-ses";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { ENV } from "../../functions/config";
import { NOT_KEPT_METRIC } from "../../functions/ingest/ingest-limits";
import { MAIL_UNAVAILABLE_METRIC } from "../../functions/ingest/mail-unavailable";
import { INGEST_BUNDLING, INGEST_ENTRY, INGEST_HANDLER, REPO_ROOT } from "../bundling";
import { type GongkaiSettings, pipelineRolePath } from "../config";
import { ALARM_PERIOD, type AlarmTopic } from "./alarm-topic";
import { grantIngest } from "./ingest-grants";
import { MAIN_RESOURCE } from "./main-resource";

/** What the function sends mail as, and with. */
export interface IngestMail {
  readonly identity: IEmailIdentity;
  readonly configurationSet: IConfigurationSet;
  /** GONGKAI_MAIL_FROM: an address of `identity`. */
  readonly from: string;
  /** GONGKAI_OPERATOR_EMAIL. */
  readonly operator: string;
}

/** The settings that size and pace the function. */
export type IngestTuning = Pick<
  GongkaiSettings,
  | "memoryMb"
  | "timeoutSeconds"
  | "reservedConcurrency"
  | "batchSize"
  | "maxConcurrency"
  | "logRetentionDays"
  | "maxUploadBytes"
>;

export interface IngestFunctionProps {
  readonly stage: string;
  /** Its only trigger. */
  readonly queue: IQueue;
  /** Read under `uploads/`, originals archived under `originals/`. */
  readonly uploads: IBucket;
  /** Written under `v1/`. */
  readonly feed: IBucket;
  readonly table: ITable;
  readonly mail: IngestMail;
  /** GONGKAI_FEED_BASE_URL. */
  readonly feedBaseUrl: string;
  /** GONGKAI_DESK_URL: the desk page, where the mails tell a department to upload again. */
  readonly deskUrl: string;
  readonly tuning: IngestTuning;
  readonly alarms: AlarmTopic;
  /** The annotate function (annotate-function.ts): a rejected upload's copy is made there. */
  readonly annotator: IFunction;
}

/** The Lambda function that validates uploads and publishes the feed. */
export class IngestFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    const { stage, tuning, mail } = props;
    this.logGroup = new LogGroup(this, "LogGroup", {
      retention: tuning.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An explicit role instead of the default one: the default attaches the AWS-managed
    // AWSLambdaBasicExecutionRole (logs:CreateLogGroup/CreateLogStream/PutLogEvents on every log group).
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `gongkai ${stage}: the ingest function`,
      // The path the feed and uploads buckets' policies trust for writes (stateful-stack.ts).
      path: pipelineRolePath(stage),
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, MAIN_RESOURCE, {
      description: `gongkai ${stage}: validates uploaded annual-report spreadsheets and publishes the feed`,
      entry: join(REPO_ROOT, INGEST_ENTRY),
      handler: INGEST_HANDLER,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: tuning.memoryMb,
      timeout: Duration.seconds(tuning.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      ...(tuning.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: tuning.reservedConcurrency }
        : {}),
      bundling: INGEST_BUNDLING,
      environment: {
        [ENV.uploadsBucket]: props.uploads.bucketName,
        [ENV.feedBucket]: props.feed.bucketName,
        [ENV.table]: props.table.tableName,
        [ENV.mailFrom]: mail.from,
        [ENV.operatorEmail]: mail.operator,
        [ENV.feedBaseUrl]: props.feedBaseUrl,
        [ENV.deskUrl]: props.deskUrl,
        [ENV.sesConfigurationSet]: mail.configurationSet.configurationSetName,
        [ENV.maxUploadBytes]: String(tuning.maxUploadBytes),
        [ENV.annotatorFunction]: props.annotator.functionName,
      },
    });
    this.function.addEventSource(
      new SqsEventSource(props.queue, {
        batchSize: tuning.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: tuning.maxConcurrency,
      }),
    );
    grantIngest(this.role, props);

    props.alarms.alarm(this, "ErrorsAlarm", {
      description: `gongkai ${stage}: the ingest function failed (crash, timeout or out of memory).`,
      metric: this.function.metricErrors({ period: ALARM_PERIOD, statistic: "Sum" }),
      threshold: 1,
    });
    props.alarms.alarm(this, "MailUnavailableAlarm", {
      description:
        `gongkai ${stage}: SES is sending nothing (sending paused, account suspended, configuration set ` +
        "missing, or throttled): result mails wait and their uploads are retried. See the function's log " +
        'line "mail service unavailable" for the code, fix SES, then `gongkai redrive` what dead-lettered.',
      metric: ingestMetric(MAIL_UNAVAILABLE_METRIC),
      threshold: 1,
    });
    props.alarms.alarm(this, "NotKeptAlarm", {
      description:
        `gongkai ${stage}: an upload was recorded and its department mailed, but its bytes are not in ` +
        "originals/ (encrypted with the uploader's own key, SSE-C, or over S3's 5 GiB copy limit). See the " +
        'function\'s log line "upload not kept in originals/"; the upload itself is still under uploads/.',
      metric: ingestMetric(NOT_KEPT_METRIC),
      threshold: 1,
    });
  }
}

/** A metric the ingest function counts (Powertools Metrics adds the service as a dimension; handler.ts). */
function ingestMetric(metricName: string): Metric {
  return new Metric({
    namespace: "Gongkai",
    metricName,
    dimensionsMap: { service: "gongkai-ingest" },
    period: ALARM_PERIOD,
    statistic: "Sum",
  });
}
