/**
 * The uploads bucket: `uploads/{department}/{year}/…` written by clerks' browsers (presigned POSTs the desk
 * API signs) and the operator's bulk path, `originals/{sha256}` written by the ingest function. Versioned; a replaced upload's previous version expires after a configurable number of
 * days, the kept originals after another (ten years by default).
 */
import { Aws, Duration } from "aws-cdk-lib";
import { AnyPrincipal, Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Bucket, HttpMethods, type IBucket, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { OBJECT_PREFIX } from "../../functions/storage-layout";
import { uploadWriterRolePath } from "../config";
import { MAIN_RESOURCE } from "./main-resource";
import { ABORT_INCOMPLETE_UPLOADS, PRIVATE_BUCKET } from "./private-bucket";

/** Where departments upload (to be taken from the shared storage layout once it exists). */
const UPLOADS_PREFIX = OBJECT_PREFIX.uploads;

export interface UploadsBucketProps {
  /** Receives this bucket's S3 server access logs (under `s3/uploads/`). */
  readonly accessLogs: IBucket;
  /** Days a replaced version of an upload is kept. */
  readonly noncurrentVersionExpiryDays: number;
  /** Days a kept original (`originals/…`, oversize copies included) is kept after it was written. */
  readonly originalsExpiryDays: number;
}

/** The bucket departments upload their workbooks to. */
export class UploadsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: UploadsBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, MAIN_RESOURCE, {
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: "s3/uploads/",
      lifecycleRules: [
        {
          // A department overwriting uploads/{dept}/{year}/report.xlsx keeps the previous version for
          // noncurrentVersionExpiryDays. Only under uploads/: originals have a rule of their own.
          id: "expire-replaced-uploads",
          prefix: UPLOADS_PREFIX,
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionExpiryDays),
          expiredObjectDeleteMarker: true,
        },
        {
          // The bytes each outcome was decided on, kept for originalsExpiryDays (the operator's setting);
          // what remains after expiring is a delete marker, and nothing of the bytes.
          id: "expire-kept-originals",
          prefix: OBJECT_PREFIX.originals,
          expiration: Duration.days(props.originalsExpiryDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
        ABORT_INCOMPLETE_UPLOADS,
      ],
      // The desk's page posts the workbook straight here with a presigned POST. CORS only lets the browser
      // read S3's answer; what may be posted is the signed policy's (exact key, size, expiry) alone.
      cors: [
        { allowedMethods: [HttpMethods.POST], allowedOrigins: ["*"], allowedHeaders: ["*"], maxAge: 600 },
      ],
      ...PRIVATE_BUCKET,
    });
  }

  /**
   * Denies `s3:PutObject` under `uploads/` to every principal but the roles under the stage's upload-writer
   * path (`/gongkai/{stage}/uploaders/`: the desk API's function, whose credentials sign the browsers'
   * POSTs, and the operator role), whatever other policies in the account allow. A path rather than ARNs:
   * the desk API's role lives in the pipeline stack, which this stack must not reference.
   */
  admitOnlyUploadWriters(stage: string): void {
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: "OnlyUploadWriterRolesWriteUploads",
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ["s3:PutObject"],
        resources: [this.bucket.arnForObjects(`${UPLOADS_PREFIX}*`)],
        conditions: {
          ArnNotLike: {
            "aws:PrincipalArn": `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role${uploadWriterRolePath(stage)}*`,
          },
        },
      }),
    );
  }
}
