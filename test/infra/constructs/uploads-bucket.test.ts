import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { admitOnlyPipelineWriters } from "../../../infra/constructs/pipeline-writers";
import { UploadsBucket } from "../../../infra/constructs/uploads-bucket";
import { asArray, type CfnJson, flat } from "../synth";
import { bareStack } from "./bare-stack";
import { ABORT_AFTER_A_WEEK, bucketPolicyStatements, expectPrivateBucket } from "./private-bucket";

function build() {
  const stack = bareStack();
  const accessLogs = new Bucket(stack, "Logs");
  const uploads = new UploadsBucket(stack, "UploadsBucket", {
    accessLogs,
    noncurrentVersionExpiryDays: 30,
    originalsExpiryDays: 3650,
  });
  uploads.admitOnlyUploadWriters("test");
  admitOnlyPipelineWriters(uploads.bucket, "OnlyThePipelineWritesOriginals", {
    stage: "test",
    objects: ["originals/*", "annotated/*"],
    publishers: false,
  });
  const template = Template.fromStack(stack);
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  return { template, id: idOf(uploads.bucket), logs: idOf(accessLogs) };
}

const putDenies = (template: Template, bucketId: string) =>
  bucketPolicyStatements(template, bucketId).filter(
    (statement) => statement.Effect === "Deny" && [statement.Action].flat().includes("s3:PutObject"),
  );

describe("UploadsBucket", () => {
  it("is encrypted, private, retained, and refuses requests without TLS 1.2", () => {
    const { template, id } = build();
    expectPrivateBucket(template, id);
  });

  it("is versioned, owner-enforced, and logs access into the given bucket under s3/uploads/", () => {
    const { template, id, logs } = build();
    const bucket = template.toJSON().Resources[id].Properties;
    expect(bucket.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
    expect(bucket.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logs },
      LogFilePrefix: "s3/uploads/",
    });
  });

  it("lets browsers read S3's answer to a presigned POST (CORS for POST only)", () => {
    const { template, id } = build();
    expect(template.toJSON().Resources[id].Properties.CorsConfiguration).toEqual({
      CorsRules: [{ AllowedMethods: ["POST"], AllowedOrigins: ["*"], AllowedHeaders: ["*"], MaxAge: 600 }],
    });
  });

  it("expires replaced versions under uploads/, and kept originals after the operator's number of days", () => {
    const { template, id } = build();
    const rules = template.toJSON().Resources[id].Properties.LifecycleConfiguration.Rules as CfnJson[];
    expect(rules).toEqual([
      {
        Id: "expire-replaced-uploads",
        Prefix: "uploads/",
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        ExpiredObjectDeleteMarker: true,
        Status: "Enabled",
      },
      {
        Id: "expire-kept-originals",
        Prefix: "originals/",
        ExpirationInDays: 3650,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        Status: "Enabled",
      },
      ABORT_AFTER_A_WEEK,
    ]);
  });

  it("denies PutObject under uploads/ to every principal but the roles under the stage's upload-writer path", () => {
    const { template, id } = build();
    const denies = putDenies(template, id).filter((deny) => deny.Sid === "OnlyUploadWriterRolesWriteUploads");
    expect(denies).toHaveLength(1);
    expect(denies[0]).toMatchObject({ Sid: "OnlyUploadWriterRolesWriteUploads", Principal: { AWS: "*" } });
    expect(flat(denies[0]!.Resource)).toBe(`{${id}.Arn}/uploads/*`);
    expect(flat(denies[0]!.Condition?.ArnNotLike?.["aws:PrincipalArn"])).toBe(
      "arn:{AWS::Partition}:iam::{AWS::AccountId}:role/gongkai/test/uploaders/*",
    );
  });

  it("denies writes and deletes of originals/ and annotated/ to every principal but the pipeline's roles", () => {
    const { template, id } = build();
    const [deny, ...more] = putDenies(template, id).filter((d) => d.Sid === "OnlyThePipelineWritesOriginals");
    expect(more).toEqual([]);
    expect(deny).toMatchObject({ Principal: { AWS: "*" } });
    expect(asArray(deny!.Action).sort()).toEqual([
      "s3:DeleteObject",
      "s3:DeleteObjectVersion",
      "s3:PutObject",
    ]);
    expect(asArray(deny!.Resource).map(flat).sort()).toEqual([
      `{${id}.Arn}/annotated/*`,
      `{${id}.Arn}/originals/*`,
    ]);
    expect(asArray(deny!.Condition?.ArnNotLike?.["aws:PrincipalArn"]).map(flat)).toEqual([
      "arn:{AWS::Partition}:iam::{AWS::AccountId}:role/gongkai/test/pipeline/*",
    ]);
  });
});
