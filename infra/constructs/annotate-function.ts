/**
 * The annotate function: invoked synchronously by the ingest function for a rejected upload, it marks the
 * kept original's cells and keeps the copy (`functions/ingest/annotate-handler.ts`). Its own function so
 * that ExcelJS, most of what annotating weighs, is in this bundle alone and the ingest function's cold
 * start never loads it. Its role reads the kept originals and writes the annotated copies, nothing else,
 * under the pipeline's IAM path (the uploads bucket denies writes to annotated/ to every other role). A
 * log group with a set retention, and an alarm on errors; a failure is the ingest function's to retry
 * (the upload's message is retried, then dead-lettered, like any other failure).
 */
import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { ENV } from "../../functions/config";
import { OBJECT_PREFIX } from "../../functions/storage-layout";
import { ANNOTATE_ENTRY, LAMBDA_BUNDLING, REPO_ROOT } from "../bundling";
import { pipelineRolePath } from "../config";
import { ALARM_PERIOD, type AlarmTopic } from "./alarm-topic";
import { MAIN_RESOURCE } from "./main-resource";
import { acknowledgeObjectWildcard } from "./wildcard-acknowledgement";

/** The longest an annotation may take: the ingest function waits for it within its own timeout. */
export const ANNOTATE_TIMEOUT_LIMIT_SECONDS = 60;

export interface AnnotateFunctionProps {
  readonly stage: string;
  /** Kept originals read under `originals/`, copies written under `annotated/`. */
  readonly uploads: IBucket;
  /** The ingest function's timeout: an annotation gets at most half of it. */
  readonly ingestTimeoutSeconds: number;
  readonly logRetentionDays: RetentionDays;
  readonly alarms: AlarmTopic;
}

export class AnnotateFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AnnotateFunctionProps) {
    super(scope, id);
    const { stage, uploads } = props;
    this.logGroup = new LogGroup(this, "LogGroup", {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `gongkai ${stage}: the annotate function`,
      // The uploads bucket denies writes under annotated/ to every role outside the pipeline's path.
      path: pipelineRolePath(stage),
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, MAIN_RESOURCE, {
      description: `gongkai ${stage}: marks a rejected upload's cells in a copy of its workbook`,
      entry: join(REPO_ROOT, ANNOTATE_ENTRY),
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      // ExcelJS holds the whole workbook, styles and all, as objects: several times its bytes.
      memorySize: 1024,
      timeout: Duration.seconds(
        Math.max(10, Math.min(ANNOTATE_TIMEOUT_LIMIT_SECONDS, Math.floor(props.ingestTimeoutSeconds / 2))),
      ),
      role: this.role,
      logGroup: this.logGroup,
      bundling: LAMBDA_BUNDLING,
      environment: { [ENV.uploadsBucket]: uploads.bucketName },
    });

    const originals = uploads.arnForObjects(`${OBJECT_PREFIX.originals}*`);
    const annotated = uploads.arnForObjects(`${OBJECT_PREFIX.annotated}*`);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: "ReadOriginals", actions: ["s3:GetObject"], resources: [originals] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: "KeepAnnotatedCopies", actions: ["s3:PutObject"], resources: [annotated] }),
    );
    acknowledgeObjectWildcard(
      this.role,
      originals,
      "Object-level wildcard under originals/ only: the original to mark is content-addressed " +
        "(originals/{sha256}), its key known only at run time. GetObject only: no write, list or delete.",
    );
    acknowledgeObjectWildcard(
      this.role,
      annotated,
      "Object-level wildcard under annotated/ only: a rejected upload's copy is kept at " +
        "annotated/{department}/{year}/{order}.xlsx, keys known only at run time. PutObject only, no read or delete.",
    );

    props.alarms.alarm(this, "ErrorsAlarm", {
      description:
        `gongkai ${stage}: the annotate function failed (crash, timeout or out of memory); the rejected ` +
        "upload it was marking is retried by the ingest function, then dead-lettered.",
      metric: this.function.metricErrors({ period: ALARM_PERIOD, statistic: "Sum" }),
      threshold: 1,
    });
  }
}
