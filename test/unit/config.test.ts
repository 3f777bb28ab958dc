import { describe, expect, it } from "vitest";
import { cliEnvironment, configFromEnv } from "../../functions/config";

/** The environment, read in one place: the ingest function's and the commands'. */

const INGEST = {
  GONGKAI_UPLOADS_BUCKET: "uploads",
  GONGKAI_FEED_BUCKET: "feed",
  GONGKAI_TABLE: "table",
  GONGKAI_MAIL_FROM: "gongkai@example.gov.cn",
  GONGKAI_OPERATOR_EMAIL: "operator@example.gov.cn",
  GONGKAI_FEED_BASE_URL: "https://feed.example.gov.cn",
};

describe("configFromEnv", () => {
  it("reads the ingest function's settings, and path-style S3 when an S3 endpoint is overridden", () => {
    const config = configFromEnv({ ...INGEST, AWS_ENDPOINT_URL_S3: "http://127.0.0.1:4568" });
    expect(config).toMatchObject({ table: "table", maxUploadBytes: 10 * 1024 * 1024 });
    expect(config.aws).toEqual({ s3PathStyle: true });
    expect(configFromEnv(INGEST).aws).toEqual({ s3PathStyle: false });
  });

  it("fails loudly naming a missing variable", () => {
    const { GONGKAI_TABLE: _missing, ...rest } = INGEST;
    expect(() => configFromEnv(rest)).toThrow(/GONGKAI_TABLE is required/);
  });
});

describe("cliEnvironment", () => {
  it("defaults to the local stack in .gongkai, without colour when NO_COLOR is set", () => {
    const env = cliEnvironment({ NO_COLOR: "1" });
    expect(env.home).toMatch(/\/\.gongkai$/);
    expect(env).toMatchObject({ table: null, uploadsBucket: null, queueUrl: null, dlqArn: null });
    expect(env.region).toBe("us-east-1");
    expect(env.colour).toBe(false);
  });

  it("reads the names of the AWS resources the commands act on", () => {
    const env = cliEnvironment({
      GONGKAI_HOME: "/tmp/state",
      GONGKAI_TABLE: "t",
      GONGKAI_UPLOADS_BUCKET: "b",
      GONGKAI_QUEUE_URL: "https://sqs.example/q",
      GONGKAI_DLQ_ARN: "arn:aws:sqs:ap-east-1:123456789012:dlq",
      AWS_REGION: "ap-east-1",
    });
    expect(env).toMatchObject({
      home: "/tmp/state",
      table: "t",
      uploadsBucket: "b",
      queueUrl: "https://sqs.example/q",
      dlqArn: "arn:aws:sqs:ap-east-1:123456789012:dlq",
      region: "ap-east-1",
      colour: true,
    });
  });

  it("tells doctor which of the SDK's own settings are set, without reading them for the SDK", () => {
    const env = cliEnvironment({
      GONGKAI_FEED_BUCKET: "feed",
      AWS_DEFAULT_REGION: "cn-north-1",
      AWS_PROFILE: "ops",
      AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:4567",
    });
    expect(env.feedBucket).toBe("feed");
    expect(env.awsSettings).toEqual({ region: "cn-north-1", profile: "ops", endpoint: true });
    expect(cliEnvironment({}).awsSettings).toEqual({ region: null, profile: null, endpoint: false });
  });
});
