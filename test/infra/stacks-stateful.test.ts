/**
 * The stateful stack's template, asserted resource by resource: what must hold for the data to be safe
 * (encryption, TLS, versioning, retention, PITR, uploads written only by the upload-writer roles) and how
 * the feed is served.
 */
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import {
  asArray,
  bucketIds,
  bucketPolicyStatements,
  type CfnJson,
  type CfnResources,
  flat,
  logicalId,
  synth,
  TEST_CONTEXT,
} from "./synth";

let stateful: Template;
let statefulResources: CfnResources;

beforeAll(() => {
  stateful = synth().statefulTemplate;
  statefulResources = stateful.toJSON().Resources;
});

describe("stateful stack: buckets", () => {
  it("has exactly three buckets, all encrypted, private, retained", () => {
    const buckets = stateful.findResources("AWS::S3::Bucket");
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.DeletionPolicy, id).toBe("Retain");
      expect(bucket.UpdateReplacePolicy, id).toBe("Retain");
      expect(bucket.Properties.BucketEncryption, id).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      });
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.WebsiteConfiguration, id).toBeUndefined();
    }
  });

  it("denies every request without TLS (aws:SecureTransport) and below TLS 1.2, on bucket and objects", () => {
    for (const bucketId of Object.values(bucketIds(stateful))) {
      const statements = bucketPolicyStatements(stateful, bucketId);
      const tls = statements.find(
        (statement) =>
          statement.Effect === "Deny" && statement.Condition?.Bool?.["aws:SecureTransport"] === "false",
      );
      expect(tls, bucketId).toBeDefined();
      expect(tls!.Action).toBe("s3:*");
      expect(tls!.Principal).toEqual({ AWS: "*" });
      expect(asArray(tls!.Resource).map(flat).sort()).toEqual([`{${bucketId}.Arn}`, `{${bucketId}.Arn}/*`]);
      const version = statements.find(
        (statement) =>
          statement.Effect === "Deny" && statement.Condition?.NumericLessThan?.["s3:TlsVersion"] === 1.2,
      );
      expect(version, bucketId).toBeDefined();
    }
  });

  it("logs access to the uploads and feed buckets into the access-log bucket", () => {
    const { uploads, feed, logs } = bucketIds(stateful);
    for (const [id, prefix] of [
      [uploads, "s3/uploads/"],
      [feed, "s3/feed/"],
    ] as const) {
      expect(statefulResources[id]!.Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logs },
        LogFilePrefix: prefix,
      });
    }
    // The log bucket expires what it holds.
    expect(statefulResources[logs]!.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ ExpirationInDays: 365, Status: "Enabled" }),
    );
  });

  it("versions the uploads bucket; replaced uploads and kept originals each expire after their days", () => {
    const uploads = statefulResources[bucketIds(stateful).uploads]!.Properties;
    expect(uploads.VersioningConfiguration).toEqual({ Status: "Enabled" });
    const rules = uploads.LifecycleConfiguration.Rules as CfnJson[];
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: "uploads/",
        NoncurrentVersionExpiration: { NoncurrentDays: TEST_CONTEXT.noncurrentVersionExpiryDays },
        Status: "Enabled",
      }),
    );
    // Every expiring rule is scoped: nothing else (annotated copies) expires by a rule meant for another prefix.
    for (const rule of rules) {
      const expires =
        rule.ExpirationInDays !== undefined ||
        rule.ExpirationDate !== undefined ||
        rule.NoncurrentVersionExpiration !== undefined ||
        rule.Transitions !== undefined;
      if (expires) expect(["uploads/", "originals/"], JSON.stringify(rule)).toContain(rule.Prefix);
    }
    expect(rules.find((rule) => rule.Prefix === "originals/")).toMatchObject({ ExpirationInDays: 3650 });
  });

  it("only the roles under the upload-writer path may write under uploads/ (bucket policy)", () => {
    const statements = bucketPolicyStatements(stateful, bucketIds(stateful).uploads);
    const deny = statements.find((statement) => statement.Sid === "OnlyUploadWriterRolesWriteUploads");
    expect(deny).toBeDefined();
    expect(deny!.Effect).toBe("Deny");
    expect(deny!.Principal).toEqual({ AWS: "*" });
    expect(deny!.Action).toBe("s3:PutObject");
    expect(flat(deny!.Resource)).toBe(`{${bucketIds(stateful).uploads}.Arn}/uploads/*`);
    expect(flat(deny!.Condition?.ArnNotLike?.["aws:PrincipalArn"])).toBe(
      "arn:{AWS::Partition}:iam::{AWS::AccountId}:role/gongkai/test/uploaders/*",
    );
    // The deny does not reach originals/ (written by the ingest function) or the feed.
    expect(
      statements.filter((statement) => statement.Effect === "Deny" && statement.Action === "s3:PutObject"),
    ).toHaveLength(1);
  });

  it("serves the feed bucket to its CloudFront distribution only (OAC), read-only", () => {
    const statements = bucketPolicyStatements(stateful, bucketIds(stateful).feed);
    const allows = statements.filter((statement) => statement.Effect === "Allow");
    expect(allows).toHaveLength(1);
    expect(allows[0]!.Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
    expect(allows[0]!.Action).toBe("s3:GetObject");
    const distribution = logicalId(stateful, "AWS::CloudFront::Distribution", "FeedDistribution");
    expect(flat(allows[0]!.Condition?.StringEquals?.["AWS:SourceArn"])).toBe(
      `arn:{AWS::Partition}:cloudfront::{AWS::AccountId}:distribution/{${distribution}}`,
    );
  });
});

describe("stateful stack: table and mail", () => {
  it("has one pk/sk table with the roster index, on demand, with PITR, deletion protection and encryption, retained", () => {
    const tables = Object.values(stateful.findResources("AWS::DynamoDB::Table"));
    expect(tables).toHaveLength(1);
    const table = tables[0]!;
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "gpk", AttributeType: "S" },
        { AttributeName: "gsk", AttributeType: "S" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
    });
    expect(
      table.Properties.GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName),
    ).toEqual(["roster"]);
    expect(table.Properties.LocalSecondaryIndexes).toBeUndefined();
  });

  it("creates the SES identity (the mail domain by default) with a configuration set", () => {
    stateful.hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "reports.example.gov.cn",
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.anyValue() } },
    });
    stateful.resourceCountIs("AWS::SES::ConfigurationSet", 1);
  });
});

describe("stateful stack: feed distribution", () => {
  it("uses OAC, HTTPS only, compression, GET/HEAD (OPTIONS at the edge), logging", () => {
    const distribution =
      statefulResources[logicalId(stateful, "AWS::CloudFront::Distribution", "FeedDistribution")]!;
    const config = distribution.Properties.DistributionConfig;
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0].OriginAccessControlId).toEqual({ "Fn::GetAtt": [expect.any(String), "Id"] });
    expect(config.Origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: "" });
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: "https-only",
      Compress: true,
      AllowedMethods: ["GET", "HEAD", "OPTIONS"],
    });
    expect(config.Logging).toMatchObject({
      Bucket: { "Fn::GetAtt": [bucketIds(stateful).logs, "RegionalDomainName"] },
    });
    stateful.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
      }),
    });
  });

  it("caches briefly by default and honours the origin's Cache-Control", () => {
    stateful.hasResourceProperties("AWS::CloudFront::CachePolicy", {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        DefaultTTL: 60,
        MaxTTL: 86400,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
          QueryStringsConfig: { QueryStringBehavior: "none" },
          CookiesConfig: { CookieBehavior: "none" },
        }),
      }),
    });
  });

  it("answers CORS for GET/HEAD (and the preflight) from any origin", () => {
    stateful.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: Match.objectLike({
        CorsConfig: Match.objectLike({
          AccessControlAllowOrigins: { Items: ["*"] },
          AccessControlAllowMethods: { Items: ["GET", "HEAD", "OPTIONS"] },
          AccessControlAllowCredentials: false,
        }),
      }),
    });
  });
});
