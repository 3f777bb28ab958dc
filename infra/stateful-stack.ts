/**
 * Everything that holds data or an identity others depend on, deployed separately from the pipeline so
 * redeploying (or destroying and recreating) the pipeline never touches it: the uploads, feed and access-log
 * buckets, the feed distribution, the table, the SES identity and configuration set, the clerks' user pool
 * (its users are data: invited by the operator, bound to their department), and the operator role.
 * Departments are rows of the table and users of the pool, not resources: the stack is the same for 0 and
 * for 200,000 departments.
 *
 * The CloudFront distribution is here, not in the pipeline stack, because (a) its domain is the public feed
 * URL that mails and consumers keep, and (b) Origin Access Control puts the distribution's id into the feed
 * bucket's policy, which must then live in the same stack as the distribution (a cross-stack reference in
 * either direction is a cycle).
 *
 * Each piece is a construct of `infra/constructs/` whose main resource keeps the logical id it was first
 * deployed under (see main-resource.ts): renaming a construct here replaces a retained resource.
 */
import { Aws, CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Distribution } from "aws-cdk-lib/aws-cloudfront";
import type { UserPool, UserPoolClient } from "aws-cdk-lib/aws-cognito";
import type { Table } from "aws-cdk-lib/aws-dynamodb";
import type { Role } from "aws-cdk-lib/aws-iam";
import type { Bucket } from "aws-cdk-lib/aws-s3";
import type { ConfigurationSet, EmailIdentity } from "aws-cdk-lib/aws-ses";
import type { Construct } from "constructs";
import { OBJECT_PREFIX } from "../functions/storage-layout";
import type { GongkaiSettings } from "./config";
import { AccessLogsBucket } from "./constructs/access-logs-bucket";
import { DeskUserPool } from "./constructs/desk-user-pool";
import { FeedBucket } from "./constructs/feed-bucket";
import { FeedDistribution } from "./constructs/feed-distribution";
import { ImportOperatorGrants } from "./constructs/import-operator-grants";
import { MailConfigurationSet } from "./constructs/mail-configuration-set";
import { type DkimRecord, MailIdentity } from "./constructs/mail-identity";
import { OperatorRole } from "./constructs/operator-role";
import { admitOnlyPipelineWriters } from "./constructs/pipeline-writers";
import { ReportTable } from "./constructs/report-table";
import { RosterIndex } from "./constructs/roster-index";
import { SeasonOperatorGrants } from "./constructs/season-operator-grants";
import { UploadsBucket } from "./constructs/uploads-bucket";
import { exportName, STATEFUL_OUTPUTS } from "./outputs";

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
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** The `iss` of the pool's tokens. */
  readonly tokenIssuer: string;
  readonly operatorRole: Role;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { stage, noncurrentVersionExpiryDays, feedDomainName, feedCertificateArn } = settings;
    // The construct ids are the logical ids the resources were first deployed under: keep them.

    const accessLogs = new AccessLogsBucket(this, "AccessLogsBucket", {
      expiryDays: settings.accessLogExpiryDays,
    }).bucket;
    const uploads = new UploadsBucket(this, "UploadsBucket", {
      accessLogs,
      noncurrentVersionExpiryDays,
      originalsExpiryDays: settings.originalsExpiryDays,
    });
    const feed = new FeedBucket(this, "FeedBucket", { accessLogs, noncurrentVersionExpiryDays }).bucket;
    this.accessLogsBucket = accessLogs;
    this.uploadsBucket = uploads.bucket;
    this.feedBucket = feed;

    uploads.admitOnlyUploadWriters(stage);
    // The kept originals, annotated copies and the feed: written and deleted by the pipeline alone (the
    // originals and copies also by the operator's `gongkai import`, the feed by its season commands).
    admitOnlyPipelineWriters(uploads.bucket, "OnlyThePipelineWritesOriginals", {
      stage,
      objects: [`${OBJECT_PREFIX.originals}*`, `${OBJECT_PREFIX.annotated}*`],
      publishers: false,
      operator: true,
    });
    admitOnlyPipelineWriters(feed, "OnlyThePipelineWritesTheFeed", {
      stage,
      objects: ["*"],
      publishers: true,
    });

    this.table = new ReportTable(this, "Table").table;
    new RosterIndex(this, "RosterIndex", { table: this.table });

    const pool = new DeskUserPool(this, "DeskUserPool", { stage });
    this.userPool = pool.userPool;
    this.userPoolClient = pool.client;
    this.tokenIssuer = pool.issuer;
    this.operatorRole = new OperatorRole(this, "OperatorRole", {
      stage,
      principal: settings.operatorPrincipal,
      uploads: uploads.bucket,
      table: this.table,
      userPool: this.userPool,
    }).role;

    this.configurationSet = new MailConfigurationSet(this, "SesConfigurationSet").configurationSet;
    const mail = new MailIdentity(this, "SesIdentity", {
      identity: settings.sesIdentity,
      configurationSet: this.configurationSet,
    });
    this.emailIdentity = mail.emailIdentity;
    new ImportOperatorGrants(this, "ImportOperatorGrants", {
      role: this.operatorRole,
      uploads: uploads.bucket,
    });
    new SeasonOperatorGrants(this, "SeasonOperatorGrants", {
      role: this.operatorRole,
      table: this.table,
      feed,
      mail: { identity: this.emailIdentity, configurationSet: this.configurationSet },
    });

    const feedDistribution = new FeedDistribution(this, "FeedDistribution", {
      stage,
      feed,
      accessLogs,
      // The desk page talks to Cognito, the desk API (in the pipeline stack, so named by its domain's
      // pattern: this stack cannot know its id) and the uploads bucket (the presigned POST).
      desk: {
        connectOrigins: [
          `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}`,
          `https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`,
          `https://${uploads.bucket.bucketRegionalDomainName}`,
        ],
      },
      ...(feedDomainName && feedCertificateArn
        ? { customDomain: { domainName: feedDomainName, certificateArn: feedCertificateArn } }
        : {}),
    });
    this.distribution = feedDistribution.distribution;
    this.feedBaseUrl = feedDistribution.baseUrl;

    this.addOutputs(settings, mail.dkimRecords);
  }

  private addOutputs(settings: GongkaiSettings, dkimRecords: readonly DkimRecord[]): void {
    const { stage } = settings;
    // Easy DKIM: these three CNAME records must be added to the domain's DNS before SES verifies it.
    dkimRecords.forEach(({ name, value }, index) => {
      new CfnOutput(this, `MailDkimRecord${index + 1}`, {
        description: `DKIM CNAME record ${index + 1} for ${settings.sesIdentity} (name → value)`,
        value: `${name} CNAME ${value}`,
      });
    });
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
    output(STATEFUL_OUTPUTS.userPoolId, this.userPool.userPoolId, "Clerks' user pool (GONGKAI_USER_POOL_ID)");
    output(STATEFUL_OUTPUTS.userPoolClientId, this.userPoolClient.userPoolClientId, "The desk's app client");
    output(STATEFUL_OUTPUTS.tokenIssuer, this.tokenIssuer, "Issuer of the pool's tokens");
    output(
      STATEFUL_OUTPUTS.operatorRoleArn,
      this.operatorRole.roleArn,
      "The operator role (bulk uploads, CLI)",
    );
  }
}
