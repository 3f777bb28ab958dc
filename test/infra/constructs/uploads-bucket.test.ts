import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AccountRootPrincipal, Role } from "aws-cdk-lib/aws-iam";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { UploadsBucket } from "../../../infra/constructs/uploads-bucket";
import { asArray, type CfnJson, flat } from "../synth";
import { bareStack } from "./bare-stack";
import { ABORT_AFTER_A_WEEK, bucketPolicyStatements, expectPrivateBucket } from "./private-bucket";

function build(uploaderCount = 2) {
  const stack = bareStack();
  const accessLogs = new Bucket(stack, "Logs");
  const uploads = new UploadsBucket(stack, "UploadsBucket", { accessLogs, noncurrentVersionExpiryDays: 30 });
  const uploaders = Array.from(
    { length: uploaderCount },
    (_, index) => new Role(stack, `Uploader${index}`, { assumedBy: new AccountRootPrincipal() }),
  );
  uploads.admitOnlyUploaders(uploaders);
  const template = Template.fromStack(stack);
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  return { template, id: idOf(uploads.bucket), logs: idOf(accessLogs), uploaders: uploaders.map(idOf) };
}

const putDenies = (template: Template, bucketId: string) =>
  bucketPolicyStatements(template, bucketId).filter(
    (statement) => statement.Effect === "Deny" && statement.Action === "s3:PutObject",
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

  it("expires replaced versions under uploads/ only, so originals/ never expire", () => {
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
      ABORT_AFTER_A_WEEK,
    ]);
  });

  it("denies PutObject under uploads/ to every principal but the admitted uploaders", () => {
    const { template, id, uploaders } = build();
    const denies = putDenies(template, id);
    expect(denies).toHaveLength(1);
    expect(denies[0]).toMatchObject({
      Sid: "OnlyDepartmentUploaderRolesWriteUploads",
      Principal: { AWS: "*" },
    });
    expect(flat(denies[0]!.Resource)).toBe(`{${id}.Arn}/uploads/*`);
    expect(asArray(denies[0]!.Condition?.ArnNotEquals?.["aws:PrincipalArn"]).map(flat).sort()).toEqual(
      uploaders.map((role) => `{${role}.Arn}`).sort(),
    );
  });

  it("denies PutObject under uploads/ to everyone when no uploader is admitted", () => {
    const { template, id } = build(0);
    const denies = putDenies(template, id);
    expect(denies).toHaveLength(1);
    expect(denies[0]!.Condition).toBeUndefined();
    expect(flat(denies[0]!.Resource)).toBe(`{${id}.Arn}/uploads/*`);
  });
});
