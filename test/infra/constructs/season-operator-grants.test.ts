import { Template } from "aws-cdk-lib/assertions";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { ConfigurationSet, EmailIdentity } from "aws-cdk-lib/aws-ses";
import { describe, expect, it } from "vitest";
import { SeasonOperatorGrants } from "../../../infra/constructs/season-operator-grants";
import { asArray, flat, identityPolicies } from "../synth";
import { bareStack, nagFindings, rules } from "./bare-stack";

function build() {
  const stack = bareStack();
  const role = new Role(stack, "Operator", { assumedBy: new ServicePrincipal("ec2.amazonaws.com") });
  const grants = new SeasonOperatorGrants(stack, "SeasonOperatorGrants", {
    role,
    table: Table.fromTableName(stack, "Table", "gongkai-test-reports"),
    feed: Bucket.fromBucketName(stack, "Feed", "gongkai-test-feed"),
    mail: {
      identity: EmailIdentity.fromEmailIdentityName(stack, "Identity", "reports.example.gov.cn"),
      configurationSet: ConfigurationSet.fromConfigurationSetName(stack, "Set", "gongkai-test-mail"),
    },
  });
  return { grants, template: Template.fromStack(stack) };
}

describe("SeasonOperatorGrants", () => {
  it("lets the operator's season commands query the roster, count, write the feed and send reminders, nothing more", () => {
    const { template } = build();
    const grants = identityPolicies(template)
      .flatMap((source) => source.statements)
      .flatMap((statement) =>
        asArray(statement.Action).map(
          (action) => `${action} ${asArray(statement.Resource).map(flat).join(",")}`,
        ),
      )
      .sort();
    const table = "arn:{AWS::Partition}:dynamodb:{AWS::Region}:{AWS::AccountId}:table/gongkai-test-reports";
    const ses = "arn:{AWS::Partition}:ses:{AWS::Region}:{AWS::AccountId}";
    expect(grants).toEqual(
      [
        `dynamodb:BatchGetItem ${table}`,
        `dynamodb:DeleteItem ${table}`,
        `dynamodb:Query ${table}/index/roster`,
        "s3:DeleteObject arn:{AWS::Partition}:s3:::gongkai-test-feed/v1/reports/*",
        "s3:PutObject arn:{AWS::Partition}:s3:::gongkai-test-feed/v1/*",
        `ses:SendEmail ${ses}:configuration-set/gongkai-test-mail,${ses}:identity/reports.example.gov.cn`,
      ].sort(),
    );
  });

  it("acknowledges cdk-nag's wildcard findings for its two feed prefixes, and nothing else", () => {
    const { grants } = build();
    expect(nagFindings(grants)).toEqual([]);
    expect(rules(nagFindings(grants, { ignoreAcknowledgements: true }))).toEqual([
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-feed/v1/*]",
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-feed/v1/reports/*]",
    ]);
  });
});
