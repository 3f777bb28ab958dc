import type { CfnElement } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { Bucket, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { feedObjectPath, preflightHeaders } from "../../../functions/feed-http";
import { FeedDistribution, type FeedDistributionProps } from "../../../infra/constructs/feed-distribution";
import { asArray, flat, type Statement } from "../synth";
import { bareStack, nagFindings, rules } from "./bare-stack";

const CUSTOM_DOMAIN = {
  domainName: "feed.example.gov.cn",
  certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0b3e9a38-0000-4000-8000-000000000000",
};

const DESK = {
  connectOrigins: [
    "https://cognito-idp.cn-north-1.amazonaws.com.cn",
    "https://*.execute-api.cn-north-1.amazonaws.com.cn",
    "https://uploads.s3.cn-north-1.amazonaws.com.cn",
  ],
};

function build(customDomain?: FeedDistributionProps["customDomain"], desk?: FeedDistributionProps["desk"]) {
  const stack = bareStack();
  const feed = new Bucket(stack, "Feed");
  const accessLogs = new Bucket(stack, "Logs", { objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED });
  const cdn = new FeedDistribution(stack, "FeedDistribution", {
    stage: "test",
    feed,
    accessLogs,
    ...(customDomain ? { customDomain } : {}),
    ...(desk ? { desk } : {}),
  });
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const template = Template.fromStack(stack);
  const id = idOf(cdn.distribution);
  return {
    stack,
    cdn,
    template,
    id,
    feed: idOf(feed),
    logs: idOf(accessLogs),
    config: template.toJSON().Resources[id].Properties.DistributionConfig,
  };
}

describe("FeedDistribution", () => {
  it("reads the feed bucket through Origin Access Control, and only this distribution may read it", () => {
    const { template, id, feed, config } = build();
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0].DomainName).toEqual({ "Fn::GetAtt": [feed, "RegionalDomainName"] });
    expect(config.Origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: "" });
    const oac = template.findResources("AWS::CloudFront::OriginAccessControl");
    expect(Object.values(oac).map((r) => r.Properties.OriginAccessControlConfig)).toEqual([
      expect.objectContaining({
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
        SigningProtocol: "sigv4",
      }),
    ]);
    expect(config.Origins[0].OriginAccessControlId).toEqual({ "Fn::GetAtt": [Object.keys(oac)[0], "Id"] });

    const policy = Object.values(template.findResources("AWS::S3::BucketPolicy")).find(
      (p) => p.Properties.Bucket.Ref === feed,
    )!;
    const allows = asArray<Statement>(policy.Properties.PolicyDocument.Statement).filter(
      (s) => s.Effect === "Allow",
    );
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
    });
    expect(flat(allows[0]!.Resource)).toBe(`{${feed}.Arn}/*`);
    expect(flat(allows[0]!.Condition?.StringEquals?.["AWS:SourceArn"])).toBe(
      `arn:{AWS::Partition}:cloudfront::{AWS::AccountId}:distribution/{${id}}`,
    );
  });

  it("serves GET and HEAD over HTTPS only (OPTIONS answered at the edge), compressed, HTTP/2 and 3, IPv6", () => {
    const { config } = build();
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: "https-only",
      AllowedMethods: ["GET", "HEAD", "OPTIONS"],
      CachedMethods: ["GET", "HEAD"],
      Compress: true,
    });
    expect(config).toMatchObject({
      Enabled: true,
      HttpVersion: "http2and3",
      IPV6Enabled: true,
      PriceClass: "PriceClass_All",
      Comment: "gongkai test feed",
    });
  });

  it("writes standard logs, without cookies, to the access-log bucket under cloudfront/", () => {
    const { config, logs } = build();
    expect(config.Logging).toEqual({
      Bucket: { "Fn::GetAtt": [logs, "RegionalDomainName"] },
      IncludeCookies: false,
      Prefix: "cloudfront/",
    });
  });

  it("caches 60 s without Cache-Control, honours the origin's up to a day, keys on the path alone", () => {
    const { template } = build();
    template.hasResourceProperties("AWS::CloudFront::CachePolicy", {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        DefaultTTL: 60,
        MaxTTL: 86400,
        ParametersInCacheKeyAndForwardedToOrigin: {
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
          HeadersConfig: { HeaderBehavior: "none" },
          QueryStringsConfig: { QueryStringBehavior: "none" },
          CookiesConfig: { CookieBehavior: "none" },
        },
      }),
    });
  });

  it("sends the local server's headers: CORS from any origin with ETag exposed, security headers, the portal's CSP", () => {
    const { template } = build();
    const local = preflightHeaders();
    template.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: Match.objectLike({
        CorsConfig: {
          AccessControlAllowOrigins: { Items: [local["access-control-allow-origin"]] },
          AccessControlAllowMethods: { Items: local["access-control-allow-methods"]!.split(", ") },
          AccessControlAllowHeaders: { Items: local["access-control-allow-headers"]!.split(", ") },
          AccessControlExposeHeaders: { Items: local["access-control-expose-headers"]!.split(", ") },
          AccessControlAllowCredentials: false,
          AccessControlMaxAgeSec: Number(local["access-control-max-age"]),
          OriginOverride: true,
        },
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: local["content-security-policy"], Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: "DENY", Override: true },
          ReferrerPolicy: { ReferrerPolicy: "no-referrer", Override: true },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 31536000,
            IncludeSubdomains: true,
            Override: true,
          },
        },
      }),
    });
    expect(local["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(local["access-control-expose-headers"]).toMatch(/\bETag\b/);
  });

  it("answers a preflight at the edge as the local server does, and a folder with its index document", () => {
    const { template, config } = build();
    const functions = template.findResources("AWS::CloudFront::Function");
    const [fn] = Object.values(functions) as { Properties: { FunctionCode: string } }[];
    expect(config.DefaultCacheBehavior.FunctionAssociations).toMatchObject([{ EventType: "viewer-request" }]);
    // The function's own code, run as CloudFront would run it on a request.
    const handler = new Function(`${fn!.Properties.FunctionCode}; return handler;`)() as (event: unknown) => {
      statusCode?: number;
      headers?: Record<string, { value: string }>;
      uri?: string;
    };
    const preflight = handler({ request: { method: "OPTIONS", uri: "/v1/index.json", headers: {} } });
    expect(preflight.statusCode).toBe(204);
    expect(
      Object.fromEntries(Object.entries(preflight.headers!).map(([name, { value }]) => [name, value])),
    ).toEqual(preflightHeaders());
    for (const [uri, rewritten] of [
      ["/", "/index.html"],
      ["/v1/", "/v1/index.json"],
      ["/v1/schema/", "/v1/schema/index.json"],
      ["/v1/years/2024.json", "/v1/years/2024.json"],
    ]) {
      expect(handler({ request: { method: "GET", uri, headers: {} } }).uri).toBe(rewritten);
      expect(feedObjectPath(uri!)).toBe(rewritten);
    }
  });

  it("without a custom domain, is reached at its cloudfront.net domain, and acknowledges CFR4 for it", () => {
    const { stack, cdn, config } = build();
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    expect(flat(stack.resolve(cdn.baseUrl))).toBe(
      `https://{${stack.getLogicalId(cdn.distribution.node.defaultChild as CfnElement)}.DomainName}`,
    );
    expect(nagFindings(cdn)).toEqual([]);
    expect(rules(nagFindings(cdn, { ignoreAcknowledgements: true }))).toEqual([
      "AwsSolutions-CFR1",
      "AwsSolutions-CFR2",
      "AwsSolutions-CFR4",
    ]);
  });

  it("with a custom domain, serves it with its certificate and TLS 1.2 at least, and needs no CFR4 acknowledgement", () => {
    const { cdn, config } = build(CUSTOM_DOMAIN);
    expect(config.Aliases).toEqual(["feed.example.gov.cn"]);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: CUSTOM_DOMAIN.certificateArn,
      MinimumProtocolVersion: "TLSv1.2_2021",
      SslSupportMethod: "sni-only",
    });
    expect(cdn.baseUrl).toBe("https://feed.example.gov.cn");
    expect(nagFindings(cdn)).toEqual([]);
    expect(rules(nagFindings(cdn, { ignoreAcknowledgements: true }))).toEqual([
      "AwsSolutions-CFR1",
      "AwsSolutions-CFR2",
    ]);
  });

  it("serves the desk page at /desk* from the same bucket, with a CSP naming only its origins", () => {
    const { template, config } = build(undefined, DESK);
    const behaviors = config.CacheBehaviors as Record<string, unknown>[];
    expect(behaviors).toHaveLength(1);
    expect(behaviors[0]).toMatchObject({
      PathPattern: "/desk*",
      ViewerProtocolPolicy: "https-only",
      AllowedMethods: ["GET", "HEAD"],
      Compress: true,
      TargetOriginId: config.DefaultCacheBehavior.TargetOriginId,
      FunctionAssociations: [{ EventType: "viewer-request" }],
    });
    const policies = Object.values(template.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
    const desk = policies.find((policy) =>
      String(policy.Properties.ResponseHeadersPolicyConfig.Comment).startsWith("gongkai desk"),
    )!;
    const security = desk.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = security.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ${DESK.connectOrigins.join(" ")}`);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(security.FrameOptions.FrameOption).toBe("DENY");
  });

  it("answers /desk/ with its index.html and sends /desk to /desk/, by the viewer-request function", () => {
    const { template } = build(undefined, DESK);
    const fn = Object.values(template.findResources("AWS::CloudFront::Function")).find((candidate) =>
      String(candidate.Properties.FunctionConfig.Comment).startsWith("gongkai desk"),
    );
    const code = fn!.Properties.FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (event: unknown) => Record<string, unknown>;
    const at = (uri: string) => handler({ request: { uri } });
    expect(at("/desk/")).toEqual({ uri: "/desk/index.html" });
    expect(at("/desk/chunks/core-ABC.js")).toEqual({ uri: "/desk/chunks/core-ABC.js" });
    expect(at("/desk")).toMatchObject({ statusCode: 301, headers: { location: { value: "/desk/" } } });
  });

  it("has the desk's behaviour pass cdk-nag as the feed's does", () => {
    const { cdn } = build(undefined, DESK);
    expect(nagFindings(cdn).map((finding) => finding.rule)).toEqual([]);
  });
});
