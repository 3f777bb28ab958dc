/**
 * The reminder function: run by the reminder schedules on each round's day, it reads the roster (the
 * table's roster index, page by page), claims each round's reminder on the department's season record and
 * mails it through SES — the same use case as `gongkai remind`. A round longer than one run is handed on
 * by the function invoking itself, asynchronously, until it is done (functions/season/remind-runs.ts
 * bounds the chain). An explicit role with exactly the calls its adapters make (no S3: it publishes
 * nothing) and the invocation of this one function, a log group with a set retention, and alarms on
 * errors and on runs dropped unfinished.
 */
import { join } from "node:path";
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Policy, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, RecursiveLoop, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { ENV, SEASON_ENV } from "../../functions/config";
import type { SeasonSettings } from "../../functions/core/season/rounds";
import { ROSTER_INDEX } from "../../functions/storage-layout";
import { INGEST_BUNDLING, REPO_ROOT } from "../bundling";
import { ALARM_PERIOD, type AlarmTopic } from "./alarm-topic";
import type { IngestMail } from "./ingest-function";
import { MAIN_RESOURCE } from "./main-resource";

/** The reminder Lambda's entry point and handler, relative to the repository root. */
export const REMINDER_ENTRY = "functions/season/remind-handler.ts";

/** What the reminder path calls on the table: the roster index's queries, single items, batch reads. */
export const REMINDER_TABLE_ACTIONS = [
  "dynamodb:Query",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchGetItem",
] as const;

export interface ReminderFunctionProps {
  readonly stage: string;
  readonly table: ITable;
  /** Named in the environment only (the pipeline's configuration needs them); never read or written. */
  readonly uploads: IBucket;
  readonly feed: IBucket;
  readonly mail: IngestMail;
  readonly feedBaseUrl: string;
  /** The desk page, where reminders tell a department to upload. */
  readonly deskUrl: string;
  readonly season: SeasonSettings;
  readonly logRetentionDays: RetentionDays;
  readonly alarms: AlarmTopic;
}

export class ReminderFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ReminderFunctionProps) {
    super(scope, id);
    const { stage, mail, table } = props;
    this.logGroup = new LogGroup(this, "LogGroup", {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `gongkai ${stage}: the reminder function`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, MAIN_RESOURCE, {
      description: `gongkai ${stage}: reminds departments that still owe their annual report`,
      entry: join(REPO_ROOT, REMINDER_ENTRY),
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      // Each run stops with time to spare and hands the rest of its round on; a timed-out run is retried
      // and skips the departments already claimed.
      timeout: Duration.minutes(15),
      // A round at country scale is more runs in a row than Lambda's loop detection lets through (16);
      // the chain is bounded by the function itself (MAX_RUNS_PER_ROUND).
      recursiveLoop: RecursiveLoop.ALLOW,
      role: this.role,
      logGroup: this.logGroup,
      bundling: INGEST_BUNDLING,
      environment: {
        [ENV.uploadsBucket]: props.uploads.bucketName,
        [ENV.feedBucket]: props.feed.bucketName,
        [ENV.table]: table.tableName,
        [ENV.mailFrom]: mail.from,
        [ENV.operatorEmail]: mail.operator,
        [ENV.feedBaseUrl]: props.feedBaseUrl,
        [ENV.deskUrl]: props.deskUrl,
        [ENV.sesConfigurationSet]: mail.configurationSet.configurationSetName,
        [SEASON_ENV.deadline]: props.season.deadline,
        [SEASON_ENV.reminderDays]: props.season.reminderDays.join(","),
      },
    });
    const configurationSetArn = Stack.of(this).formatArn({
      service: "ses",
      resource: "configuration-set",
      resourceName: mail.configurationSet.configurationSetName,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: "Table",
        actions: [...REMINDER_TABLE_ACTIONS],
        resources: [table.tableArn, `${table.tableArn}/index/${ROSTER_INDEX.name}`],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: "SendMail",
        actions: ["ses:SendEmail"],
        resources: [mail.identity.emailIdentityArn, configurationSetArn],
      }),
    );
    // A policy of its own, not the role's default one: the function waits for that (its role's), and
    // naming the function's ARN there would make the two wait for each other.
    new Policy(this, "HandOnPolicy", {
      roles: [this.role],
      statements: [
        new PolicyStatement({
          sid: "HandOn",
          actions: ["lambda:InvokeFunction"],
          resources: [this.function.functionArn],
        }),
      ],
    });
    // The schedule's run and each continuation are asynchronous: a failed run is tried twice more (it
    // walks the roster again, skipping the reminded), and an event not run within 6 hours is dropped.
    this.function.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6) });
    props.alarms.alarm(this, "DroppedAlarm", {
      description: `gongkai ${stage}: a reminder run was dropped before it finished (its retries spent, or it waited over 6 hours): the round is incomplete. Run it again with gongkai remind --year Y --round R.`,
      metric: this.function.metric("AsyncEventsDropped", { period: ALARM_PERIOD, statistic: "Sum" }),
      threshold: 1,
    });
    props.alarms.alarm(this, "ErrorsAlarm", {
      description: `gongkai ${stage}: a reminder run failed (some reminders could not be sent, a run reminded nobody, the round took too many runs, or the function crashed); it is retried twice.`,
      metric: this.function.metricErrors({ period: ALARM_PERIOD, statistic: "Sum" }),
      threshold: 1,
    });
  }
}
