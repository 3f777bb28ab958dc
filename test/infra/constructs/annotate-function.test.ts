import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { ENV } from "../../../functions/config";
import { ANNOTATE_ENTRY } from "../../../infra/bundling";
import { pipelineRolePath } from "../../../infra/config";
import { AlarmTopic } from "../../../infra/constructs/alarm-topic";
import { AnnotateFunction } from "../../../infra/constructs/annotate-function";
import { asArray, type CfnJson, flat, identityPolicies } from "../synth";
import { bareStack, nagFindings } from "./bare-stack";

function build(ingestTimeoutSeconds = 90) {
  const stack = bareStack();
  const alarms = new AlarmTopic(stack, "AlarmTopic", { stage: "test", operatorEmail: "ops@example.gov.cn" });
  const annotate = new AnnotateFunction(stack, "AnnotateFunction", {
    stage: "test",
    uploads: Bucket.fromBucketName(stack, "Uploads", "gongkai-test-uploads"),
    ingestTimeoutSeconds,
    logRetentionDays: RetentionDays.SIX_MONTHS,
    alarms,
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources;
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const id = idOf(annotate.function);
  return {
    annotate,
    template,
    id,
    fn: resources[id].Properties as CfnJson,
    role: idOf(annotate.role),
    logGroup: idOf(annotate.logGroup),
    topic: idOf(alarms.topic),
    resources,
  };
}

describe("AnnotateFunction", () => {
  it("runs the annotate handler on Node.js 24, arm64, told only the uploads bucket", () => {
    const { fn } = build();
    expect(ANNOTATE_ENTRY).toBe("functions/ingest/annotate-handler.ts");
    expect(fn).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      MemorySize: 1024,
      Environment: { Variables: { [ENV.uploadsBucket]: "gongkai-test-uploads" } },
    });
  });

  it("takes at most half the ingest function's timeout, which waits for it, and never over a minute", () => {
    expect(build(90).fn.Timeout).toBe(45);
    expect(build(300).fn.Timeout).toBe(60);
  });

  it("reads kept originals and writes annotated copies, nothing else, from a role under the pipeline's path", () => {
    const { template, role, resources, logGroup } = build();
    expect(resources[role].Properties.Path).toBe(pipelineRolePath("test"));
    expect(resources[role].Properties.ManagedPolicyArns).toBeUndefined();
    const grants = new Map<string, string[]>();
    for (const statement of identityPolicies(template)
      .filter((source) => source.roles.includes(role))
      .flatMap((source) => source.statements)) {
      expect(statement.Effect).toBe("Allow");
      for (const action of asArray(statement.Action)) {
        grants.set(action, [...(grants.get(action) ?? []), ...asArray(statement.Resource).map(flat)].sort());
      }
    }
    const uploads = "arn:{AWS::Partition}:s3:::gongkai-test-uploads";
    expect(Object.fromEntries(grants)).toEqual({
      "s3:GetObject": [`${uploads}/originals/*`],
      "s3:PutObject": [`${uploads}/annotated/*`],
      "logs:CreateLogStream": [`{${logGroup}.Arn}`],
      "logs:PutLogEvents": [`{${logGroup}.Arn}`],
    });
  });

  it("alarms the operator on its first error", () => {
    const { template, id, topic } = build();
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((a) => a.Properties);
    expect(alarms).toEqual([
      expect.objectContaining({
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: id } }],
        Threshold: 1,
        AlarmActions: [{ Ref: topic }],
      }),
    ]);
  });

  it("acknowledges cdk-nag's wildcard findings for its two object prefixes, and nothing else", () => {
    const { annotate } = build();
    expect(nagFindings(annotate)).toEqual([]);
    expect(
      [
        ...new Set(nagFindings(annotate, { ignoreAcknowledgements: true }).map((finding) => finding.rule)),
      ].sort(),
    ).toEqual([
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-uploads/annotated/*]",
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-uploads/originals/*]",
    ]);
  });
});
