/** What every bucket of ours must be, asserted on a synthesized template (used by the bucket tests). */
import type { Template } from "aws-cdk-lib/assertions";
import { expect } from "vitest";
import { asArray, flat, type Statement } from "../synth";

/** The policy statements of the bucket with logical id `bucketId` (it has exactly one policy). */
export function bucketPolicyStatements(template: Template, bucketId: string): Statement[] {
  const policies = Object.values(template.findResources("AWS::S3::BucketPolicy")).filter(
    (policy) => policy.Properties.Bucket.Ref === bucketId,
  );
  expect(policies).toHaveLength(1);
  return asArray(policies[0]!.Properties.PolicyDocument.Statement);
}

/** SSE-S3, all public access blocked, no website, retained, and every non-TLS or pre-TLS-1.2 request denied. */
export function expectPrivateBucket(template: Template, bucketId: string): void {
  const bucket = template.toJSON().Resources[bucketId];
  expect(bucket.Type).toBe("AWS::S3::Bucket");
  expect(bucket.DeletionPolicy).toBe("Retain");
  expect(bucket.UpdateReplacePolicy).toBe("Retain");
  expect(bucket.Properties.BucketEncryption).toEqual({
    ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
  });
  expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  });
  expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();

  const statements = bucketPolicyStatements(template, bucketId);
  const everything = [`{${bucketId}.Arn}`, `{${bucketId}.Arn}/*`];
  const tls = statements.find(
    (statement) =>
      statement.Effect === "Deny" && statement.Condition?.Bool?.["aws:SecureTransport"] === "false",
  );
  expect(tls).toMatchObject({ Action: "s3:*", Principal: { AWS: "*" } });
  expect(asArray(tls!.Resource).map(flat).sort()).toEqual(everything);
  const oldTls = statements.find(
    (statement) =>
      statement.Effect === "Deny" && statement.Condition?.NumericLessThan?.["s3:TlsVersion"] === 1.2,
  );
  expect(oldTls).toMatchObject({ Action: "s3:*", Principal: { AWS: "*" } });
  expect(asArray(oldTls!.Resource).map(flat).sort()).toEqual(everything);
}

/** The lifecycle rule that drops incomplete multipart uploads after a week. */
export const ABORT_AFTER_A_WEEK = {
  Id: "abort-incomplete-multipart-uploads",
  AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
  Status: "Enabled",
};
