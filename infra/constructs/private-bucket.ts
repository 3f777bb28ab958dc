/**
 * What every gongkai bucket is, whatever it holds: encrypted with S3-managed keys, reachable only over TLS 1.2
 * or newer, never public, retained when its stack is deleted.
 *
 * SSE-S3 rather than a customer-managed key: S3 server access logs can only be delivered to an SSE-S3 bucket;
 * CloudFront OAC reads SSE-S3 objects without a key policy; departments' `aws s3 cp` needs no KMS permissions;
 * and the content is public by law (政府信息公开), so a customer-managed key would add cost and failure modes
 * without protecting anything a bucket policy does not already protect.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import {
  BlockPublicAccess,
  BucketEncryption,
  type BucketProps,
  type LifecycleRule,
} from "aws-cdk-lib/aws-s3";

/** Bucket properties shared by all buckets; spread last, so a bucket's own properties cannot weaken them. */
export const PRIVATE_BUCKET = {
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  removalPolicy: RemovalPolicy.RETAIN,
} as const satisfies BucketProps;

/** Every bucket drops the parts of multipart uploads that were never completed. */
export const ABORT_INCOMPLETE_UPLOADS: LifecycleRule = {
  id: "abort-incomplete-multipart-uploads",
  abortIncompleteMultipartUploadAfter: Duration.days(7),
};
