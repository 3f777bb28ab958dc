import { Template } from "aws-cdk-lib/assertions";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { ImportOperatorGrants } from "../../../infra/constructs/import-operator-grants";
import { asArray, flat, identityPolicies } from "../synth";
import { bareStack, nagFindings, rules } from "./bare-stack";

function build() {
  const stack = bareStack();
  const role = new Role(stack, "Operator", { assumedBy: new ServicePrincipal("ec2.amazonaws.com") });
  const grants = new ImportOperatorGrants(stack, "ImportOperatorGrants", {
    role,
    uploads: Bucket.fromBucketName(stack, "Uploads", "gongkai-test-uploads"),
  });
  return { grants, template: Template.fromStack(stack) };
}

describe("ImportOperatorGrants", () => {
  it("lets `gongkai import` keep and read back originals and annotated copies, and nothing more", () => {
    const grants = identityPolicies(build().template)
      .flatMap((source) => source.statements)
      .flatMap((statement) =>
        asArray(statement.Action).map(
          (action) => `${action} ${asArray(statement.Resource).map(flat).join(",")}`,
        ),
      )
      .sort();
    const uploads = "arn:{AWS::Partition}:s3:::gongkai-test-uploads";
    expect(grants).toEqual([
      `s3:GetObject ${uploads}/annotated/*`,
      `s3:GetObject ${uploads}/originals/*`,
      `s3:PutObject ${uploads}/annotated/*`,
      `s3:PutObject ${uploads}/originals/*`,
    ]);
  });

  it("acknowledges cdk-nag's wildcard findings for its two prefixes, and nothing else", () => {
    const { grants } = build();
    expect(nagFindings(grants)).toEqual([]);
    expect(rules(nagFindings(grants, { ignoreAcknowledgements: true }))).toEqual([
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-uploads/annotated/*]",
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-uploads/originals/*]",
    ]);
  });
});
