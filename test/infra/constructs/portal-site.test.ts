import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Distribution } from "aws-cdk-lib/aws-cloudfront";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, Source } from "aws-cdk-lib/aws-s3-deployment";
import { describe, expect, it } from "vitest";
import { PortalSite } from "../../../infra/constructs/portal-site";
import { PORTAL_FILES } from "../../../web/portal/build";
import { asArray, flat } from "../synth";
import { bareStack, nagFindings } from "./bare-stack";

function build(options: { beside?: boolean } = {}) {
  const stack = bareStack();
  const bucket = Bucket.fromBucketName(stack, "Feed", "gongkai-test-feed");
  const distribution = Distribution.fromDistributionAttributes(stack, "Distribution", {
    distributionId: "E123",
    domainName: "d123.cloudfront.net",
  });
  if (options.beside) {
    // Another deployment of the stack, as the desk page's is: aws-cdk-lib's default memory size for it.
    new BucketDeployment(stack, "Beside", {
      sources: [Source.data("desk/index.html", "<!doctype html>")],
      destinationBucket: bucket,
      destinationKeyPrefix: "desk/",
      memoryLimit: 256,
    });
  }
  const site = new PortalSite(stack, "PortalSite", {
    stage: "test",
    logRetentionDays: RetentionDays.ONE_MONTH,
    bucket,
    distribution,
  });
  const template = Template.fromStack(stack);
  const roleId = stack.getLogicalId(site.role.node.defaultChild as CfnElement);
  const statements = Object.values(template.findResources("AWS::IAM::Policy"))
    .filter((policy) => asArray(policy.Properties.Roles).some((role) => flat(role) === `{${roleId}}`))
    .flatMap((policy) => asArray(policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]));
  return { site, stack, template, roleId, statements };
}

describe("PortalSite", () => {
  it("copies the portal's files to the root of the feed bucket, never pruning, and invalidates exactly them", () => {
    const { template } = build();
    const deployments = Object.values(template.findResources("Custom::CDKBucketDeployment"));
    expect(deployments).toHaveLength(1);
    const properties = deployments[0]!.Properties;
    expect(properties.DestinationBucketName).toBe("gongkai-test-feed");
    expect(properties.DestinationBucketKeyPrefix).toBeUndefined();
    // The root holds v1/ and desk/: a pruning copy would delete the feed.
    expect(properties.Prune).toBe(false);
    expect(properties.RetainOnDelete).toBe(true);
    expect(properties.DistributionId).toBe("E123");
    expect(properties.DistributionPaths).toEqual(["/index.html", "/portal.css", "/portal.js"]);
    expect(properties.SystemMetadata).toEqual({ "cache-control": "no-cache" });
    expect(properties.SourceObjectKeys).toHaveLength(1);
  });

  it("runs the copy under the pipeline's path with a role that may write the portal's files only, no delete", () => {
    const { template, roleId, statements } = build();
    const role = template.findResources("AWS::IAM::Role")[roleId]!.Properties;
    expect(role.ManagedPolicyArns).toBeUndefined();
    // The feed bucket admits writes from no role outside this path (pipeline-writers.ts).
    expect(role.Path).toBe("/gongkai/test/pipeline/");
    const grants = statements.map((statement) => ({
      actions: asArray(statement.Action as string | string[]).sort(),
      resources: asArray(statement.Resource).map(flat).sort(),
    }));
    const feed = "arn:{AWS::Partition}:s3:::gongkai-test-feed";
    const byAction = (action: string) => grants.filter((grant) => grant.actions.includes(action));
    expect(byAction("s3:PutObject")).toEqual([
      { actions: ["s3:PutObject"], resources: PORTAL_FILES.map((file) => `${feed}/${file}`).sort() },
    ]);
    expect(byAction("s3:ListBucket")).toEqual([{ actions: ["s3:ListBucket"], resources: [feed] }]);
    const [reads, ...more] = byAction("s3:GetObject");
    expect(more).toEqual([]);
    expect(reads!.actions).toEqual(["s3:GetObject"]);
    expect(reads!.resources).toHaveLength(1);
    expect(reads!.resources[0]).toMatch(/[0-9a-f]{64}\.zip$/);
    expect(byAction("cloudfront:CreateInvalidation")).toEqual([
      {
        actions: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
        resources: ["arn:{AWS::Partition}:cloudfront::{AWS::AccountId}:distribution/E123"],
      },
    ]);
    const all = grants.flatMap((grant) => grant.actions);
    expect(all.filter((action) => action.startsWith("s3:Delete"))).toEqual([]);
    for (const grant of grants) {
      expect(grant.actions.join(" ")).not.toContain("*");
      expect(grant.resources).not.toContain("*");
    }
  });

  it("keeps a copying function, and so its role, of its own beside another deployment of the stack", () => {
    const { template, roleId } = build({ beside: true });
    const handlers = Object.values(template.findResources("AWS::Lambda::Function"));
    expect(handlers).toHaveLength(2);
    expect(handlers.filter((handler) => flat(handler.Properties.Role) === `{${roleId}.Arn}`)).toHaveLength(1);
  });

  it("passes cdk-nag, acknowledging only its copying function's runtime", () => {
    const { site } = build();
    const stack = site.node.scope!;
    expect(nagFindings(stack)).toEqual([]);
    const acknowledged = nagFindings(stack, { ignoreAcknowledgements: true });
    expect(acknowledged.map((finding) => `${finding.rule} ${finding.path}`)).toEqual([
      expect.stringMatching(/^AwsSolutions-L1 Test\/Custom::CDKBucketDeployment\w+320MiB\/Resource$/),
    ]);
  });
});
