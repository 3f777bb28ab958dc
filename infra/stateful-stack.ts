/**
 * Everything that holds data or an identity others depend on, deployed separately from the pipeline so
 * redeploying (or destroying and recreating) the pipeline never touches it:
 *
 * - the uploads bucket (`uploads/{department}/{year}/…` written by departments, `originals/{sha256}`
 *   written by the ingest function), versioned; replaced uploads expire after a configurable number of
 *   days, the content-addressed originals never do;
 * - the feed bucket (`v1/…`) and its CloudFront distribution — the distribution is here, not in the
 *   pipeline stack, because (a) its domain is the public feed URL that mails and consumers keep, and
 *   (b) Origin Access Control puts the distribution's id into the feed bucket's policy, which must then
 *   live in the same stack as the distribution (a cross-stack reference in either direction is a cycle);
 * - the access-log bucket (S3 server access logs of both buckets, CloudFront standard logs);
 * - the DynamoDB table (pk/sk), the SES identity and configuration set;
 * - one uploader role per department (their ARNs are handed out to departments, so they must not change).
 *
 * Encryption is S3-managed (SSE-S3) on all buckets: S3 server access logs can only be delivered to an
 * SSE-S3 bucket; CloudFront OAC reads SSE-S3 objects without a key policy; departments' `aws s3 cp` needs no
 * KMS permissions; and the content is public by law (政府信息公开), so a customer-managed key would add
 * cost and failure modes without protecting anything a bucket policy does not already protect.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Tags, Validations } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { AttributeType, BillingMode, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import {
  AccountPrincipal,
  AccountRootPrincipal,
  AnyPrincipal,
  ArnPrincipal,
  Effect,
  type IPrincipal,
  PolicyDocument,
  PolicyStatement,
  Role,
} from "aws-cdk-lib/aws-iam";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  type CfnBucket,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  Identity,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import type { Construct } from "constructs";
import { OBJECT_PREFIX, TABLE_KEY } from "../functions/storage-layout";
import { type Department, type GongkaiSettings, uploaderRoleName, uploaderRolePath } from "./config";
import { exportName, STATEFUL_OUTPUTS, uploaderRoleExportName, uploaderRoleOutputId } from "./outputs";

/** Key prefixes inside the buckets, shared with the pipeline stack's grants. */
export const PREFIX = {
  uploads: OBJECT_PREFIX.uploads,
  originals: OBJECT_PREFIX.originals,
  annotated: OBJECT_PREFIX.annotated,
  feed: OBJECT_PREFIX.feed,
} as const;

/** Tag on every uploader role naming its department. */
export const DEPARTMENT_TAG = "GongkaiDepartment";

export interface StatefulStackProps extends StackProps {
  settings: GongkaiSettings;
}

export class StatefulStack extends Stack {
  readonly uploadsBucket: Bucket;
  readonly feedBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly table: Table;
  readonly emailIdentity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly distribution: Distribution;
  /** `https://{distribution domain or custom domain}` — GONGKAI_FEED_BASE_URL. */
  readonly feedBaseUrl: string;
  /** Uploader role per department id. */
  readonly uploaderRoles: ReadonlyMap<string, Role>;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { stage } = settings;

    // ---- Buckets -------------------------------------------------------------------------------------
    const common: BucketProps = {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
    };

    // The log destination does not log itself (that would log every log delivery); cdk-nag's S1 accepts a
    // bucket that is a log destination.
    this.accessLogsBucket = new Bucket(this, "AccessLogsBucket", {
      ...common,
      // CloudFront standard logging delivers with an ACL grant, which needs ACLs enabled on the bucket;
      // BUCKET_OWNER_PREFERRED keeps ownership of delivered objects with this account.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [
        { id: "expire-access-logs", expiration: Duration.days(settings.accessLogExpiryDays) },
        { id: "abort-incomplete-multipart-uploads", abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.uploadsBucket = new Bucket(this, "UploadsBucket", {
      ...common,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: "s3/uploads/",
      lifecycleRules: [
        {
          // A department overwriting uploads/{dept}/{year}/report.xlsx keeps the previous version for
          // noncurrentVersionExpiryDays. Only under uploads/: originals/{sha256} never expire.
          id: "expire-replaced-uploads",
          prefix: PREFIX.uploads,
          noncurrentVersionExpiration: Duration.days(settings.noncurrentVersionExpiryDays),
          expiredObjectDeleteMarker: true,
        },
        { id: "abort-incomplete-multipart-uploads", abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.feedBucket = new Bucket(this, "FeedBucket", {
      ...common,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: "s3/feed/",
      lifecycleRules: [
        {
          id: "expire-replaced-feed-documents",
          noncurrentVersionExpiration: Duration.days(settings.noncurrentVersionExpiryDays),
          expiredObjectDeleteMarker: true,
        },
        { id: "abort-incomplete-multipart-uploads", abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    // ---- Departments: one uploader role each ---------------------------------------------------------
    const roles = new Map<string, Role>();
    for (const department of settings.departments) {
      roles.set(department.id, this.uploaderRole(settings, department));
    }
    this.uploaderRoles = roles;

    // Only the uploader roles may write under uploads/ — whatever other policies in the account allow.
    // (Each role's own policy confines it to uploads/{id}/; the ingest function writes originals/ only.)
    const roleArns = [...roles.values()].map((role) => role.roleArn);
    this.uploadsBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: "OnlyDepartmentUploaderRolesWriteUploads",
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ["s3:PutObject"],
        resources: [this.uploadsBucket.arnForObjects(`${PREFIX.uploads}*`)],
        ...(roleArns.length > 0 ? { conditions: { ArnNotEquals: { "aws:PrincipalArn": roleArns } } } : {}),
      }),
    );

    // ---- DynamoDB ------------------------------------------------------------------------------------
    this.table = new Table(this, "Table", {
      partitionKey: { name: TABLE_KEY.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEY.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The AWS-managed key (aws/dynamodb): encrypted at rest with key use visible in CloudTrail, no key
      // policy to maintain, and callers need no KMS permissions.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ---- SES -----------------------------------------------------------------------------------------
    this.configurationSet = new ConfigurationSet(this, "SesConfigurationSet", {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Government mail servers without STARTTLS must still receive the result mails.
      tlsPolicy: ConfigurationSetTlsPolicy.OPTIONAL,
    });
    const domainIdentity = !settings.sesIdentity.includes("@");
    this.emailIdentity = new EmailIdentity(this, "SesIdentity", {
      identity: domainIdentity ? Identity.domain(settings.sesIdentity) : Identity.email(settings.sesIdentity),
      configurationSet: this.configurationSet,
    });
    if (domainIdentity) {
      // Easy DKIM: these three CNAME records must be added to the domain's DNS before SES verifies it.
      const tokens = [
        [this.emailIdentity.dkimDnsTokenName1, this.emailIdentity.dkimDnsTokenValue1],
        [this.emailIdentity.dkimDnsTokenName2, this.emailIdentity.dkimDnsTokenValue2],
        [this.emailIdentity.dkimDnsTokenName3, this.emailIdentity.dkimDnsTokenValue3],
      ] as const;
      tokens.forEach(([name, value], index) => {
        new CfnOutput(this, `MailDkimRecord${index + 1}`, {
          description: `DKIM CNAME record ${index + 1} for ${settings.sesIdentity} (name → value)`,
          value: `${name} CNAME ${value}`,
        });
      });
    }

    // ---- Feed distribution ---------------------------------------------------------------------------
    const cachePolicy = new CachePolicy(this, "FeedCachePolicy", {
      comment: "gongkai feed: origin Cache-Control wins; 60 s when absent; never more than a day",
      // The feed changes rarely but must not go stale for long: objects without Cache-Control are
      // revalidated against S3 (conditional GET, ETag) after a minute; max-age from the origin is honoured
      // up to a day. Nothing but the path is in the cache key.
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      headerBehavior: CacheHeaderBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
    });
    const responseHeadersPolicy = new ResponseHeadersPolicy(this, "FeedResponseHeaders", {
      comment: "gongkai feed: CORS for GET/HEAD from any origin, security headers",
      corsBehavior: {
        accessControlAllowOrigins: ["*"],
        accessControlAllowMethods: ["GET", "HEAD"],
        accessControlAllowHeaders: ["*"],
        accessControlExposeHeaders: ["ETag"],
        accessControlAllowCredentials: false,
        accessControlMaxAge: Duration.hours(1),
        originOverride: true,
      },
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });

    const certificate = settings.feedCertificateArn
      ? Certificate.fromCertificateArn(this, "FeedCertificate", settings.feedCertificateArn)
      : undefined;
    this.distribution = new Distribution(this, "FeedDistribution", {
      comment: `gongkai ${stage} feed`,
      defaultBehavior: {
        // OAC: only this distribution may read the feed bucket (the statement lands in its bucket policy).
        origin: S3BucketOrigin.withOriginAccessControl(this.feedBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        compress: true,
        cachePolicy,
        responseHeadersPolicy,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: this.accessLogsBucket,
      logFilePrefix: "cloudfront/",
      logIncludesCookies: false,
      ...(certificate && settings.feedDomainName
        ? {
            certificate,
            domainNames: [settings.feedDomainName],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
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
    if (!certificate) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR4",
        reason:
          "Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose " +
          "security policy CloudFront fixes (TLSv1) and does not let us raise. Setting the feedDomainName and " +
          "feedCertificateArn context enforces TLSv1.2_2021.",
      });
    }
    this.feedBaseUrl = `https://${settings.feedDomainName ?? this.distribution.distributionDomainName}`;

    // ---- Outputs ---------------------------------------------------------------------------------------
    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description, exportName: exportName(stage, name) });
    output(STATEFUL_OUTPUTS.uploadsBucketName, this.uploadsBucket.bucketName, "Bucket departments upload to");
    output(STATEFUL_OUTPUTS.feedBucketName, this.feedBucket.bucketName, "Bucket the feed is written to");
    output(
      STATEFUL_OUTPUTS.accessLogsBucketName,
      this.accessLogsBucket.bucketName,
      "S3 and CloudFront access logs",
    );
    output(STATEFUL_OUTPUTS.tableName, this.table.tableName, "DynamoDB table");
    output(
      STATEFUL_OUTPUTS.distributionId,
      this.distribution.distributionId,
      "Feed distribution id (invalidations)",
    );
    output(
      STATEFUL_OUTPUTS.distributionDomainName,
      this.distribution.distributionDomainName,
      "Feed distribution domain",
    );
    output(STATEFUL_OUTPUTS.feedBaseUrl, this.feedBaseUrl, "Public base URL of the feed");
    output(
      STATEFUL_OUTPUTS.mailIdentity,
      this.emailIdentity.emailIdentityName,
      "SES identity (verify before sending)",
    );
    output(
      STATEFUL_OUTPUTS.mailConfigurationSet,
      this.configurationSet.configurationSetName,
      "SES configuration set",
    );
    for (const department of settings.departments) {
      const role = roles.get(department.id)!;
      new CfnOutput(this, uploaderRoleOutputId(department.id), {
        value: role.roleArn,
        description: `Uploader role of department ${department.id} (${department.name})`,
        exportName: uploaderRoleExportName(stage, department.id),
      });
    }
  }

  private uploaderRole(settings: GongkaiSettings, department: Department): Role {
    const { stage } = settings;
    const prefix = `${PREFIX.uploads}${department.id}/`;
    const role = new Role(this, `UploaderRole-${department.id}`, {
      roleName: uploaderRoleName(stage, department.id),
      path: uploaderRolePath(stage),
      assumedBy: principalFor(department.uploaderPrincipal ?? settings.uploaderPrincipal),
      description: `gongkai ${stage}: uploads annual-report spreadsheets of department ${department.id} to ${prefix}`,
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: {
        upload: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: "UploadUnderOwnPrefixOnly",
              // PutObject covers single and multipart uploads (aws s3 cp switches to multipart above 8 MB);
              // AbortMultipartUpload lets the CLI clean up a failed multipart upload.
              actions: ["s3:PutObject", "s3:AbortMultipartUpload"],
              resources: [this.uploadsBucket.arnForObjects(`${prefix}*`)],
            }),
          ],
        }),
      },
    });
    Tags.of(role).add(DEPARTMENT_TAG, department.id);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.uploadsBucket.node.defaultChild as CfnBucket)}.Arn>/${prefix}*]`,
      reason:
        `Object-level wildcard inside the department's own prefix: the role must create objects with keys it ` +
        `chooses (uploads/${department.id}/{year}/{file}.xlsx) and nothing else; bucket-wide and other prefixes ` +
        "are not granted, and the bucket policy denies uploads/ to every principal but the uploader roles.",
    });
    return role;
  }
}

function principalFor(value: string): IPrincipal {
  if (value === "account") return new AccountRootPrincipal();
  if (/^\d{12}$/.test(value)) return new AccountPrincipal(value);
  return new ArnPrincipal(value);
}
