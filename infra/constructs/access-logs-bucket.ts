/**
 * The access-log bucket: S3 server access logs of the uploads and feed buckets, CloudFront standard logs of
 * the feed distribution, each kept for a configurable number of days.
 */
import { Duration } from "aws-cdk-lib";
import { Bucket, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { MAIN_RESOURCE } from "./main-resource";
import { ABORT_INCOMPLETE_UPLOADS, PRIVATE_BUCKET } from "./private-bucket";

export interface AccessLogsBucketProps {
  /** Days a log object is kept. */
  readonly expiryDays: number;
}

/** The log destination of the other buckets and of CloudFront. */
export class AccessLogsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps) {
    super(scope, id);
    // The log destination does not log itself (that would log every log delivery); cdk-nag's S1 accepts a
    // bucket that is a log destination.
    this.bucket = new Bucket(this, MAIN_RESOURCE, {
      // CloudFront standard logging delivers with an ACL grant, which needs ACLs enabled on the bucket;
      // BUCKET_OWNER_PREFERRED keeps ownership of delivered objects with this account.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [
        { id: "expire-access-logs", expiration: Duration.days(props.expiryDays) },
        ABORT_INCOMPLETE_UPLOADS,
      ],
      ...PRIVATE_BUCKET,
    });
  }
}
