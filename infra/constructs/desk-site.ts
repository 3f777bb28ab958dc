/**
 * The clerk's desk page on AWS: its files (built from `web/desk/` when the app is synthesized: esbuild runs
 * locally, no Docker) and its `config.json` (the desk API, the user pool's client, the feed, the upload
 * limit — deploy-time values) copied under `desk/` of the feed bucket by `aws-s3-deployment`, which then
 * invalidates `/desk*` on the distribution that serves them (the feed's, whose `/desk*` behaviour sends
 * the page's security headers). The copying function runs with a role of ours holding exactly what it
 * calls: aws-cdk-lib's default grants wildcard actions on both buckets and invalidations everywhere.
 */
import { RemovalPolicy, Stack } from "aws-cdk-lib";
import type { IDistribution } from "aws-cdk-lib/aws-cloudfront";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { DESK_CONFIG_FILE, DESK_PATH, type DeskConfig } from "../../web/desk/config";
import { pipelineRolePath } from "../config";
import { acknowledgeDeploymentRuntime, builtPageSource, readOnlyItsObject } from "./page-deployment";
import { acknowledgeObjectWildcard } from "./wildcard-acknowledgement";

/**
 * The copying function's memory, MiB: aws-cdk-lib runs a stack's bucket deployments of one memory size
 * through one function with the role of the first, so the desk's size is its own (the portal's is 320).
 */
export const DESK_DEPLOYMENT_MEMORY = 256;

/** Where the page's files are in the feed bucket (and the distribution's path): `desk/`. */
export const DESK_PREFIX = DESK_PATH.slice(1);

export interface DeskSiteProps {
  readonly stage: string;
  /** The feed bucket: the distribution serves it, the page under `desk/`. */
  readonly bucket: IBucket;
  readonly distribution: IDistribution;
  /** What the page is told (deploy-time values: the API's URL, the pool's client id). */
  readonly config: DeskConfig;
  readonly logRetentionDays: RetentionDays;
}

/** The desk page's files and config, deployed into `desk/` of the feed bucket. */
export class DeskSite extends Construct {
  readonly deployment: BucketDeployment;
  /** The copying function's role: read the page's two assets, write `desk/`, invalidate the distribution. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: DeskSiteProps) {
    super(scope, id);
    const { bucket, distribution } = props;
    const logGroup = new LogGroup(this, "LogGroup", {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `gongkai ${props.stage}: copies the desk page into desk/ of the feed bucket`,
      // The feed bucket denies writes to every role outside the pipeline's path (pipeline-writers.ts).
      path: pipelineRolePath(props.stage),
    });
    logGroup.grantWrite(this.role);
    const prefix = DESK_PREFIX;
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ["s3:ListBucket"],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { "s3:prefix": [`${prefix}*`] } },
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ["s3:PutObject", "s3:DeleteObject"],
        resources: [bucket.arnForObjects(`${prefix}*`)],
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
        resources: [distribution.distributionArn],
      }),
    );
    this.deployment = new BucketDeployment(this, "Files", {
      sources: [
        builtPageSource("desk", "the desk page"),
        Source.jsonData(DESK_CONFIG_FILE, props.config),
      ].map((source) => readOnlyItsObject(this.role, source)),
      destinationBucket: bucket,
      destinationKeyPrefix: prefix,
      // Only the page's own files: the feed beside it (`v1/`) is never touched.
      prune: true,
      // Every file is revalidated (ETag), so a deploy shows at once; CloudFront's copy is invalidated.
      cacheControl: [CacheControl.noCache()],
      distribution,
      distributionPaths: [`/${prefix.replace(/\/$/, "")}*`],
      memoryLimit: DESK_DEPLOYMENT_MEMORY,
      role: this.role.withoutPolicyUpdates(),
      logGroup,
    });
    acknowledgeObjectWildcard(
      this.role,
      bucket.arnForObjects(`${prefix}*`),
      "The desk page's deployment writes and prunes the page's files, whose names (hashed chunks, templates) " +
        "change with every build, under desk/ of the feed bucket only; it runs only while the stack deploys.",
    );
    acknowledgeDeploymentRuntime(
      Stack.of(this),
      DESK_DEPLOYMENT_MEMORY,
      "copying the desk page into desk/ of the feed bucket",
    );
  }
}
