import { Template } from "aws-cdk-lib/assertions";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { AlarmTopic } from "../../../infra/constructs/alarm-topic";
import { DeskApi } from "../../../infra/constructs/desk-api";
import { bareStack, nagFindings } from "./bare-stack";

function build() {
  const stack = bareStack();
  const alarms = new AlarmTopic(stack, "AlarmTopic", { stage: "test", operatorEmail: "ops@example.gov.cn" });
  const desk = new DeskApi(stack, "DeskApi", {
    stage: "test",
    uploads: Bucket.fromBucketName(stack, "Uploads", "gongkai-test-uploads"),
    feed: Bucket.fromBucketName(stack, "Feed", "gongkai-test-feed"),
    table: Table.fromTableName(stack, "Table", "gongkai-test"),
    tokens: { issuer: "https://cognito-idp.cn-north-1.amazonaws.com/cn-north-1_abc", clientId: "client123" },
    feedBaseUrl: "https://feed.example.gov.cn",
    maxUploadBytes: 1024,
    logRetentionDays: RetentionDays.THREE_MONTHS,
    alarms,
  });
  return { desk, template: Template.fromStack(stack) };
}

describe("DeskApi", () => {
  it("puts every route behind the JWT authorizer of the given issuer and client", () => {
    const { template } = build();
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Issuer: "https://cognito-idp.cn-north-1.amazonaws.com/cn-north-1_abc",
        Audience: ["client123"],
      },
    });
    const routes = Object.values(template.findResources("AWS::ApiGatewayV2::Route"));
    expect(routes).toHaveLength(7);
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe("JWT");
  });

  it("answers CORS preflights for bearer-token calls from any origin", () => {
    const { template } = build();
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: {
        AllowOrigins: ["*"],
        AllowHeaders: ["authorization", "content-type"],
        ExposeHeaders: ["content-disposition"],
      },
    });
  });

  it("acknowledges only the wildcards of the uploads/ keys whose POSTs it signs, the annotated/ copies it reads and the feed it publishes", () => {
    const { desk } = build();
    expect(nagFindings(desk)).toEqual([]);
    expect(
      nagFindings(desk, { ignoreAcknowledgements: true })
        .map((finding) => finding.rule)
        .sort(),
    ).toEqual([
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-feed/v1/*]",
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-feed/v1/reports/*]",
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-uploads/annotated/*]",
      "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::gongkai-test-uploads/uploads/*]",
    ]);
  });
});
