/**
 * Who may write and delete the feed and the kept originals: only the pipeline's roles (and, for the feed,
 * the operator role), by the bucket policies of the stateful stack, matching the roles of the pipeline
 * stack by path; and how long originals are kept.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bucketPolicyStatements } from "./constructs/private-bucket";
import {
  asArray,
  type CfnJson,
  flat,
  identityPolicies,
  logicalId,
  type Synthesized,
  synth,
  TEST_CONTEXT,
} from "./synth";

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synth();
});

const PIPELINE_ROLES = "arn:{AWS::Partition}:iam::{AWS::AccountId}:role/gongkai/test/pipeline/*";
/** The operator's role and the desk API's, both of which publish to the feed. */
const UPLOAD_WRITER_ROLES = "arn:{AWS::Partition}:iam::{AWS::AccountId}:role/gongkai/test/uploaders/*";
/** The operator's role alone, by path and name. */
const OPERATOR_ROLE =
  "arn:{AWS::Partition}:iam::{AWS::AccountId}:role/gongkai/test/uploaders/gongkai-test-operator";

function denyOf(bucketPrefix: string, sid: string): CfnJson {
  const { statefulTemplate } = synthesized;
  const bucket = logicalId(statefulTemplate, "AWS::S3::Bucket", bucketPrefix);
  const statements = bucketPolicyStatements(statefulTemplate, bucket).filter((s) => s.Sid === sid);
  expect(statements).toHaveLength(1);
  return { bucket, deny: statements[0] };
}

describe("writers of what the pipeline alone writes", () => {
  it("denies writes and deletes of every feed document to all but the pipeline's roles and the publishing upload writers (operator, desk API)", () => {
    const { bucket, deny } = denyOf("FeedBucket", "OnlyThePipelineWritesTheFeed");
    expect(deny).toMatchObject({ Effect: "Deny", Principal: { AWS: "*" } });
    expect(asArray(deny.Action).sort()).toEqual([
      "s3:DeleteObject",
      "s3:DeleteObjectVersion",
      "s3:PutObject",
    ]);
    expect(asArray(deny.Resource).map(flat).sort()).toEqual([`{${bucket}.Arn}/*`]);
    expect(asArray(deny.Condition.ArnNotLike["aws:PrincipalArn"]).map(flat)).toEqual([
      PIPELINE_ROLES,
      UPLOAD_WRITER_ROLES,
    ]);
  });

  it("denies writes and deletes of originals/ and annotated/ to all but the pipeline's roles and the operator's (gongkai import), not the desk API's", () => {
    const { bucket, deny } = denyOf("UploadsBucket", "OnlyThePipelineWritesOriginals");
    expect(asArray(deny.Resource).map(flat).sort()).toEqual([
      `{${bucket}.Arn}/annotated/*`,
      `{${bucket}.Arn}/originals/*`,
    ]);
    expect(asArray(deny.Condition.ArnNotLike["aws:PrincipalArn"]).map(flat)).toEqual([
      PIPELINE_ROLES,
      OPERATOR_ROLE,
    ]);
  });

  it("lets the operator role keep what `gongkai import` writes: originals and annotated copies, put and read back", () => {
    const { statefulTemplate } = synthesized;
    const operator = logicalId(statefulTemplate, "AWS::IAM::Role", "OperatorRole");
    const bucket = logicalId(statefulTemplate, "AWS::S3::Bucket", "UploadsBucket");
    const grants = identityPolicies(statefulTemplate)
      .filter((source) => source.roles.includes(operator))
      .flatMap((source) => source.statements)
      .filter((statement) =>
        asArray(statement.Resource).some((r: CfnJson) => /originals|annotated/.test(flat(r))),
      )
      .flatMap((statement) =>
        asArray(statement.Action).map(
          (action) => `${action} ${asArray(statement.Resource).map(flat).join(",")}`,
        ),
      )
      .sort();
    expect(grants).toEqual([
      `s3:GetObject {${bucket}.Arn}/annotated/*`,
      `s3:GetObject {${bucket}.Arn}/originals/*`,
      `s3:PutObject {${bucket}.Arn}/annotated/*`,
      `s3:PutObject {${bucket}.Arn}/originals/*`,
    ]);
  });

  it("puts the ingest function's role under the pipeline's path, and the operator role where its ARN says", () => {
    const { pipelineTemplate, statefulTemplate } = synthesized;
    const ingestRole =
      pipelineTemplate.toJSON().Resources[
        logicalId(pipelineTemplate, "AWS::IAM::Role", "IngestFunctionRole")
      ];
    expect(ingestRole.Properties.Path).toBe("/gongkai/test/pipeline/");
    const operator =
      statefulTemplate.toJSON().Resources[logicalId(statefulTemplate, "AWS::IAM::Role", "OperatorRole")];
    expect(operator.Properties).toMatchObject({
      Path: "/gongkai/test/uploaders/",
      RoleName: "gongkai-test-operator",
    });
    // The desk API publishes a clerk's explanation: its role must be one the feed's deny admits.
    const desk =
      pipelineTemplate.toJSON().Resources[logicalId(pipelineTemplate, "AWS::IAM::Role", "DeskApiRole")];
    expect(desk.Properties.Path).toBe("/gongkai/test/uploaders/");
  });
});

describe("originals/", () => {
  const expiry = (s: Synthesized) => {
    const bucket = logicalId(s.statefulTemplate, "AWS::S3::Bucket", "UploadsBucket");
    const rules = s.statefulTemplate.toJSON().Resources[bucket].Properties.LifecycleConfiguration
      .Rules as CfnJson[];
    return rules.find((rule) => rule.Prefix === "originals/");
  };

  it("expires kept originals after ten years by default", () => {
    expect(expiry(synthesized)).toMatchObject({ ExpirationInDays: 3650, Status: "Enabled" });
  });

  it("expires them after the operator's -c originalsExpiryDays", () => {
    expect(expiry(synth({ ...TEST_CONTEXT, originalsExpiryDays: "1825" }))).toMatchObject({
      ExpirationInDays: 1825,
    });
  });
});
