import type { S3Client } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import type { PresignedPost, UploadSigner } from "../api/ports";

/**
 * Presigned S3 POSTs for the browser, signed with the function's own credentials: the policy pins the
 * bucket, the exact key and a content-length range, and expires. S3 refuses a form that breaks any of
 * them, so a clerk can put exactly one file at exactly the key the desk issued — nothing else.
 */
export class S3UploadSigner implements UploadSigner {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async presignPost(key: string, maxBytes: number, expiresInSeconds: number): Promise<PresignedPost> {
    const { url, fields } = await createPresignedPost(this.client, {
      Bucket: this.bucket,
      Key: key,
      Conditions: [["content-length-range", 1, maxBytes]],
      Expires: expiresInSeconds,
    });
    // The policy's own expiry, exactly as S3 will enforce it.
    const policy = JSON.parse(Buffer.from(fields.Policy ?? "", "base64").toString("utf8")) as {
      expiration: string;
    };
    return { url, fields, expiresAt: policy.expiration };
  }
}
