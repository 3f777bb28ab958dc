/**
 * CloudFormation knows a deployed resource only by its logical id: a new id replaces the resource. For what
 * these stacks keep (buckets, table and user pool, retained; the named operator role and the SES identity, whose
 * replacement fails; the distribution, whose domain is the feed URL; the dead-letter queue's messages; the
 * alarm topic's confirmed subscription) that must never happen by accident, e.g. when code moves between
 * constructs. The ids below are the ones these resources were first deployed under.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type CfnResources, synth } from "./synth";

let stateful: CfnResources;
let pipeline: CfnResources;

beforeAll(() => {
  const synthesized = synth();
  stateful = synthesized.statefulTemplate.toJSON().Resources;
  pipeline = synthesized.pipelineTemplate.toJSON().Resources;
});

const typesOf = (resources: CfnResources, ids: readonly string[]) =>
  Object.fromEntries(ids.map((id) => [id, resources[id]?.Type]));

describe("logical ids", () => {
  it("the stateful stack's resources keep the logical ids they were first deployed under", () => {
    const expected = {
      AccessLogsBucket83982689: "AWS::S3::Bucket",
      UploadsBucket5E5E9B64: "AWS::S3::Bucket",
      FeedBucket0A59BD93: "AWS::S3::Bucket",
      TableCD117FA1: "AWS::DynamoDB::Table",
      SesConfigurationSet4DAFC9AF: "AWS::SES::ConfigurationSet",
      SesIdentity3ED17C37: "AWS::SES::EmailIdentity",
      FeedDistribution2C46398F: "AWS::CloudFront::Distribution",
      FeedDistributionOrigin1S3OriginAccessControl75EEA272: "AWS::CloudFront::OriginAccessControl",
      // New with the desk: the pool holds every clerk's sign-in (a new one would lose them all), and the
      // client id is what the page and the API's authorizer name.
      DeskUserPool7F81F5AB: "AWS::Cognito::UserPool",
      DeskUserPoolDeskClient04A06F99: "AWS::Cognito::UserPoolClient",
      OperatorRole6A7B6B68: "AWS::IAM::Role",
    };
    expect(typesOf(stateful, Object.keys(expected))).toEqual(expected);
  });

  it("the pipeline stack's queues, function and alarm topic keep the logical ids they were first deployed under", () => {
    const expected = {
      IngestDeadLetterQueue48D59084: "AWS::SQS::Queue",
      IngestQueue2280FF4E: "AWS::SQS::Queue",
      IngestFunction4B2F2EB2: "AWS::Lambda::Function",
      AlarmTopicD01E77F9: "AWS::SNS::Topic",
      AlarmTopicopsexamplegovcn497DF7D1: "AWS::SNS::Subscription",
      // The desk API's id is in its URL, which the page is configured with.
      DeskApiEEEB3CF1: "AWS::ApiGatewayV2::Api",
    };
    expect(typesOf(pipeline, Object.keys(expected))).toEqual(expected);
  });
});
