import type { AwsClients } from "../adapters/aws-clients";
import { DynamoDbReportStore } from "../adapters/dynamodb-report-store";
import { S3FeedStore, S3ObjectStore } from "../adapters/s3-stores";
import { SesMailer } from "../adapters/ses-mailer";
import type { Config } from "../config";
import type { Clock, IngestPorts } from "./ports";

/** The composition root: typed config and SDK clients in, the use case's ports out. */
export function ingestPorts(
  config: Config,
  clients: AwsClients,
  clock: Clock = { now: () => new Date() },
): IngestPorts {
  return {
    objects: new S3ObjectStore(clients.s3, config.uploadsBucket),
    reports: new DynamoDbReportStore(clients.dynamodb, config.table),
    feed: new S3FeedStore(clients.s3, config.feedBucket),
    mailer: new SesMailer(clients.ses, config.mailFrom, config.sesConfigurationSet),
    clock,
    settings: {
      maxUploadBytes: config.maxUploadBytes,
      operatorEmail: config.operatorEmail,
      feedBaseUrl: config.feedBaseUrl.replace(/\/+$/, ""),
    },
  };
}
