/**
 * Shared helpers of the infra tests: build the CDK app in memory with the context of cdk.json (feature
 * flags included) plus overrides, and walk IAM policy documents.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { REPO_ROOT } from "../../infra/bundling";
import { buildGongkai, type GongkaiApp } from "../../infra/gongkai";

export const CDK_JSON = JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8")) as {
  app: string;
  context: Record<string, unknown>;
};

/** The context the tests synth with (no departments: they are data, not context). */
export const TEST_CONTEXT = {
  stage: "test",
  mailFrom: "gongkai@reports.example.gov.cn",
  operatorEmail: "ops@example.gov.cn",
  operatorPrincipal: "arn:aws:iam::210987654321:role/ops",
  timeoutSeconds: 90,
  memoryMb: 1536,
  logRetentionDays: 180,
  noncurrentVersionExpiryDays: 30,
  maxReceiveCount: 5,
  batchSize: 4,
} as const;

export interface Synthesized extends GongkaiApp {
  app: App;
  statefulTemplate: Template;
  pipelineTemplate: Template;
}

/**
 * Synthesizes the app in memory. Asset bundling is skipped (`aws:cdk:bundling-stacks: []`): the
 * templates do not depend on the bundle; the real bundling is covered by cdk-synth.test.ts.
 */
export function synth(
  context: Record<string, unknown> = TEST_CONTEXT,
  options: { nag?: boolean } = {},
): Synthesized {
  const app = new App({
    context: { ...CDK_JSON.context, ...context, "aws:cdk:bundling-stacks": [] },
  });
  const built = buildGongkai(app, { nag: options.nag ?? false });
  return {
    ...built,
    app,
    statefulTemplate: Template.fromStack(built.stateful),
    pipelineTemplate: Template.fromStack(built.pipeline),
  };
}

/** Synthesized CloudFormation is untyped JSON; the tests assert on its shape. */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation property values are arbitrary JSON
export type CfnJson = any;

export type CfnResources = Record<
  string,
  { Type: string; Properties: CfnJson; DeletionPolicy?: string; UpdateReplacePolicy?: string }
>;

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicySource {
  /** Logical id of the resource holding the document, plus the policy name for inline role policies. */
  where: string;
  /** Logical ids of the roles the statements apply to (identity policies). */
  roles: string[];
  statements: Statement[];
}

export const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every identity policy document: AWS::IAM::Policy, AWS::IAM::ManagedPolicy and role inline policies. */
export function identityPolicies(template: Template): PolicySource[] {
  const sources: PolicySource[] = [];
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties?: Record<string, unknown> }
  >;
  for (const [id, resource] of Object.entries(resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === "AWS::IAM::Policy" || resource.Type === "AWS::IAM::ManagedPolicy") {
      const document = props.PolicyDocument as { Statement: Statement[] };
      const roles = asArray(props.Roles as { Ref: string }[] | undefined).map((role) => role.Ref);
      sources.push({ where: id, roles, statements: asArray(document.Statement) });
    }
    if (resource.Type === "AWS::IAM::Role") {
      for (const policy of asArray(
        props.Policies as { PolicyName: string; PolicyDocument: { Statement: Statement[] } }[],
      )) {
        sources.push({
          where: `${id}/${policy.PolicyName}`,
          roles: [id],
          statements: asArray(policy.PolicyDocument.Statement),
        });
      }
    }
  }
  return sources;
}

/** The logical id of the only resource of a type whose logical id starts with a prefix. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(", ") || "none"}`);
  return ids[0]!;
}

/** Flattens CloudFormation intrinsics into a readable string (Fn::Join, Ref, GetAtt, ImportValue). */
export function flat(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(flat).join(",");
  if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if ("Fn::Join" in object) {
      const [delimiter, parts] = object["Fn::Join"] as [string, unknown[]];
      return parts.map(flat).join(delimiter);
    }
    if ("Ref" in object) return `{${object.Ref as string}}`;
    if ("Fn::GetAtt" in object) return `{${(object["Fn::GetAtt"] as string[]).join(".")}}`;
    if ("Fn::ImportValue" in object) return `{import:${flat(object["Fn::ImportValue"])}}`;
    if ("Fn::Sub" in object) return flat(object["Fn::Sub"]);
  }
  return JSON.stringify(value);
}

/** The stateful stack's three buckets, by their logical ids. */
export const bucketIds = (stateful: Template) => ({
  uploads: logicalId(stateful, "AWS::S3::Bucket", "UploadsBucket"),
  feed: logicalId(stateful, "AWS::S3::Bucket", "FeedBucket"),
  logs: logicalId(stateful, "AWS::S3::Bucket", "AccessLogsBucket"),
});

/** The statements of the one bucket policy a bucket has (throws unless there is exactly one). */
export function bucketPolicyStatements(stateful: Template, bucketId: string): Statement[] {
  const policies = Object.values(stateful.findResources("AWS::S3::BucketPolicy")).filter(
    (policy) => policy.Properties.Bucket.Ref === bucketId,
  );
  if (policies.length !== 1) throw new Error(`${policies.length} bucket policies name ${bucketId}`);
  return asArray(policies[0]!.Properties.PolicyDocument.Statement);
}
