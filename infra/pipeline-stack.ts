/**
 * The stateless part: S3 object-created events under `uploads/` → SQS (with a dead-letter queue) → the
 * ingest Lambda, its role, log group and alarms; the desk API (HTTP API with a JWT authorizer on the
 * stateful stack's user pool → its Lambda); the feed catalogue's Lambda, run every minute by EventBridge
 * Scheduler (the years' CSVs, the department list); the reference portal's files, copied to the root of the
 * feed bucket, and the desk page's files and config, copied under `desk/` of it, which the stateful stack's
 * distribution serves at `/` and `/desk/`. Nothing here holds data that is not also in the stateful
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
import { Aws, CfnOutput, Duration, Fn, Stack, type StackProps } from "aws-cdk-lib";
import { Distribution } from "aws-cdk-lib/aws-cloudfront";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { ConfigurationSet, EmailIdentity } from "aws-cdk-lib/aws-ses";
import type { Topic } from "aws-cdk-lib/aws-sns";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { GongkaiSettings } from "./config";
import { AlarmTopic } from "./constructs/alarm-topic";
import { AnnotateFunction } from "./constructs/annotate-function";
import { CatalogueFunction } from "./constructs/catalogue-function";
import { DeadLetterQueue } from "./constructs/dead-letter-queue";
import { DeskApi } from "./constructs/desk-api";
import { DESK_PREFIX, DeskSite } from "./constructs/desk-site";
import { IngestFunction } from "./constructs/ingest-function";
import { IngestQueue } from "./constructs/ingest-queue";
import { MailFeedback } from "./constructs/mail-feedback";
import { PortalSite } from "./constructs/portal-site";
import { ReminderFunction } from "./constructs/reminder-function";
import { ReminderSchedules } from "./constructs/reminder-schedules";
import { exportName, PIPELINE_OUTPUTS, STATEFUL_OUTPUTS } from "./outputs";

export interface PipelineStackProps extends StackProps {
  settings: GongkaiSettings;
}

export class PipelineStack extends Stack {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly ingestFunction: NodejsFunction;
  readonly alarmTopic: Topic;
  readonly deskApi: DeskApi;
  /** `https://{feed domain}/desk/`: the clerks' page. */
  readonly deskUrl: string;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { stage } = settings;
    const imported = (output: string) => Fn.importValue(exportName(stage, output));
    const uploads = Bucket.fromBucketName(
      this,
      "UploadsBucketRef",
      imported(STATEFUL_OUTPUTS.uploadsBucketName),
    );
    const feed = Bucket.fromBucketName(this, "FeedBucketRef", imported(STATEFUL_OUTPUTS.feedBucketName));
    const table = Table.fromTableName(this, "TableRef", imported(STATEFUL_OUTPUTS.tableName));
    const identity = EmailIdentity.fromEmailIdentityName(
      this,
      "MailIdentityRef",
      imported(STATEFUL_OUTPUTS.mailIdentity),
    );
    const configurationSet = ConfigurationSet.fromConfigurationSetName(
      this,
      "MailConfigurationSetRef",
      imported(STATEFUL_OUTPUTS.mailConfigurationSet),
    );
    // Computed here rather than imported, so adding a custom feed domain later does not have to change an
    // export this stack is using (CloudFormation would refuse).
    const feedBaseUrl = `https://${settings.feedDomainName ?? imported(STATEFUL_OUTPUTS.distributionDomainName)}`;
    // The desk page is deployed below, at a path of the feed's domain: the mails name it.
    const deskUrl = `${feedBaseUrl}/${DESK_PREFIX}`;

    // The construct ids are the logical ids the topic, the queues and the function were first deployed under:
    // keep them (a new dead-letter queue drops the messages awaiting redrive; a new topic's subscription must
    // be confirmed again).
    const alarms = new AlarmTopic(this, "AlarmTopic", { stage, operatorEmail: settings.operatorEmail });
    const deadLetterQueue = new DeadLetterQueue(this, "IngestDeadLetterQueue").queue;
    const queue = new IngestQueue(this, "IngestQueue", {
      stage,
      uploads,
      deadLetterQueue,
      maxReceiveCount: settings.maxReceiveCount,
      operatorRoleArn: imported(STATEFUL_OUTPUTS.operatorRoleArn),
      functionTimeout: Duration.seconds(settings.timeoutSeconds),
      alarms,
    }).queue;
    const annotate = new AnnotateFunction(this, "AnnotateFunction", {
      stage,
      uploads,
      ingestTimeoutSeconds: settings.timeoutSeconds,
      logRetentionDays: settings.logRetentionDays,
      alarms,
    });
    const ingest = new IngestFunction(this, "IngestFunction", {
      stage,
      queue,
      uploads,
      feed,
      table,
      mail: { identity, configurationSet, from: settings.mailFrom, operator: settings.operatorEmail },
      feedBaseUrl,
      deskUrl,
      tuning: settings,
      alarms,
      annotator: annotate.function,
    });

    new MailFeedback(this, "MailFeedback", {
      stage,
      configurationSet,
      table,
      uploads,
      logRetentionDays: settings.logRetentionDays,
      alarms,
    });

    const reminders = new ReminderFunction(this, "ReminderFunction", {
      stage,
      table,
      uploads,
      feed,
      mail: { identity, configurationSet, from: settings.mailFrom, operator: settings.operatorEmail },
      feedBaseUrl,
      deskUrl,
      season: settings.season,
      logRetentionDays: settings.logRetentionDays,
      alarms,
    });
    new ReminderSchedules(this, "ReminderSchedules", {
      stage,
      function: reminders.function,
      season: settings.season,
    });

    new CatalogueFunction(this, "CatalogueFunction", {
      stage,
      table,
      feed,
      logRetentionDays: settings.logRetentionDays,
      alarms,
    });

    // The portal and the desk page are deployed into the feed's bucket and invalidated on its distribution.
    const distribution = Distribution.fromDistributionAttributes(this, "FeedDistributionRef", {
      distributionId: imported(STATEFUL_OUTPUTS.distributionId),
      domainName: imported(STATEFUL_OUTPUTS.distributionDomainName),
    });
    // Deployed with the pipeline, like the desk page: code, not data (the feed beside it is never touched).
    new PortalSite(this, "PortalSite", {
      stage,
      bucket: feed,
      distribution,
      logRetentionDays: settings.logRetentionDays,
    });

    this.deskApi = new DeskApi(this, "DeskApi", {
      stage,
      uploads,
      feed,
      table,
      tokens: {
        issuer: imported(STATEFUL_OUTPUTS.tokenIssuer),
        clientId: imported(STATEFUL_OUTPUTS.userPoolClientId),
      },
      feedBaseUrl,
      maxUploadBytes: settings.maxUploadBytes,
      logRetentionDays: settings.logRetentionDays,
      alarms,
    });

    // The page is deployed with the API it calls: its config names the API's URL, known only here.
    new DeskSite(this, "DeskSite", {
      stage,
      bucket: feed,
      distribution,
      config: {
        api: this.deskApi.baseUrl,
        cognito: {
          endpoint: `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/`,
          clientId: imported(STATEFUL_OUTPUTS.userPoolClientId),
          region: Aws.REGION,
        },
        feed: feedBaseUrl,
        maxUploadBytes: settings.maxUploadBytes,
      },
      logRetentionDays: settings.logRetentionDays,
    });
    this.deskUrl = deskUrl;

    this.alarmTopic = alarms.topic;
    this.deadLetterQueue = deadLetterQueue;
    this.queue = queue;
    this.ingestFunction = ingest.function;
    this.addOutputs(stage);
  }

  private addOutputs(stage: string): void {
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
    output(PIPELINE_OUTPUTS.deskApiUrl, this.deskApi.baseUrl, "The desk API's base URL (…/api/v1)");
    output(PIPELINE_OUTPUTS.deskUrl, this.deskUrl, "The clerks' desk page");
  }
}
