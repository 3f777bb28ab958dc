import { type CfnElement, Fn } from "aws-cdk-lib";
import { AccountRootPrincipal, PolicyStatement, Role } from "aws-cdk-lib/aws-iam";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { acknowledgeObjectWildcard } from "../../../infra/constructs/wildcard-acknowledgement";
import { bareStack, nagFindings } from "./bare-stack";

const REASON =
  "A reason long enough for the nag tests: the keys under this prefix are only known at run time.";

function roleWritingTo(objects: (stack: ReturnType<typeof bareStack>) => string) {
  const stack = bareStack();
  const role = new Role(stack, "Writer", { assumedBy: new AccountRootPrincipal() });
  const arn = objects(stack);
  role.addToPrincipalPolicy(new PolicyStatement({ actions: ["s3:PutObject"], resources: [arn] }));
  return { stack, role, arn };
}

describe("acknowledgeObjectWildcard", () => {
  it("acknowledges the finding for an object prefix of a bucket in the same stack, named as cdk-nag names it", () => {
    let bucketId = "";
    const { role, arn } = roleWritingTo((stack) => {
      const bucket = new Bucket(stack, "Bucket");
      bucketId = stack.getLogicalId(bucket.node.defaultChild as CfnElement);
      return bucket.arnForObjects("prefix/*");
    });
    expect(nagFindings(role, { ignoreAcknowledgements: true }).map((finding) => finding.rule)).toEqual([
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/prefix/*]`,
    ]);
    acknowledgeObjectWildcard(role, arn, REASON);
    expect(nagFindings(role)).toEqual([]);
  });

  it("acknowledges the finding for a bucket imported from another stack's export, named by the export", () => {
    const { role, arn } = roleWritingTo((stack) =>
      Bucket.fromBucketName(
        stack,
        "Imported",
        Fn.importValue("gongkai-test-UploadsBucketName"),
      ).arnForObjects("uploads/*"),
    );
    acknowledgeObjectWildcard(role, arn, REASON);
    expect(nagFindings(role)).toEqual([]);
    expect(nagFindings(role, { ignoreAcknowledgements: true }).map((finding) => finding.rule)).toEqual([
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-UploadsBucketName/uploads/*]",
    ]);
  });

  it("refuses a value it cannot name as cdk-nag does, rather than acknowledge the wrong finding", () => {
    const { role } = roleWritingTo(() => "unused");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own syntax, not a template literal
    const substituted = Fn.sub("arn:aws:s3:::${AWS::AccountId}/*");
    expect(() => acknowledgeObjectWildcard(role, substituted, REASON)).toThrow(/no cdk-nag name/);
  });
});
