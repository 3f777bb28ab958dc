/**
 * The catalogue function: every minute, by an EventBridge Scheduler schedule, it rebuilds the feed's
 * documents that grow with the number of reports — `v1/years/{year}.csv` and `v1/departments.json` — when
 * something changed (`functions/ingest/feed-catalogue.ts`). Its role reads only the table items a rebuild
 * reads (by partition key: the feed index, the listings, the registry, report versions), writes only its
 * own bookkeeping item and those two kinds of documents (a CSV by a multipart upload, which it may
 * abort), and sits under the pipeline's IAM path, the only one the feed bucket accepts writes from. A log group with a set retention, and an alarm on errors.
 */
import { join } from "node:path";
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { CfnSchedule } from "aws-cdk-lib/aws-scheduler";
import { Construct } from "constructs";
import { ENV } from "../../functions/config";
import { feedPaths } from "../../functions/core/feed";
import { ITEM_KEY } from "../../functions/storage-layout";
import { INGEST_BUNDLING, REPO_ROOT } from "../bundling";
import { pipelineRolePath } from "../config";
import { ALARM_PERIOD, type AlarmTopic } from "./alarm-topic";
import { MAIN_RESOURCE } from "./main-resource";
import { acknowledgeObjectWildcard } from "./wildcard-acknowledgement";

/** The catalogue Lambda's entry point, relative to the repository root. */
export const CATALOGUE_ENTRY = "functions/ingest/catalogue-handler.ts";

/** How often the catalogue is rebuilt (feed.md: within a minute of a change). */
export const CATALOGUE_SCHEDULE = "rate(1 minute)";

/** The calls a rebuild reads with: single items, batches of listing pages, the registry's partitions. */
export const CATALOGUE_READ_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
] as const;

/**
 * The partition keys a rebuild reads (`dynamodb:LeadingKeys` patterns): the feed index and the
 * catalogue's own state, the year listings (directory and pages), every department and region, and the
 * report versions of entries listed before listings kept their cells.
 */
export const CATALOGUE_READ_PARTITIONS = [
  ITEM_KEY.feedIndex().pk,
  ITEM_KEY.catalogue().pk,
  "LISTING#YEAR#*",
  ITEM_KEY.departments,
  ITEM_KEY.regions,
  "REPORT#*",
] as const;

/**
 * The feed documents the function writes; the CSVs and their CSVW metadata are removed too, when a year
 * has no report left.
 */
export const CATALOGUE_DOCUMENTS = {
  yearCsvs: "v1/years/*.csv",
  yearCsvMetadata: "v1/years/*.csv-metadata.json",
  departments: feedPaths.departments,
} as const;

export interface CatalogueFunctionProps {
  readonly stage: string;
  readonly table: ITable;
  readonly feed: IBucket;
  readonly logRetentionDays: RetentionDays;
  readonly alarms: AlarmTopic;
}

export class CatalogueFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly schedule: CfnSchedule;
  /** The role EventBridge Scheduler invokes the function through. */
  readonly invokeRole: Role;

  constructor(scope: Construct, id: string, props: CatalogueFunctionProps) {
    super(scope, id);
    const { stage, table, feed } = props;
    this.logGroup = new LogGroup(this, "LogGroup", {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `gongkai ${stage}: the feed catalogue function`,
      // The feed bucket denies writes to every role outside the pipeline's path (pipeline-writers.ts).
      path: pipelineRolePath(stage),
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, MAIN_RESOURCE, {
      description: `gongkai ${stage}: rebuilds the feed's year CSVs and department list`,
      entry: join(REPO_ROOT, CATALOGUE_ENTRY),
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      // A rebuild holds a batch of leaves and a few parts of the CSV, and the department list whole
      // (bench: `catalogue`).
      memorySize: 1024,
      // Runs may overlap when one is slow: a rebuild never records an older build than a concurrent one.
      timeout: Duration.minutes(5),
      role: this.role,
      logGroup: this.logGroup,
      bundling: INGEST_BUNDLING,
      environment: { [ENV.table]: table.tableName, [ENV.feedBucket]: feed.bucketName },
    });
    this.grant(table, feed);
    props.alarms.alarm(this, "ErrorsAlarm", {
      description:
        `gongkai ${stage}: the feed catalogue failed in most runs of a period ` +
        "(v1/years/*.csv and v1/departments.json are going stale).",
      metric: this.function.metricErrors({ period: ALARM_PERIOD, statistic: "Sum" }),
      // A failed run is redone a minute later; one in a period is no news.
      threshold: 3,
    });

    this.invokeRole = new Role(this, "InvokeRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description: `gongkai ${stage}: EventBridge Scheduler invoking the feed catalogue function`,
    });
    this.invokeRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [this.function.functionArn] }),
    );
    this.schedule = new CfnSchedule(this, "Schedule", {
      name: `gongkai-${stage}-feed-catalogue`,
      description: `gongkai ${stage}: rebuilds the feed's catalogue documents every minute`,
      scheduleExpression: CATALOGUE_SCHEDULE,
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: this.function.functionArn,
        roleArn: this.invokeRole.roleArn,
        // The next minute's run is the retry.
        retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
      },
    });
  }

  private grant(table: ITable, feed: IBucket): void {
    const statements = [
      new PolicyStatement({
        sid: "ReadCatalogueItems",
        actions: [...CATALOGUE_READ_ACTIONS],
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...CATALOGUE_READ_PARTITIONS] },
        },
      }),
      // What the last run built, so the next rebuilds only what changed.
      new PolicyStatement({
        sid: "RecordCatalogueState",
        actions: ["dynamodb:PutItem"],
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [ITEM_KEY.catalogue().pk] },
        },
      }),
      new PolicyStatement({
        sid: "WriteYearCsvs",
        actions: ["s3:PutObject", "s3:DeleteObject"],
        resources: [
          feed.arnForObjects(CATALOGUE_DOCUMENTS.yearCsvs),
          feed.arnForObjects(CATALOGUE_DOCUMENTS.yearCsvMetadata),
        ],
      }),
      // A CSV longer than one part is a multipart upload: PutObject covers creating it, its parts and
      // completing it; a failed one is aborted (its parts dropped), an action of its own.
      new PolicyStatement({
        sid: "AbortYearCsvUploads",
        actions: ["s3:AbortMultipartUpload"],
        resources: [feed.arnForObjects(CATALOGUE_DOCUMENTS.yearCsvs)],
      }),
      new PolicyStatement({
        sid: "WriteDepartmentList",
        actions: ["s3:PutObject"],
        resources: [feed.arnForObjects(CATALOGUE_DOCUMENTS.departments)],
      }),
    ];
    for (const statement of statements) this.role.addToPrincipalPolicy(statement);
    acknowledgeObjectWildcard(
      this.role,
      feed.arnForObjects(CATALOGUE_DOCUMENTS.yearCsvs),
      "Object-level wildcard for the years' CSVs only (v1/years/{year}.csv): one per report year, the years " +
        "known only from the data. PutObject (a multipart upload's too) and AbortMultipartUpload, and DeleteObject " +
        "for a year left without a report; no read, no list.",
    );
    acknowledgeObjectWildcard(
      this.role,
      feed.arnForObjects(CATALOGUE_DOCUMENTS.yearCsvMetadata),
      "Object-level wildcard for the CSVW metadata beside each year's CSV only (v1/years/{year}.csv-metadata.json): " +
        "one per report year, as the CSVs. PutObject, and DeleteObject with its CSV; no read, no list.",
    );
  }
}
