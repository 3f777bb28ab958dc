import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { AccessLogsBucket } from "../../../infra/constructs/access-logs-bucket";
import { bareStack, nagFindings } from "./bare-stack";
import { ABORT_AFTER_A_WEEK, expectPrivateBucket } from "./private-bucket";

function build() {
  const stack = bareStack();
  const logs = new AccessLogsBucket(stack, "AccessLogsBucket", { expiryDays: 400 });
  const id = stack.getLogicalId(logs.bucket.node.defaultChild as CfnElement);
  return { stack, logs, id, template: Template.fromStack(stack) };
}

describe("AccessLogsBucket", () => {
  it("is encrypted, private, retained, and refuses requests without TLS 1.2", () => {
    const { template, id } = build();
    expectPrivateBucket(template, id);
  });

  it("expires log objects after the given days and drops incomplete multipart uploads after a week", () => {
    const { template, id } = build();
    expect(template.toJSON().Resources[id].Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: "expire-access-logs", ExpirationInDays: 400, Status: "Enabled" },
      ABORT_AFTER_A_WEEK,
    ]);
  });

  it("keeps ACLs enabled with the bucket owner preferred, so CloudFront can deliver its logs", () => {
    const { template, id } = build();
    expect(template.toJSON().Resources[id].Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: "BucketOwnerPreferred" }],
    });
  });

  it("does not log itself, which cdk-nag accepts of the destination of other buckets' logs", () => {
    const { stack, template, id, logs } = build();
    expect(template.toJSON().Resources[id].Properties.LoggingConfiguration).toBeUndefined();
    new Bucket(stack, "Logged", { serverAccessLogsBucket: logs.bucket });
    expect(nagFindings(logs)).toEqual([]);
  });
});
