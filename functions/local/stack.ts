import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { CreateBucketCommand, PutBucketCorsCommand } from "@aws-sdk/client-s3";
import { type AwsClients, cognitoClient } from "../adapters/aws-clients";
import { ensureTable } from "../adapters/dynamodb/table";
import type { ApiPorts } from "../api/ports";
import { API_BASE } from "../api/routes";
import { composeApi, composePipeline, type Pipeline } from "../compose";
import { type ApiConfig, type Config, DEFAULT_POST_EXPIRY_SECONDS } from "../config";
import { DEFAULT_SEASON } from "../core/season/rounds";
import { type CatalogueOutcome, rebuildCatalogue } from "../ingest/feed-catalogue";
import type { IngestOutcome } from "../ingest/ingest-upload";
import type { IngestPorts } from "../ingest/ports";
import { processBatch } from "../ingest/process-batch";
import type { SeasonPorts } from "../season/ports";
import { OBJECT_PREFIX } from "../storage-layout";
import { ensureUserPool } from "./cognito";
import { laneOf, serialized, sqsEnvelope } from "./consumer-lanes";
import { localDeskConfig, serveDeskPage } from "./desk-page";
import { serveFeed } from "./feed-server";
import { withLocalMailbox } from "./mailbox";
import { type ServerProcess, startServerProcess } from "./server-process";
import { LOCAL_CREDENTIALS, LOCAL_REGION, type S3EventRecord } from "./servers";

/**
 * The whole pipeline on one machine: the three local AWS servers and cognito-local, the buckets, table
 * and user pool, S3's object-created events delivered to the same batch handler the Lambda runs (in SQS's
 * envelope, with retries and a dead-letter file), and one HTTP server with the feed as CloudFront would
 * serve it (`/v1/`) and the desk API as the HTTP API would (`/api/v1/`, the same handler).
 */

export { sqsEnvelope } from "./consumer-lanes";

export interface LocalEndpoints {
  s3: string;
  dynamodb: string;
  ses: string;
  /** cognito-local: the Cognito API, and each pool's issuer `{cognito}/{userPoolId}`. */
  cognito: string;
  feed: string;
  /** The desk API's base URL (`{feed}/api/v1`). */
  api: string;
  userPoolId: string;
  userPoolClientId: string;
  /** The issuer of the pool's tokens (`{cognito}/{userPoolId}`). */
  tokenIssuer: string;
  uploadsBucket: string;
  feedBucket: string;
  table: string;
  region: string;
}

export interface LocalStack {
  endpoints: LocalEndpoints;
  config: Config;
  clients: AwsClients;
  ports: IngestPorts;
  /** The season's use cases' ports over the same adapters. */
  season: SeasonPorts;
  /** The desk API's ports (the same table and bucket). */
  api: ApiPorts;
  /** Rebuilds the feed's catalogue now (what the timer does), after the queued uploads are handled. */
  catalogue: () => Promise<CatalogueOutcome>;
  /** Every upload event S3 delivered, in order (for replaying one, as SQS may). */
  events: S3EventRecord[];
  /** CPU time the local servers' own process has used (for the benchmarks; this one's is `process`'s). */
  serverCpuUsage(): Promise<NodeJS.CpuUsage>;
  /** Resolves when every event delivered so far has been handled. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  home: string;
  ports?: { s3?: number; dynamodb?: number; ses?: number; cognito?: number; feed?: number };
  onOutcome?: (outcome: IngestOutcome) => void;
  /** Deliveries of one message before it goes to `dead-letter.jsonl` (SQS maxReceiveCount). */
  maxReceiveCount?: number;
  /** false: record S3's events (`events`) without handling them, for tests that drive the handler. */
  deliver?: boolean;
  /**
   * How often (ms) the feed's catalogue — the years' CSV, the department list — is rebuilt when something
   * changed, as the scheduled function does on AWS each minute; default 5 s, 0: only by `catalogue()`.
   */
  catalogueEvery?: number;
  /** Entries a listing page holds before it splits: small in tests of splitting. */
  listingPageCapacity?: number;
  /**
   * Events handled at once (as several Lambda instances would; default 1, in arrival order). Each
   * department's events go to one consumer, in arrival order; another department's upload may be
   * handled before an earlier one.
   */
  consumers?: number;
}

export const LOCAL_NAMES = {
  uploadsBucket: "gongkai-uploads",
  feedBucket: "gongkai-feed",
  table: "gongkai",
} as const;

export function endpointsFile(home: string): string {
  return join(home, "endpoints.json");
}

export async function readEndpoints(home: string): Promise<LocalEndpoints | null> {
  try {
    return JSON.parse(await readFile(endpointsFile(home), "utf8")) as LocalEndpoints;
  } catch {
    return null;
  }
}

/** The configuration of the pipeline on the local stack at these endpoints. */
export function localConfig(endpoints: LocalEndpoints): Config {
  return {
    uploadsBucket: endpoints.uploadsBucket,
    feedBucket: endpoints.feedBucket,
    table: endpoints.table,
    mailFrom: "gongkai@localhost",
    operatorEmail: "operator@localhost",
    feedBaseUrl: endpoints.feed,
    // The desk page the local stack serves (serveDeskPage, at /desk/).
    deskUrl: `${endpoints.feed}/desk/`,
    maxUploadBytes: 10 * 1024 * 1024,
    season: DEFAULT_SEASON,
    aws: {
      region: endpoints.region,
      credentials: LOCAL_CREDENTIALS,
      endpoints: {
        s3: endpoints.s3,
        dynamodb: endpoints.dynamodb,
        ses: endpoints.ses,
        cognito: endpoints.cognito,
      },
    },
  };
}

/** The desk API's configuration on the local stack at these endpoints. */
export function localApiConfig(endpoints: LocalEndpoints): ApiConfig {
  const { uploadsBucket, feedBucket, table, feedBaseUrl, maxUploadBytes, aws } = localConfig(endpoints);
  return {
    uploadsBucket,
    feedBucket,
    table,
    feedBaseUrl,
    maxUploadBytes,
    aws,
    tokens: { issuer: endpoints.tokenIssuer, clientId: endpoints.userPoolClientId },
    postExpirySeconds: DEFAULT_POST_EXPIRY_SECONDS,
  };
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const startedAt = new Date().toISOString();
  await mkdir(options.home, { recursive: true });
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  const events: S3EventRecord[] = [];
  let ports: IngestPorts | undefined;
  let started!: () => void;
  // Nothing is handled before the pipeline is composed; S3 may take (and the journal keep) uploads sooner.
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  const lanes: Promise<void>[] = Array.from({ length: Math.max(1, options.consumers ?? 1) }, () => ready);
  const journaled = options.deliver !== false;
  let servers: ServerProcess | undefined;
  const enqueue = (n: number, record: S3EventRecord) => {
    const lane = laneOf(record, lanes.length);
    lanes[lane] = lanes[lane]!.then(() => handle(record))
      .then(() => servers?.finish(n))
      .catch((error) => console.error("gongkai: local delivery failed", error));
  };
  const deliver = (record: S3EventRecord, n: number | undefined, replayed: boolean) => {
    if (
      record.s3.bucket.name !== LOCAL_NAMES.uploadsBucket ||
      !record.s3.object.key.startsWith(OBJECT_PREFIX.uploads)
    )
      return;
    // What a killed stack had not finished comes first, in the order it arrived.
    if (!replayed) events.push(record);
    // Kept on disk by the servers' process before S3 answered; handled now, as SQS → Lambda would.
    if (n !== undefined) enqueue(n, record);
  };
  const handle = async (record: S3EventRecord) => {
    const event = sqsEnvelope(record);
    for (let receive = 1; receive <= maxReceiveCount; receive++) {
      const response = await processBatch(ports!, event, {
        outcome: (outcome) => options.onOutcome?.(outcome),
        failure: (_id, error) =>
          console.error(`gongkai: ${record.s3.object.key} failed (try ${receive}):`, error),
      });
      if (response.batchItemFailures.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100 * receive));
    }
    await appendFile(join(options.home, "dead-letter.jsonl"), `${event.Records[0]!.body}\n`);
  };

  servers = await startServerProcess({
    home: options.home,
    ports: { ...options.ports },
    ...(journaled
      ? {
          journal: {
            file: join(options.home, "events.jsonl"),
            bucket: LOCAL_NAMES.uploadsBucket,
            prefix: OBJECT_PREFIX.uploads,
          },
        }
      : {}),
    onObjectCreated: deliver,
  });
  const { endpoints: serverEndpoints } = servers;
  let pipeline: Pipeline | undefined;
  let api: ReturnType<typeof composeApi> | undefined;
  let feedServer: Server | undefined;
  let endpoints: LocalEndpoints;
  let config: Config;
  try {
    // The HTTP server answers only once the stack is up; it needs its port for the config first.
    feedServer = await serveFeed(
      () => pipeline!.clients.s3,
      LOCAL_NAMES.feedBucket,
      () => api!.ports,
      options.ports?.feed ?? 0,
      (request, response) =>
        serveDeskPage(localDeskConfig(endpoints, config.maxUploadBytes), endpoints.s3, request, response),
    );
    const feed = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;
    const pool = await createUserPool(serverEndpoints.cognito);
    endpoints = {
      ...serverEndpoints,
      cognito: serverEndpoints.cognito,
      feed,
      api: `${feed}${API_BASE}`,
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.clientId,
      tokenIssuer: `${serverEndpoints.cognito}/${pool.userPoolId}`,
      ...LOCAL_NAMES,
      region: LOCAL_REGION,
    };
    config = localConfig(endpoints);
    pipeline = composePipeline(config);
    api = composeApi(localApiConfig(endpoints));
    const { clients } = pipeline;
    if (options.listingPageCapacity !== undefined) {
      // One settings object serves the pipeline's ports and the season's; the desk publishes explanations.
      Object.assign(pipeline.ports.settings, { listingPageCapacity: options.listingPageCapacity });
      Object.assign(api.ports.publishing.settings, { listingPageCapacity: options.listingPageCapacity });
    }
    // This process's one pipeline: a mail claim older than it belongs to a process that is gone, and the
    // local mailbox says whether that one sent the mail before it died.
    Object.assign(pipeline.ports.settings, { claimsOrphanedBefore: startedAt });
    pipeline.ports.mailer = withLocalMailbox(pipeline.ports.mailer, endpoints.ses);
    ports = pipeline.ports;
    await createResources(clients);
    started();
    await writeFile(endpointsFile(options.home), `${JSON.stringify(endpoints, null, 2)}\n`);
    // The same endpoints for any AWS SDK or the aws CLI: `source .gongkai/env.sh`.
    await writeFile(join(options.home, "env.sh"), envScript(endpoints));
    const server = feedServer;
    const catalogue = serialized(() => rebuildCatalogue(ports!));
    const every = options.catalogueEvery ?? 5000;
    const timer =
      every > 0
        ? setInterval(() => {
            catalogue().catch((error) => console.error("gongkai: catalogue rebuild failed", error));
          }, every)
        : undefined;
    timer?.unref();
    return {
      catalogue: async () => {
        let seen: Promise<void>[];
        do {
          seen = [...lanes];
          await Promise.all(seen);
        } while (seen.some((lane, i) => lane !== lanes[i]));
        return catalogue();
      },
      endpoints,
      config,
      clients,
      ports,
      season: pipeline.season,
      api: api.ports,
      events,
      serverCpuUsage: () => servers!.cpuUsage(),
      settle: async () => {
        let seen: Promise<void>[];
        do {
          seen = [...lanes];
          await Promise.all(seen);
        } while (seen.some((lane, i) => lane !== lanes[i]));
      },
      stop: async () => {
        clearInterval(timer);
        await Promise.all(lanes);
        await catalogue.idle();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Kept-alive connections too (held a minute otherwise), so stopping never waits for them.
        server.closeAllConnections();
        await closed;
        pipeline?.close();
        api?.close();
        await servers?.stop();
      },
    };
  } catch (error) {
    feedServer?.close();
    pipeline?.close();
    api?.close();
    await servers?.stop();
    throw error;
  }
}

async function createUserPool(endpoint: string) {
  const client = cognitoClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoints: { cognito: endpoint },
  });
  try {
    return await ensureUserPool(client);
  } finally {
    client.destroy();
  }
}

function envScript(endpoints: LocalEndpoints): string {
  return [
    `export AWS_ENDPOINT_URL_S3=${endpoints.s3}`,
    `export AWS_ENDPOINT_URL_DYNAMODB=${endpoints.dynamodb}`,
    `export AWS_ENDPOINT_URL_SESV2=${endpoints.ses}`,
    `export AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=${endpoints.cognito}`,
    `export AWS_REGION=${endpoints.region}`,
    `export AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId}`,
    `export AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
    "",
  ].join("\n");
}

async function createResources(clients: AwsClients) {
  for (const bucket of [LOCAL_NAMES.uploadsBucket, LOCAL_NAMES.feedBucket]) {
    try {
      await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if (!["BucketAlreadyOwnedByYou", "BucketAlreadyExists"].includes((error as Error).name)) throw error;
    }
  }
  await clients.s3.send(
    new PutBucketCorsCommand({
      Bucket: LOCAL_NAMES.feedBucket,
      CORSConfiguration: { CORSRules: [{ AllowedMethods: ["GET", "HEAD"], AllowedOrigins: ["*"] }] },
    }),
  );
  // The desk's page posts the workbook straight to S3 (a presigned POST).
  await clients.s3.send(
    new PutBucketCorsCommand({
      Bucket: LOCAL_NAMES.uploadsBucket,
      CORSConfiguration: {
        CORSRules: [{ AllowedMethods: ["POST"], AllowedOrigins: ["*"], AllowedHeaders: ["*"] }],
      },
    }),
  );
  await ensureTable(clients.dynamodb, LOCAL_NAMES.table);
}
