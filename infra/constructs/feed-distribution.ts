/**
 * The CloudFront distribution serving the feed bucket (and the portal at its root): HTTPS only, GET/HEAD
 * (OPTIONS answered at the edge), compressed, CORS from any origin,
 * brief default caching that defers to the objects' own Cache-Control, standard logs to the access-log bucket.
 * Origin Access Control: the bucket stays private and only this distribution may read it (the statement lands
 * in the bucket's policy, so the distribution must live in the bucket's stack).
 */
import { Duration, Validations } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import {
  FEED_CORS,
  HSTS_MAX_AGE_SECONDS,
  PORTAL_CSP,
  viewerRequestFunctionSource,
} from "../../functions/feed-http";
import { DESK_PATH, deskContentSecurityPolicy } from "../../web/desk/config";
import { MAIN_RESOURCE } from "./main-resource";

export interface FeedDistributionProps {
  readonly stage: string;
  /** The feed bucket, read through OAC. */
  readonly feed: IBucket;
  /** Receives the CloudFront standard logs (under `cloudfront/`); must have ACLs enabled. */
  readonly accessLogs: IBucket;
  /** A custom domain with its ACM certificate (in us-east-1); without one, the *.cloudfront.net domain. */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  /**
   * The clerk's desk page, served from `desk/` of the same bucket at `/desk/`: the origins its
   * Content-Security-Policy lets it connect to (the desk API, Cognito, the uploads bucket).
   */
  readonly desk?: { readonly connectOrigins: readonly string[] };
}

/** The public feed, `https://{domain}/v1/…`, and the desk page, `https://{domain}/desk/`. */
export class FeedDistribution extends Construct {
  readonly distribution: Distribution;
  /** `https://{custom domain or distribution domain}` — GONGKAI_FEED_BASE_URL. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: FeedDistributionProps) {
    super(scope, id);
    const { customDomain } = props;
    const origin = S3BucketOrigin.withOriginAccessControl(props.feed);
    const cachePolicy = this.cachePolicy();
    const readOnly = {
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: CachedMethods.CACHE_GET_HEAD,
      compress: true,
      cachePolicy,
    } satisfies BehaviorOptions;
    this.distribution = new Distribution(this, MAIN_RESOURCE, {
      comment: `gongkai ${props.stage} feed`,
      defaultBehavior: {
        ...readOnly,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        responseHeadersPolicy: this.responseHeadersPolicy(),
        functionAssociations: [
          { function: this.viewerRequest(), eventType: FunctionEventType.VIEWER_REQUEST },
        ],
      },
      ...(props.desk
        ? { additionalBehaviors: { [`${DESK_PATH.slice(0, -1)}*`]: this.deskBehavior(readOnly, props.desk) } }
        : {}),
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: "cloudfront/",
      logIncludesCookies: false,
      ...(customDomain
        ? {
            certificate: Certificate.fromCertificateArn(this, "Certificate", customDomain.certificateArn),
            domainNames: [customDomain.domainName],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.acknowledgeFindings(customDomain !== undefined);
    this.baseUrl = `https://${customDomain?.domainName ?? this.distribution.distributionDomainName}`;
  }

  /**
   * `/desk*`: the page's files from `desk/` of the bucket, `/desk/` answered with its `index.html` (S3
   * behind OAC has no index documents), and headers of its own: a Content-Security-Policy naming the
   * origins it may connect to, no framing, no referrer.
   */
  private deskBehavior(
    base: BehaviorOptions,
    desk: { readonly connectOrigins: readonly string[] },
  ): BehaviorOptions {
    const index = new CloudFrontFunction(this, "DeskIndex", {
      comment: "gongkai desk: /desk → /desk/, and a folder → its index.html",
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        [
          "function handler(event) {",
          "  var request = event.request;",
          `  if (request.uri === "${DESK_PATH.slice(0, -1)}") {`,
          `    return { statusCode: 301, statusDescription: "Moved Permanently", headers: { location: { value: "${DESK_PATH}" } } };`,
          "  }",
          '  if (request.uri.endsWith("/")) request.uri += "index.html";',
          "  return request;",
          "}",
        ].join("\n"),
      ),
    });
    const headers = new ResponseHeadersPolicy(this, "DeskHeaders", {
      comment: "gongkai desk: Content-Security-Policy and security headers",
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: deskContentSecurityPolicy(desk.connectOrigins),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    return {
      ...base,
      responseHeadersPolicy: headers,
      functionAssociations: [{ function: index, eventType: FunctionEventType.VIEWER_REQUEST }],
    };
  }

  private cachePolicy(): CachePolicy {
    return new CachePolicy(this, "CachePolicy", {
      comment: "gongkai feed: origin Cache-Control wins; 60 s when absent; never more than a day",
      // The feed changes rarely but must not go stale for long: objects without Cache-Control are revalidated
      // against S3 (conditional GET, ETag) after a minute; max-age from the origin is honoured up to a day.
      // Nothing but the path is in the cache key.
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      headerBehavior: CacheHeaderBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
    });
  }

  /**
   * The headers the local stack's server sends too (`functions/feed-http.ts`): CORS for any origin with
   * ETag exposed, security headers, and the portal's Content-Security-Policy (the portal is served at the
   * root, from the same bucket).
   */
  private responseHeadersPolicy(): ResponseHeadersPolicy {
    return new ResponseHeadersPolicy(this, "ResponseHeaders", {
      comment: "gongkai feed: CORS for GET/HEAD from any origin, ETag exposed, security headers, portal CSP",
      corsBehavior: {
        accessControlAllowOrigins: [FEED_CORS.allowOrigin],
        accessControlAllowMethods: [...FEED_CORS.allowMethods],
        accessControlAllowHeaders: [...FEED_CORS.allowHeaders],
        accessControlExposeHeaders: [...FEED_CORS.exposeHeaders],
        accessControlAllowCredentials: false,
        accessControlMaxAge: Duration.seconds(FEED_CORS.maxAgeSeconds),
        originOverride: true,
      },
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: PORTAL_CSP, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
      },
    });
  }

  /**
   * A CORS preflight answered at the edge (S3 has no CORS rules for it to answer with), and a folder
   * (`/`, `/v1/`, `/v1/schema/`) rewritten to its index document (S3 behind OAC has none).
   */
  private viewerRequest(): CloudFrontFunction {
    return new CloudFrontFunction(this, "ViewerRequest", {
      comment: "gongkai feed: CORS preflight, folder index documents",
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(viewerRequestFunctionSource()),
    });
  }

  private acknowledgeFindings(hasCustomDomain: boolean): void {
    Validations.of(this.distribution).acknowledge(
      {
        id: "AwsSolutions-CFR1",
        reason:
          "The feed is public government information (政府信息公开) that must be readable from anywhere, " +
          "including by citizens abroad; restricting countries would defeat its purpose.",
      },
      {
        id: "AwsSolutions-CFR2",
        reason:
          "The distribution serves static, read-only JSON from S3 (GET/HEAD only, no query strings, cookies or " +
          "headers forwarded, no dynamic origin), so there is no application surface for WAF rules to protect; " +
          "CloudFront's built-in AWS Shield Standard covers volumetric attacks. A web ACL can be attached later " +
          "if abuse shows up in the CloudFront logs.",
      },
    );
    if (!hasCustomDomain) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR4",
        reason:
          "Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose " +
          "security policy CloudFront fixes (TLSv1) and does not let us raise. Setting the feedDomainName and " +
          "feedCertificateArn context enforces TLSv1.2_2021.",
      });
    }
  }
}
