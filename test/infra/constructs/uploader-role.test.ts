import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { UploaderRole } from "../../../infra/constructs/uploader-role";
import { asArray, flat, identityPolicies } from "../synth";
import { bareStack, nagFindings } from "./bare-stack";

function build(principal = "account", departmentId = "public-security") {
  const stack = bareStack();
  const uploads = new Bucket(stack, "Uploads");
  const uploader = new UploaderRole(stack, `UploaderRole-${departmentId}`, {
    stage: "test",
    departmentId,
    principal,
    uploads,
  });
  const template = Template.fromStack(stack);
  const id = stack.getLogicalId(uploader.role.node.defaultChild as CfnElement);
  const bucket = stack.getLogicalId(uploads.node.defaultChild as CfnElement);
  return { uploader, template, id, bucket, role: template.toJSON().Resources[id] };
}

describe("UploaderRole", () => {
  it("is named and pathed by stage and department, tagged with its department, with one-hour sessions", () => {
    const { role } = build();
    expect(role.Properties).toMatchObject({
      RoleName: "gongkai-test-upload-public-security",
      Path: "/gongkai/test/uploaders/",
      MaxSessionDuration: 3600,
    });
    expect(role.Properties.Tags).toContainEqual({ Key: "GongkaiDepartment", Value: "public-security" });
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it("may only put objects, and abort multipart uploads, under uploads/{department}/", () => {
    const { template, id, bucket } = build();
    const statements = identityPolicies(template)
      .filter((policy) => policy.roles.includes(id))
      .flatMap((policy) => policy.statements);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Effect).toBe("Allow");
    expect(asArray(statements[0]!.Action).sort()).toEqual(["s3:AbortMultipartUpload", "s3:PutObject"]);
    expect(asArray(statements[0]!.Resource).map(flat)).toEqual([`{${bucket}.Arn}/uploads/public-security/*`]);
  });

  it("is assumable by this account, another account, or one IAM role, as its principal says", () => {
    const trust = (principal: string) =>
      build(principal).role.Properties.AssumeRolePolicyDocument.Statement.map(
        (statement: { Action: string; Principal: { AWS: unknown } }) => [
          statement.Action,
          flat(statement.Principal.AWS),
        ],
      );
    expect(trust("account")).toEqual([["sts:AssumeRole", "arn:{AWS::Partition}:iam::{AWS::AccountId}:root"]]);
    expect(trust("210987654321")).toEqual([
      ["sts:AssumeRole", "arn:{AWS::Partition}:iam::210987654321:root"],
    ]);
    expect(trust("arn:aws:iam::210987654321:role/psb-uploader")).toEqual([
      ["sts:AssumeRole", "arn:aws:iam::210987654321:role/psb-uploader"],
    ]);
  });

  it("acknowledges cdk-nag's wildcard finding for its own prefix, and that finding only", () => {
    const { uploader, bucket } = build();
    expect(nagFindings(uploader)).toEqual([]);
    expect(nagFindings(uploader, { ignoreAcknowledgements: true }).map((finding) => finding.rule)).toEqual([
      `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/uploads/public-security/*]`,
    ]);
  });
});
