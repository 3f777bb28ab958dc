/**
 * The reference portal on AWS: its files (built from `web/portal/` when the app is synthesized: esbuild runs
 * locally, no Docker) copied to the root of the feed bucket by `aws-s3-deployment`, which then invalidates
 * them on the distribution that serves them at `/` (its default behaviour: `/` answered with `index.html`,
 * the portal's Content-Security-Policy). The root is shared with the feed (`v1/`) and the desk (`desk/`),
 * so the copy never prunes, and the copying function runs with a role of ours that may write the portal's
 * own objects and nothing else — aws-cdk-lib's default grants wildcard actions on both buckets and
 * invalidations everywhere.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { AssetHashType, DockerImage, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import type { IDistribution } from "aws-cdk-lib/aws-cloudfront";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, type ISource, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { PORTAL_FILES } from "../../web/portal/build";
import { REPO_ROOT } from "../bundling";
import { pipelineRolePath } from "../config";

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
    // The source is read by exactly its object: the grants aws-cdk-lib would add (wildcard actions) go to
    // the role's immutable view, which drops them.
    const readOnlyItsObject = (source: ISource): ISource => ({
      bind: (binder, context) => {
        const bound = source.bind(binder, context);
        this.role.addToPolicy(
          new PolicyStatement({
            actions: ["s3:GetObject"],
            resources: [bound.bucket.arnForObjects(bound.zipObjectKey)],
          }),
        );
        return bound;
      },
    });
    this.deployment = new BucketDeployment(this, "Files", {
      sources: [readOnlyItsObject(portalSource())],
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
    acknowledgeDeploymentRuntime(Stack.of(this));
  }
}

/**
 * The built portal as an asset: `web/portal/build.ts` run by tsx at synth time, hashed by what it wrote,
 * which must be exactly PORTAL_FILES (the role may write no other object).
 */
function portalSource(): ISource {
  const require = createRequire(import.meta.url);
  return Source.asset(join(REPO_ROOT, "web/portal"), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: the local build below always succeeds or throws.
      image: DockerImage.fromRegistry("public.ecr.aws/docker/library/node:24-slim"),
      local: {
        tryBundle(outputDir: string) {
          const built = spawnSync(
            process.execPath,
            [require.resolve("tsx/cli"), join(REPO_ROOT, "web/portal/build.ts"), outputDir],
            { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] },
          );
          if (built.status !== 0) throw new Error(`building the portal failed (exit ${built.status})`);
          const files = readdirSync(outputDir, { recursive: true, encoding: "utf8" }).sort();
          if (files.join() !== [...PORTAL_FILES].sort().join()) {
            throw new Error(`the portal's build wrote ${files.join(", ")}, not PORTAL_FILES`);
          }
          return true;
        },
      },
    },
  });
}

/**
 * aws-cdk-lib creates the function behind bucket deployments as a singleton of the stack (one per memory
 * size), with a runtime of its own choosing; acknowledged on the portal's, where cdk-nag reports it.
 */
function acknowledgeDeploymentRuntime(stack: Stack): void {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith("Custom::CDKBucketDeployment")) continue;
    if (!child.node.id.endsWith(`${PORTAL_DEPLOYMENT_MEMORY}MiB`)) continue;
    Validations.of(child).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "aws-cdk-lib's BucketDeployment singleton (a custom resource run only during deployments, copying the " +
        "reference portal to the root of the feed bucket): aws-cdk-lib pins its Python runtime together with the " +
        "AWS CLI layer it needs, and moves it forward in its own releases.",
    });
  }
}
