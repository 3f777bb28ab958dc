/**
 * The local stack: s3rver (S3), dynalite (DynamoDB) and aws-ses-v2-local (SES v2), in one process, on
 * 127.0.0.1 only, their state under one home directory. The handler code talks to them through the
 * ordinary SDK clients; only the endpoints differ from AWS.
 *
 * Local quirks handled here:
 * - s3rver builds ListObjectsV2 continuation tokens with DES, which Node 17+ (OpenSSL 3) refuses without
 *   `--openssl-legacy-provider`: every truncated ListObjectsV2 page answers 500. A middleware serves
 *   ListObjectsV2 through s3rver's ListObjects (v1, marker) code path with its own opaque tokens instead.
 * - s3rver reads `x-amz-copy-source` with decodeURI, so a properly encoded source (`%2B`, `%3D`, `%26`,
 *   `%3F`… per AWS) names a key that does not exist; it is re-encoded so that s3rver finds the S3 key.
 * - s3rver ignores `If-None-Match: *` on PutObject/CopyObject (S3's create-only write) and overwrites;
 *   here an existing key answers 412 PreconditionFailed, as on S3 (no 409 for racing writes, though).
 * - s3rver stores any browser POST upload and ignores its policy; `post-policy.ts` checks it as S3 does.
 * - s3rver emits its own, not quite S3-shaped, events with the key not URL-encoded; they are normalised
 *   to real S3 notification records (see `S3EventRecord`).
 * - s3rver only knows the access key `S3RVER`; dynalite and aws-ses-v2-local accept any, so
 *   `LOCAL_CREDENTIALS` is that pair.
 * - aws-ses-v2-local keeps mail in a module-global store (shared by every server in the process, lost
 *   when the process ends); `ses-server.ts` keeps it on disk as mail is sent.
 * - s3rver keeps an object in files named after its key's segments and crashes (an unhandled stream
 *   error) on a segment longer than a file name may be; `s3-file-names.ts` stores long segments in
 *   pieces, and a key over S3's 1,024 bytes or with malformed percent-encoding answers 400.
 * - s3rver answers AbortMultipartUpload 405; `abortableUploads` drops the upload's parts as S3 does.
 */
import type { EventEmitter } from "node:events";
import { mkdir } from "node:fs/promises";
import type { RequestListener, Server } from "node:http";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { S3EventRecord } from "aws-lambda";
import { postPolicies } from "./post-policy";
import {
  abortableUploads,
  copySourceAsS3Reads,
  createOnly,
  emptyObjectRanges,
  keysAsS3Takes,
  storeLongSegmentsInPieces,
} from "./s3-quirks";
import { startSes } from "./ses-server";

export type { S3EventRecord } from "aws-lambda";

export interface LocalServers {
  endpoints: { s3: string; dynamodb: string; ses: string };
  stop(): Promise<void>;
}

export interface LocalServerOptions {
  /** State directory: `s3/` (s3rver), `dynamodb/` (LevelDB), `ses/mailbox.jsonl`. Created if missing. */
  home: string;
  /** Preferred ports; when absent or taken, the OS assigns a free one. */
  ports?: { s3?: number; dynamodb?: number; ses?: number };
  /**
   * Called for every object created in any bucket (no prefix filter, unlike a bucket notification
   * configuration), synchronously before the S3 response is sent (Copy: just after). A synchronous
   * throw fails the request (500), so an event that could not be kept is never acknowledged; a
   * rejection is logged and does not fail the upload, as on AWS.
   */
  onObjectCreated?: (record: S3EventRecord) => void | Promise<void>;
}

/** The one key pair every local server accepts (s3rver knows only this access key). */
export const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;
export const LOCAL_REGION = "us-east-1";
/** The servers' customary ports, for callers that want stable endpoints. */
export const DEFAULT_LOCAL_PORTS = { s3: 4568, dynamodb: 4567, ses: 8005, cognito: 9229 } as const;

const HOST = "127.0.0.1";
const require = createRequire(import.meta.url);

// --- the untyped packages, as far as they are used here ------------------------------------------

interface KoaContext {
  headers: Record<string, string | string[] | undefined>;
  req: NodeJS.ReadableStream;
  store: S3rver["store"];
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface S3rverEvent {
  Records: {
    eventTime: string;
    eventName: string;
    userIdentity: { principalId: string };
    requestParameters: { sourceIPAddress: string };
    responseElements: { "x-amz-request-id": string; "x-amz-id-2": string };
    s3: {
      bucket: { name: string; ownerIdentity: { principalId: string } };
      object: { key: string; size?: number; eTag?: string };
    };
  }[];
}

interface S3rver extends EventEmitter {
  middleware: KoaMiddleware[];
  callback(): RequestListener;
  logger: { close(): void };
  store: {
    getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
    existsObject(bucket: string, key: string): Promise<boolean>;
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  };
}
type S3rverClass = new (options: { silent: boolean; directory: string; vhostBuckets: boolean }) => S3rver;
type S3ErrorClass = new (code: string, message: string, detail?: Record<string, string>) => Error;
type Dynalite = (options: {
  path: string;
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}) => Server;

// --- start / stop --------------------------------------------------------------------------------

export async function startLocalServers(options: LocalServerOptions): Promise<LocalServers> {
  const { home, ports = {} } = options;
  await Promise.all(["s3", "dynamodb", "ses"].map((dir) => mkdir(join(home, dir), { recursive: true })));
  const closers: (() => Promise<void>)[] = [];
  const stop = async () => {
    const results = await Promise.allSettled(closers.splice(0).map((close) => close()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  };
  try {
    const s3 = await startS3(join(home, "s3"), ports.s3 ?? 0, options.onObjectCreated, closers);
    const dynamodb = await startDynamoDb(join(home, "dynamodb"), ports.dynamodb ?? 0, closers);
    const ses = await startSes(join(home, "ses"), HOST, ports.ses ?? 0, closers);
    let stopping: Promise<void> | undefined;
    return { endpoints: { s3, dynamodb, ses }, stop: () => (stopping ??= stop()) };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

async function startS3(
  directory: string,
  port: number,
  onObjectCreated: LocalServerOptions["onObjectCreated"],
  closers: (() => Promise<void>)[],
): Promise<string> {
  const S3rverImpl: S3rverClass = require("s3rver");
  storeLongSegmentsInPieces();
  const s3rver = new S3rverImpl({ silent: true, directory, vhostBuckets: false });
  // After s3rver's XML encoder and vhost rewrite, just before its router.
  s3rver.middleware.splice(
    s3rver.middleware.length - 1,
    0,
    keysAsS3Takes,
    listObjectsV2WithoutDes,
    copySourceAsS3Reads,
    createOnly,
    emptyObjectRanges,
    abortableUploads,
    postPolicies(LOCAL_CREDENTIALS.secretAccessKey),
  );
  if (onObjectCreated) {
    s3rver.on("event", (event: S3rverEvent) => {
      const raw = event.Records[0];
      if (!raw?.eventName.startsWith("ObjectCreated:")) return;
      const record = toS3EventRecord(raw, nextSequencer());
      if (record.s3.object.eTag) return deliver(onObjectCreated, record);
      // s3rver's Copy events carry no ETag.
      s3rver.store
        .getMetadata(raw.s3.bucket.name, raw.s3.object.key)
        .then(
          (metadata) => deliver(onObjectCreated, withETag(record, metadata.etag ?? "")),
          () => deliver(onObjectCreated, record),
        )
        .catch((error) => console.error(`local S3 event for ${raw.s3.object.key} was not kept:`, error));
    });
  }
  const server = createServer(s3rver.callback());
  closers.push(async () => {
    await closeServer(server);
    s3rver.logger.close();
  });
  return `http://${HOST}:${await listen(server, port)}`;
}

async function startDynamoDb(path: string, port: number, closers: (() => Promise<void>)[]): Promise<string> {
  await assertLevelDbUsable(path);
  const dynalite: Dynalite = require("dynalite");
  // 0 ms: tables are ACTIVE right after CreateTable returns (one timer tick later, strictly).
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  closers.push(() => closeServer(server));
  return `http://${HOST}:${await listen(server, port)}`;
}

/**
 * dynalite opens its LevelDB lazily and throws (crashing the process) on the first request if that
 * fails, e.g. when another local stack holds the home's LOCK. Open and close it once first to fail here.
 */
async function assertLevelDbUsable(path: string): Promise<void> {
  const { Level } = createRequire(require.resolve("dynalite"))("level") as {
    Level: new (path: string) => { open(): Promise<void>; close(): Promise<void> };
  };
  const db = new Level(path);
  try {
    await db.open();
  } catch (error) {
    throw new Error(`local DynamoDB: cannot open ${path} (is another local stack using this home?)`, {
      cause: error,
    });
  }
  await db.close();
}

function listen(server: Server, port: number): Promise<number> {
  const once = (p: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => {
        server.off("listening", onListening);
        reject(error);
      };
      const onListening = () => {
        server.off("error", onError);
        resolve((server.address() as AddressInfo).port);
      };
      server.once("error", onError).once("listening", onListening).listen(p, HOST);
    });
  return once(port).catch((error: NodeJS.ErrnoException) => {
    if (port !== 0 && error.code === "EADDRINUSE") return once(0);
    throw error;
  });
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // SDK clients keep connections alive; close() alone would wait for them.
    server.closeAllConnections();
  });
}

// --- S3 event records ----------------------------------------------------------------------------

let lastSequencer = 0n;

/**
 * Real S3 sequencers are hex strings, compared after left-padding to equal length. Here: nanoseconds
 * since the epoch at millisecond resolution, bumped by one when events share a millisecond, so they
 * increase across events and across restarts (as long as the clock does not run backwards).
 */
function nextSequencer(): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  lastSequencer = now > lastSequencer ? now : lastSequencer + 1n;
  return lastSequencer.toString(16).toUpperCase().padStart(18, "0");
}

function toS3EventRecord(raw: S3rverEvent["Records"][number], sequencer: string): S3EventRecord {
  const { bucket, object } = raw.s3;
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: LOCAL_REGION,
    eventTime: raw.eventTime,
    eventName: raw.eventName,
    userIdentity: raw.userIdentity,
    requestParameters: raw.requestParameters,
    responseElements: raw.responseElements,
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: "local-object-created",
      bucket: { name: bucket.name, ownerIdentity: bucket.ownerIdentity, arn: `arn:aws:s3:::${bucket.name}` },
      object: { key: encodeS3Key(object.key), size: object.size ?? 0, eTag: object.eTag ?? "", sequencer },
    },
  };
}

function withETag(record: S3EventRecord, etag: string): S3EventRecord {
  const eTag = etag.replace(/"/g, "");
  return { ...record, s3: { ...record.s3, object: { ...record.s3.object, eTag } } };
}

function deliver(callback: NonNullable<LocalServerOptions["onObjectCreated"]>, record: S3EventRecord): void {
  const report = (error: unknown) =>
    console.error(`local S3 event for ${record.s3.bucket.name}/${record.s3.object.key} failed:`, error);
  // A synchronous throw reaches s3rver's controller, which answers 500.
  Promise.resolve(callback(record)).catch(report);
}

/**
 * Encodes a key as S3 does in event notifications (application/x-www-form-urlencoded style): UTF-8
 * percent-encoding, space as `+`, `/` left as is.
 */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+")
    .replace(/%2F/g, "/");
}

/** The key of an S3 event record (from AWS or the local stack) as the S3 API expects it. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}

// --- ListObjectsV2 without DES -------------------------------------------------------------------

const S3Error: S3ErrorClass = require("s3rver/lib/models/error");

const encodeToken = (bucket: string, key: string) =>
  Buffer.from(JSON.stringify([bucket, key])).toString("base64");

function decodeToken(token: string, bucket: string): string | undefined {
  try {
    const [tokenBucket, key] = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as unknown[];
    return tokenBucket === bucket && typeof key === "string" ? key : undefined;
  } catch {
    return undefined;
  }
}

interface ListBucketResult {
  "@": unknown;
  Name: string;
  Prefix: string;
  MaxKeys: unknown;
  Delimiter?: string;
  IsTruncated: boolean;
  Contents: { Key: string; Owner?: unknown }[];
  CommonPrefixes: unknown[];
}

/** Serves `GET /{bucket}?list-type=2` with s3rver's v1 listing (marker = start key) and own tokens. */
async function listObjectsV2WithoutDes(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1];
  const { "list-type": listType, "continuation-token": token, ...rest } = ctx.query;
  if (ctx.method !== "GET" || !bucket || listType !== "2") return next();
  const { "start-after": startAfter, "fetch-owner": fetchOwner, ...v1Query } = rest;
  if (typeof token === "string" && token) {
    const after = decodeToken(token, bucket);
    if (after === undefined) {
      throw new S3Error("InvalidArgument", "The continuation token provided is incorrect", {
        ArgumentName: "continuation-token",
      });
    }
    v1Query.marker = after;
  } else if (typeof startAfter === "string" && startAfter) {
    v1Query.marker = startAfter;
  }
  ctx.query = v1Query;
  await next();
  const result = (ctx.body as { ListBucketResult?: ListBucketResult } | undefined)?.ListBucketResult;
  if (ctx.status !== 200 || !result) return;
  const last = result.Contents.at(-1)?.Key;
  ctx.body = {
    ListBucketResult: {
      "@": result["@"],
      Name: result.Name,
      Prefix: result.Prefix,
      StartAfter: token ? undefined : startAfter,
      ContinuationToken: token || undefined,
      NextContinuationToken: result.IsTruncated && last !== undefined ? encodeToken(bucket, last) : undefined,
      KeyCount: result.Contents.length + result.CommonPrefixes.length,
      MaxKeys: result.MaxKeys,
      Delimiter: result.Delimiter,
      IsTruncated: result.IsTruncated,
      Contents: fetchOwner === "true" ? result.Contents : result.Contents.map(({ Owner: _, ...c }) => c),
      CommonPrefixes: result.CommonPrefixes,
    },
  };
}
