import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { UserPool } from "aws-cdk-lib/aws-cognito";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { OperatorRole } from "../../../infra/constructs/operator-role";
import { flat } from "../synth";
import { bareStack, nagFindings } from "./bare-stack";

function build(principal = "account") {
  const stack = bareStack();
  const uploads = new Bucket(stack, "Uploads");
  const operator = new OperatorRole(stack, "OperatorRole", {
    stage: "test",
    principal,
    uploads,
    table: Table.fromTableName(stack, "Table", "gongkai-test"),
    userPool: UserPool.fromUserPoolId(stack, "Pool", "cn-north-1_abc"),
  });
  const template = Template.fromStack(stack);
  const id = stack.getLogicalId(operator.role.node.defaultChild as CfnElement);
  return { operator, role: template.toJSON().Resources[id] };
}

describe("OperatorRole", () => {
  it("is named by stage under the upload-writer path, and trusts the principal it is given", () => {
    const { role } = build("arn:aws:iam::210987654321:role/ops");
    expect(role.Properties).toMatchObject({
      RoleName: "gongkai-test-operator",
      Path: "/gongkai/test/uploaders/",
    });
    expect(flat(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal.AWS)).toBe(
      "arn:aws:iam::210987654321:role/ops",
    );
  });

  it("acknowledges only the wildcard of the bulk path under uploads/", () => {
    const { operator } = build();
    expect(nagFindings(operator)).toEqual([]);
    expect(nagFindings(operator, { ignoreAcknowledgements: true }).map((finding) => finding.rule)).toEqual([
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<Uploads.*\.Arn>\/uploads\/\*\]$/),
    ]);
  });
});
