import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Distribution } from "aws-cdk-lib/aws-cloudfront";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { DeskSite } from "../../../infra/constructs/desk-site";
import { bareStack, nagFindings } from "./bare-stack";

const CONFIG = {
  api: "https://abc.execute-api.cn-north-1.amazonaws.com.cn/api/v1",
  cognito: {
    endpoint: "https://cognito-idp.cn-north-1.amazonaws.com.cn/",
    clientId: "client123",
    region: "cn-north-1",
  },
  feed: "https://d123.cloudfront.net",
  maxUploadBytes: 1024,
};

function build() {
  const stack = bareStack();
  const site = new DeskSite(stack, "DeskSite", {
    stage: "test",
    logRetentionDays: RetentionDays.ONE_MONTH,
    bucket: Bucket.fromBucketName(stack, "Feed", "gongkai-test-feed"),
    distribution: Distribution.fromDistributionAttributes(stack, "Distribution", {
      distributionId: "E123",
      domainName: "d123.cloudfront.net",
    }),
    config: CONFIG,
  });
  return { site, stack, template: Template.fromStack(stack) };
}

describe("DeskSite", () => {
  it("copies the page and its config under desk/ of the feed bucket, pruning only there, and invalidates /desk*", () => {
    const { template } = build();
    const deployments = Object.values(template.findResources("Custom::CDKBucketDeployment"));
    expect(deployments).toHaveLength(1);
    const properties = deployments[0]!.Properties;
    expect(properties.DestinationBucketName).toBe("gongkai-test-feed");
    expect(properties.DestinationBucketKeyPrefix).toBe("desk/");
    expect(properties.Prune).toBe(true);
    expect(properties.DistributionId).toBe("E123");
    expect(properties.DistributionPaths).toEqual(["/desk*"]);
    expect(properties.SystemMetadata).toEqual({ "cache-control": "no-cache" });
    // Two sources: the built page, and config.json written from the values given.
    expect(properties.SourceObjectKeys).toHaveLength(2);
  });

  it("runs the copy with a role of its own that may read its two assets, write desk/ and invalidate this distribution only", () => {
    const { site, stack, template } = build();
    const roleId = stack.getLogicalId(site.role.node.defaultChild as CfnElement);
    const handlers = Object.values(template.findResources("AWS::Lambda::Function"));
    expect(handlers).toHaveLength(1);
    expect(handlers[0]!.Properties.Role).toEqual({ "Fn::GetAtt": [roleId, "Arn"] });
    const role = template.findResources("AWS::IAM::Role")[roleId]!.Properties;
    expect(role.ManagedPolicyArns).toBeUndefined();
    // Under the pipeline's path: the feed bucket admits writes from no other role.
    expect(role.Path).toBe("/gongkai/test/pipeline/");
    const statements = Object.values(template.findResources("AWS::IAM::Policy")).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
    const resolved = statements.map((statement) => ({
      actions: [statement.Action].flat().sort(),
      resource: JSON.stringify(statement.Resource),
      condition: statement.Condition,
    }));
    const byAction = (action: string) => resolved.filter((statement) => statement.actions.includes(action));
    // Exactly the two zips (the page, config.json), in one statement.
    const [reads, ...more] = byAction("s3:GetObject");
    expect(more).toEqual([]);
    expect(reads!.actions).toEqual(["s3:GetObject"]);
    expect(reads!.resource.match(/[0-9a-f]{64}\.zip/g)).toHaveLength(2);
    expect(byAction("s3:PutObject")).toEqual([
      {
        actions: ["s3:DeleteObject", "s3:PutObject"],
        resource: expect.stringContaining("gongkai-test-feed/desk/*"),
        condition: undefined,
      },
    ]);
    expect(byAction("s3:ListBucket")).toEqual([
      {
        actions: ["s3:ListBucket"],
        resource: expect.stringContaining("gongkai-test-feed"),
        condition: { StringLike: { "s3:prefix": ["desk/*"] } },
      },
    ]);
    expect(byAction("cloudfront:CreateInvalidation")).toEqual([
      {
        actions: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
        resource: expect.stringContaining("distribution/E123"),
        condition: undefined,
      },
    ]);
    for (const statement of resolved) {
      expect(statement.actions.join(" ")).not.toContain("*");
      expect(statement.resource).not.toBe('"*"');
    }
  });

  it("acknowledges only the deployment function's runtime and the role's desk/* objects", () => {
    const { site } = build();
    const stack = site.node.scope!;
    expect(nagFindings(stack)).toEqual([]);
    const acknowledged = nagFindings(stack, { ignoreAcknowledgements: true });
    expect(acknowledged.map((finding) => `${finding.rule} ${finding.path}`).sort()).toEqual([
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-feed/desk/*] Test/DeskSite/Role/DefaultPolicy/Resource",
      expect.stringMatching(/^AwsSolutions-L1 Test\/Custom::CDKBucketDeployment\w+\/Resource$/),
    ]);
  });
});
