/**
 * The composition root: typed config (and, for tests, a clock) in, every adapter out — for the ingest
 * Lambda, the local stack and every `gongkai` command alike. The SDK clients come from
 * `adapters/aws-clients.ts`; AWS or the local stack is a matter of the config's endpoints alone.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import {
  type AwsClients,
  awsClients,
  cognitoClient,
  destroyClients,
  lambdaClient,
  s3Client,
  sqsClient,
} from "./adapters/aws-clients";
import { CognitoSignIns, type InvitationDelivery } from "./adapters/cognito-sign-ins";
import { CognitoTokenVerifier } from "./adapters/cognito-tokens";
import { DynamoDbAggregates } from "./adapters/dynamodb/aggregates";
import { DynamoDbDepartmentRegistry } from "./adapters/dynamodb/department-registry";
import { DynamoDbIntakeRefusals } from "./adapters/dynamodb/intake-refusals";
import { DynamoDbIssuedUploads } from "./adapters/dynamodb/issued-uploads";
import { DynamoDbRegionRegistry } from "./adapters/dynamodb/region-registry";
import { DynamoDbReportVersions } from "./adapters/dynamodb/report-versions";
import { DynamoDbRoster } from "./adapters/dynamodb/roster";
import { Table } from "./adapters/dynamodb/table";
import { DynamoDbUploadLog } from "./adapters/dynamodb/upload-log";
import { LambdaAnnotator } from "./adapters/lambda-annotator";
import { S3FeedStore, S3ObjectStore } from "./adapters/s3-stores";
import { S3UploadSigner } from "./adapters/s3-upload-signer";
import { SesMailer } from "./adapters/ses-mailer";
import type { ApiPorts } from "./api/ports";
import type {
  AnnotatorConfig,
  ApiConfig,
  AwsConnection,
  CatalogueConfig,
  Config,
  StoreConfig,
} from "./config";
import type { SignIns } from "./departments/ports";
import { type AnnotationObjects, type Annotator, InProcessAnnotator } from "./ingest/annotator";
import type { CataloguePorts } from "./ingest/feed-catalogue";
import type { Clock, DepartmentRegistry, IngestPorts, UploadLog } from "./ingest/ports";
import type { PublishedNowPorts } from "./ingest/published-now";
import type { SeasonPorts } from "./season/ports";

/** The department registry and the upload log over one set of clients: what the operator's commands use. */
export interface Records {
  clients: AwsClients;
  departments: DepartmentRegistry;
  uploads: UploadLog;
  /** What is published now is read from (`gongkai status` shows each upload against it). */
  published: PublishedNowPorts;
  /** Closes the clients' connections. */
  close(): void;
}

/** Everything the ingest use case runs on, and the season's use cases. */
export interface Pipeline extends Records {
  ports: IngestPorts;
  season: SeasonPorts;
}

const systemClock: Clock = { now: () => new Date() };

/** The department registry and the upload log (operator commands on AWS, which never ingest). */
export function composeRecords(config: StoreConfig): Records {
  const clients = awsClients(config.aws);
  return recordsOver(clients, new Table(clients.dynamodb, config.table));
}

function recordsOver(clients: AwsClients, table: Table): Records {
  return {
    clients,
    departments: new DynamoDbDepartmentRegistry(table),
    uploads: new DynamoDbUploadLog(table),
    published: { versions: new DynamoDbReportVersions(table), aggregates: new DynamoDbAggregates(table) },
    close: () => destroyClients(clients),
  };
}

/** The ingest use case's ports (the Lambda, the local stack, local commands that replay events). */
export function composePipeline(config: Config, clock: Clock = systemClock): Pipeline {
  const clients = awsClients(config.aws);
  const table = new Table(clients.dynamodb, config.table);
  const records = recordsOver(clients, table);
  const objects = new S3ObjectStore(clients.s3, config.uploadsBucket);
  const ports: IngestPorts = {
    objects,
    departments: records.departments,
    regions: new DynamoDbRegionRegistry(table),
    uploads: records.uploads,
    versions: records.published.versions,
    aggregates: records.published.aggregates,
    feed: new S3FeedStore(clients.s3, config.feedBucket),
    mailer: new SesMailer(clients.ses, config.mailFrom, config.sesConfigurationSet),
    annotator: annotatorFor(config, objects),
    refusals: new DynamoDbIntakeRefusals(table),
    clock,
    settings: {
      uploadsBucket: config.uploadsBucket,
      maxUploadBytes: config.maxUploadBytes,
      operatorEmail: config.operatorEmail,
      feedBaseUrl: config.feedBaseUrl.replace(/\/+$/, ""),
      ...(config.deskUrl ? { deskUrl: config.deskUrl } : {}),
    },
  };
  return {
    ...records,
    ports,
    season: { ...ports, roster: new DynamoDbRoster(table), season: config.season },
  };
}

/**
 * The annotate function when one is named (AWS), else the same use case in this process. The Lambda
 * client is built only then, so the local stack and the commands never open one.
 */
function annotatorFor(config: Config, objects: S3ObjectStore): Annotator {
  if (!config.annotatorFunction) return new InProcessAnnotator(objects);
  return new LambdaAnnotator(lambdaClient(config.aws), config.annotatorFunction);
}

/** The annotate function's ports: the uploads bucket's originals and annotated copies. */
export function composeAnnotation(config: AnnotatorConfig): { objects: AnnotationObjects; close(): void } {
  const s3 = s3Client(config.aws);
  return { objects: new S3ObjectStore(s3, config.uploadsBucket), close: () => s3.destroy() };
}

/** The catalogue rebuild's ports (its Lambda): the table's aggregates, registry and versions, the feed. */
export function composeCatalogue(
  config: CatalogueConfig,
  clock: Clock = systemClock,
): { ports: CataloguePorts; close(): void } {
  const clients = awsClients(config.aws);
  const table = new Table(clients.dynamodb, config.table);
  const ports: CataloguePorts = {
    aggregates: new DynamoDbAggregates(table),
    feed: new S3FeedStore(clients.s3, config.feedBucket),
    departments: new DynamoDbDepartmentRegistry(table),
    regions: new DynamoDbRegionRegistry(table),
    versions: new DynamoDbReportVersions(table),
    clock,
  };
  return { ports, close: () => destroyClients(clients) };
}

/** The SQS client of `gongkai reprocess` / `redrive` on AWS, and how to close it. */
export function composeQueues(aws: AwsConnection): { sqs: SQSClient; close(): void } {
  const sqs = sqsClient(aws);
  return { sqs, close: () => sqs.destroy() };
}

/**
 * The desk API's ports (its Lambda, and the local stack's HTTP server): the same table and buckets; it
 * publishes as the pipeline does (a clerk's explanation), but never mails.
 */
export function composeApi(config: ApiConfig, clock: Clock = systemClock): Records & { ports: ApiPorts } {
  const clients = awsClients(config.aws);
  const table = new Table(clients.dynamodb, config.table);
  const records = recordsOver(clients, table);
  const ports: ApiPorts = {
    tokens: new CognitoTokenVerifier(config.tokens),
    signer: new S3UploadSigner(clients.s3, config.uploadsBucket),
    issued: new DynamoDbIssuedUploads(table),
    uploads: records.uploads,
    departments: records.departments,
    objects: new S3ObjectStore(clients.s3, config.uploadsBucket),
    publishing: {
      departments: records.departments,
      regions: new DynamoDbRegionRegistry(table),
      versions: new DynamoDbReportVersions(table),
      aggregates: new DynamoDbAggregates(table),
      feed: new S3FeedStore(clients.s3, config.feedBucket),
      clock,
      settings: { feedBaseUrl: config.feedBaseUrl.replace(/\/+$/, "") },
    },
    clock,
    settings: {
      maxUploadBytes: config.maxUploadBytes,
      postExpirySeconds: config.postExpirySeconds,
      feedBaseUrl: config.feedBaseUrl.replace(/\/+$/, ""),
    },
  };
  return { ...records, ports };
}

/** The sign-ins of a user pool (`gongkai department add`), and how to close its client. */
export function composeSignIns(
  aws: AwsConnection,
  userPoolId: string,
  delivery: InvitationDelivery,
): { signIns: SignIns; close(): void } {
  const client = cognitoClient(aws);
  return { signIns: new CognitoSignIns(client, userPoolId, delivery), close: () => client.destroy() };
}
