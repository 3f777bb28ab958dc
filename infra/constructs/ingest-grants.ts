/**
 * The ingest function's least privilege: exactly the calls its adapters make, each on the narrowest resource
 * (an object prefix, the table, the SES identity and configuration set), with the reason for every
 * object-level wildcard.
 */
import { Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { type IRole, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IConfigurationSet, IEmailIdentity } from "aws-cdk-lib/aws-ses";
import { OBJECT_PREFIX } from "../../functions/storage-layout";
import { acknowledgeObjectWildcard } from "./wildcard-acknowledgement";

/** The keys the function reads and writes (to be taken from the shared storage layout once it exists). */
const PREFIX = OBJECT_PREFIX;

/**
 * Exactly what the ingest function's DynamoDB adapters (functions/adapters/dynamodb/) call on the Lambda
 * path: single items, a batch read of a sums scope's shards, and the delete of a listing page a split
 * abandoned.
 */
export const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchGetItem",
] as const;

/** The resources the function works on. */
export interface IngestResources {
  readonly uploads: IBucket;
  readonly feed: IBucket;
  readonly table: ITable;
  readonly mail: { readonly identity: IEmailIdentity; readonly configurationSet: IConfigurationSet };
  /** The annotate function, invoked for a rejected upload; it writes the copy, the ingest function reads it. */
  readonly annotator: IFunction;
}

/** Grants `role` what the ingest function needs on `resources`, and nothing else. */
export function grantIngest(role: IRole, { uploads, feed, table, mail, annotator }: IngestResources): void {
  const uploaded = uploads.arnForObjects(`${PREFIX.uploads}*`);
  const originals = uploads.arnForObjects(`${PREFIX.originals}*`);
  const annotated = uploads.arnForObjects(`${PREFIX.annotated}*`);
  const feedDocuments = feed.arnForObjects(`${PREFIX.feed}*`);
  const reportDocuments = feed.arnForObjects(`${PREFIX.feed}reports/*`);
  const configurationSetArn = Stack.of(role).formatArn({
    service: "ses",
    resource: "configuration-set",
    resourceName: mail.configurationSet.configurationSetName,
  });
  const statements = [
    new PolicyStatement({
      sid: "ReadUploads",
      actions: ["s3:GetObject", "s3:GetObjectVersion"],
      resources: [uploaded],
    }),
    // Without ListBucket, S3 answers 403 instead of 404 for an upload deleted before it was read, and the
    // event would be retried into the dead-letter queue; listing is limited to the uploads/ prefix.
    new PolicyStatement({
      sid: "TellMissingUploads",
      actions: ["s3:ListBucket"],
      resources: [uploads.bucketArn],
      conditions: { StringLike: { "s3:prefix": [`${PREFIX.uploads}*`] } },
    }),
    new PolicyStatement({ sid: "ArchiveOriginals", actions: ["s3:PutObject"], resources: [originals] }),
    // The annotate function keeps the copy; the ingest function reads it back to attach it to the mail.
    new PolicyStatement({
      sid: "AnnotateRejections",
      actions: ["lambda:InvokeFunction"],
      resources: [annotator.functionArn],
    }),
    new PolicyStatement({ sid: "AttachAnnotatedCopies", actions: ["s3:GetObject"], resources: [annotated] }),
    new PolicyStatement({ sid: "WriteFeed", actions: ["s3:PutObject"], resources: [feedDocuments] }),
    // A withdrawn report's document is removed (a retry of its upload may be the one that does it).
    new PolicyStatement({
      sid: "RemoveWithdrawnReports",
      actions: ["s3:DeleteObject"],
      resources: [reportDocuments],
    }),
    new PolicyStatement({ sid: "Table", actions: [...TABLE_ACTIONS], resources: [table.tableArn] }),
    new PolicyStatement({
      sid: "SendMail",
      actions: ["ses:SendEmail"],
      resources: [mail.identity.emailIdentityArn, configurationSetArn],
    }),
  ];
  for (const statement of statements) role.addToPrincipalPolicy(statement);

  acknowledgeObjectWildcard(
    role,
    uploaded,
    "Object-level wildcard under uploads/ only: the function reads whichever upload the S3 event names " +
      "(uploads/{department}/{year}/{file}); the keys are chosen by departments, so they cannot be listed " +
      "in advance. Reads only (GetObject/GetObjectVersion), no list, no delete.",
  );
  acknowledgeObjectWildcard(
    role,
    originals,
    "Object-level wildcard under originals/ only: archived originals are content-addressed " +
      "(originals/{sha256}), so their keys are known only at run time. PutObject only, no read or delete.",
  );
  acknowledgeObjectWildcard(
    role,
    annotated,
    "Object-level wildcard under annotated/ only: a rejected upload's annotated copy, kept by the annotate " +
      "function at annotated/{department}/{year}/{order}.xlsx (keys known only at run time), is read back " +
      "to be attached. GetObject only: no write, list or delete.",
  );
  acknowledgeObjectWildcard(
    role,
    feedDocuments,
    "Object-level wildcard under the feed's v1/ prefix only: the function rewrites feed documents whose " +
      "keys depend on the data (v1/departments/{id}.json, v1/years/{year}.json, …). PutObject only: no read, no list, no delete.",
  );
  acknowledgeObjectWildcard(
    role,
    reportDocuments,
    "Object-level wildcard under the feed's v1/reports/ prefix only: a withdrawn report's document " +
      "(v1/reports/{year}/{department}.json) is removed. DeleteObject only.",
  );
}
