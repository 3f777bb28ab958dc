import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { FeedBucket } from "../../../infra/constructs/feed-bucket";
import { bareStack } from "./bare-stack";
import { ABORT_AFTER_A_WEEK, bucketPolicyStatements, expectPrivateBucket } from "./private-bucket";

function build() {
  const stack = bareStack();
  const accessLogs = new Bucket(stack, "Logs");
  const feed = new FeedBucket(stack, "FeedBucket", { accessLogs, noncurrentVersionExpiryDays: 45 });
  const id = stack.getLogicalId(feed.bucket.node.defaultChild as CfnElement);
  const logs = stack.getLogicalId(accessLogs.node.defaultChild as CfnElement);
  return { template: Template.fromStack(stack), id, logs };
}

describe("FeedBucket", () => {
  it("is encrypted, private, retained, and refuses requests without TLS 1.2", () => {
    const { template, id } = build();
    expectPrivateBucket(template, id);
  });

  it("is versioned, owner-enforced, and logs access into the given bucket under s3/feed/", () => {
    const { template, id, logs } = build();
    const bucket = template.toJSON().Resources[id].Properties;
    expect(bucket.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
    expect(bucket.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logs },
      LogFilePrefix: "s3/feed/",
    });
  });

  it("expires replaced feed documents after the given days", () => {
    const { template, id } = build();
    expect(template.toJSON().Resources[id].Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: "expire-replaced-feed-documents",
        NoncurrentVersionExpiration: { NoncurrentDays: 45 },
        ExpiredObjectDeleteMarker: true,
        Status: "Enabled",
      },
      ABORT_AFTER_A_WEEK,
    ]);
  });

  it("allows nobody anything by its own policy (read access comes from the feed distribution)", () => {
    const { template, id } = build();
    expect(bucketPolicyStatements(template, id).filter((s) => s.Effect === "Allow")).toEqual([]);
  });
});
