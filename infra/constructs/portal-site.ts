/**
 * The reference portal on AWS: its files (built from `web/portal/` when the app is synthesized: esbuild runs
 * locally, no Docker) copied to the root of the feed bucket by `aws-s3-deployment`, which then invalidates
 * them on the distribution that serves them at `/` (its default behaviour: `/` answered with `index.html`,
 * the portal's Content-Security-Policy). The root is shared with the feed (`v1/`) and the desk (`desk/`),
 * so the copy never prunes, and the copying function runs with a role of ours that may write the portal's
 * own objects and nothing else — aws-cdk-lib's default grants wildcard actions on both buckets and
 * invalidations everywhere.
 */
import { readdirSync } from "node:fs";
import { RemovalPolicy, Stack } from "aws-cdk-lib";
import type { IDistribution } from "aws-cdk-lib/aws-cloudfront";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, type ISource } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { PORTAL_FILES } from "../../web/portal/build";
import { pipelineRolePath } from "../config";
import { acknowledgeDeploymentRuntime, builtPageSource, readOnlyItsObject } from "./page-deployment";

/**
 * The copying function's memory, MiB. aws-cdk-lib runs every bucket deployment of a stack with the same
 * memory size through one function, with the role of the first: a size of its own gives the portal's a
 * function, and so a role, of its own (the desk page's deployment uses 256).
 */
export const PORTAL_DEPLOYMENT_MEMORY = 320;

export interface PortalSiteProps {
  readonly stage: string;
  /** The feed bucket: the distribution serves it, the portal at its root. */
  readonly bucket: IBucket;
  readonly distribution: IDistribution;
  readonly logRetentionDays: RetentionDays;
}

/** The portal's files, deployed to the root of the feed bucket. */
export class PortalSite extends Construct {
  readonly deployment: BucketDeployment;
  /** The copying function's role: read the portal's asset, write its files, invalidate them. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: PortalSiteProps) {
    super(scope, id);
    const { bucket, distribution } = props;
    const logGroup = new LogGroup(this, "LogGroup", {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `gongkai ${props.stage}: copies the reference portal to the root of the feed bucket`,
      // The feed bucket denies writes to every role outside the pipeline's path (pipeline-writers.ts).
      path: pipelineRolePath(props.stage),
    });
    logGroup.grantWrite(this.role);
    // `aws s3 sync` lists the destination to compare; the root's listing is the whole bucket.
    this.role.addToPolicy(new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] }));
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ["s3:PutObject"],
        resources: PORTAL_FILES.map((file) => bucket.arnForObjects(file)),
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
        resources: [distribution.distributionArn],
      }),
    );
    this.deployment = new BucketDeployment(this, "Files", {
      sources: [readOnlyItsObject(this.role, portalSource())],
      destinationBucket: bucket,
      // The root holds the feed and the desk too: nothing is ever deleted (the role may not either).
      prune: false,
      retainOnDelete: true,
      // Every file is revalidated (ETag), so a deploy shows at once; CloudFront's copy is invalidated.
      cacheControl: [CacheControl.noCache()],
      distribution,
      distributionPaths: PORTAL_FILES.map((file) => `/${file}`),
      memoryLimit: PORTAL_DEPLOYMENT_MEMORY,
      role: this.role.withoutPolicyUpdates(),
      logGroup,
    });
    acknowledgeDeploymentRuntime(
      Stack.of(this),
      PORTAL_DEPLOYMENT_MEMORY,
      "copying the reference portal to the root of the feed bucket",
    );
  }
}

/**
 * The built portal as an asset, which must be exactly PORTAL_FILES (the role may write no other object).
 */
function portalSource(): ISource {
  return builtPageSource("portal", "the portal", (outputDir) => {
    const files = readdirSync(outputDir, { recursive: true, encoding: "utf8" }).sort();
    if (files.join() !== [...PORTAL_FILES].sort().join()) {
      throw new Error(`the portal's build wrote ${files.join(", ")}, not PORTAL_FILES`);
    }
  });
}
