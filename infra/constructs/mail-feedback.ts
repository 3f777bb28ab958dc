/**
 * Where SES's word on a mail after it took it goes: the configuration set publishes bounces and
 * complaints to EventBridge (the default bus, the only one SES publishes to), a rule hands them to a small
 * function, and the function records each on the upload the mail's tags name (functions/ingest/
 * mail-feedback.ts). An explicit role with one table call, a log group with a set retention, and an alarm
 * on its errors.
 */
import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { EventBus, Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import {
  ConfigurationSetEventDestination,
  EmailSendingEvent,
  EventDestination,
  type IConfigurationSet,
} from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import { ENV } from "../../functions/config";
import { INGEST_BUNDLING, REPO_ROOT } from "../bundling";
import { ALARM_PERIOD, type AlarmTopic } from "./alarm-topic";
import { MAIN_RESOURCE } from "./main-resource";

/** The mail-feedback Lambda's entry point, relative to the repository root. */
export const MAIL_FEEDBACK_ENTRY = "functions/ingest/mail-feedback-handler.ts";

/** The EventBridge detail types of the SES events recorded. */
export const MAIL_FEEDBACK_DETAIL_TYPES = ["Email Bounced", "Email Complaint"];

export interface MailFeedbackProps {
  readonly stage: string;
  /** The configuration set the pipeline's mails are sent with. */
  readonly configurationSet: IConfigurationSet;
  readonly table: ITable;
  /** Named in the environment only (the records' configuration needs it); never read or written. */
  readonly uploads: IBucket;
  readonly logRetentionDays: RetentionDays;
  readonly alarms: AlarmTopic;
}

export class MailFeedback extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: MailFeedbackProps) {
    super(scope, id);
    const { stage, configurationSet, table } = props;
    new ConfigurationSetEventDestination(this, "EventDestination", {
      configurationSet,
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, "DefaultBus", "default")),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    const logGroup = new LogGroup(this, "LogGroup", {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `gongkai ${stage}: records mail bounces and complaints`,
    });
    logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, MAIN_RESOURCE, {
      description: `gongkai ${stage}: records SES bounces and complaints on the uploads they are about`,
      entry: join(REPO_ROOT, MAIL_FEEDBACK_ENTRY),
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      role: this.role,
      logGroup,
      bundling: INGEST_BUNDLING,
      environment: { [ENV.uploadsBucket]: props.uploads.bucketName, [ENV.table]: table.tableName },
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: "RecordOnUploads",
        actions: ["dynamodb:UpdateItem"],
        resources: [table.tableArn],
      }),
    );
    this.rule = new Rule(this, "Rule", {
      description: `gongkai ${stage}: SES bounces and complaints of the pipeline's mails`,
      eventPattern: {
        source: ["aws.ses"],
        detailType: MAIL_FEEDBACK_DETAIL_TYPES,
        // Every SES event carries its configuration set as a tag: only this set's mails are the pipeline's.
        detail: { mail: { tags: { "ses:configuration-set": [configurationSet.configurationSetName] } } },
      },
      targets: [new LambdaFunction(this.function, { retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
    props.alarms.alarm(this, "ErrorsAlarm", {
      description: `gongkai ${stage}: recording a mail bounce or complaint failed (read the function's logs).`,
      metric: this.function.metricErrors({ period: ALARM_PERIOD, statistic: "Sum" }),
      threshold: 1,
    });
  }
}
