/**
 * The feed bucket: the JSON feed (`v1/…`) the ingest function writes and the feed distribution serves.
 * Versioned, so a bad rewrite of a feed document can be rolled back; replaced versions expire.
 */
import { Duration } from "aws-cdk-lib";
import { Bucket, type IBucket, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { MAIN_RESOURCE } from "./main-resource";
import { ABORT_INCOMPLETE_UPLOADS, PRIVATE_BUCKET } from "./private-bucket";

export interface FeedBucketProps {
  /** Receives this bucket's S3 server access logs (under `s3/feed/`). */
  readonly accessLogs: IBucket;
  /** Days a replaced version of a feed document is kept. */
  readonly noncurrentVersionExpiryDays: number;
}

/** The bucket the feed is written to; private, read only through the feed distribution. */
export class FeedBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: FeedBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, MAIN_RESOURCE, {
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: "s3/feed/",
      lifecycleRules: [
        {
          id: "expire-replaced-feed-documents",
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionExpiryDays),
          expiredObjectDeleteMarker: true,
        },
        ABORT_INCOMPLETE_UPLOADS,
      ],
      ...PRIVATE_BUCKET,
    });
  }
}
