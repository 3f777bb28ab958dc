/**
 * Who may write and delete what the pipeline alone writes: a bucket-policy Deny for every principal of the
 * account but the pipeline's roles (by IAM path) and, where named, the upload writers' (operator, desk API) — whatever identity
 * policies elsewhere in the account allow. By `aws:PrincipalArn` patterns, not references: the pipeline's
 * roles live in the other stack, which this one must not reference.
 */
import { Aws } from "aws-cdk-lib";
import { AnyPrincipal, Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Bucket } from "aws-cdk-lib/aws-s3";
import { operatorRoleName, pipelineRolePath, uploadWriterRolePath } from "../config";

/** The object writes and deletes denied to everyone else. */
export const PIPELINE_WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"] as const;

const roleArn = (path: string, name = "*") =>
  `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role${path}${name}`;

export interface PipelineWritersProps {
  readonly stage: string;
  /** The object patterns (`v1/*`, `originals/*`) only the pipeline writes. */
  readonly objects: readonly string[];
  /**
   * Whether the roles under the upload-writer path may write too: the operator's (the season's commands
   * publish the feed) and the desk API's (a clerk's explanation of a warning is published at once).
   */
  readonly publishers: boolean;
  /**
   * Whether the operator role alone (by its path and name, not the whole upload-writer path: the desk
   * API's role is there too) may write: `gongkai import` keeps the originals of the history it imports.
   */
  readonly operator?: boolean;
}

/** Adds the Deny statement to `bucket`'s policy. */
export function admitOnlyPipelineWriters(bucket: Bucket, sid: string, props: PipelineWritersProps): void {
  const writers = [roleArn(pipelineRolePath(props.stage))];
  if (props.publishers) writers.push(roleArn(uploadWriterRolePath(props.stage)));
  else if (props.operator) {
    writers.push(roleArn(uploadWriterRolePath(props.stage), operatorRoleName(props.stage)));
  }
  bucket.addToResourcePolicy(
    new PolicyStatement({
      sid,
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: [...PIPELINE_WRITE_ACTIONS],
      resources: props.objects.map((pattern) => bucket.arnForObjects(pattern)),
      conditions: { ArnNotLike: { "aws:PrincipalArn": writers } },
    }),
  );
}
