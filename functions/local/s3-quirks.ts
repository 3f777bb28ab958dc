import { rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * s3rver's departures from S3 that can end the process or lose a request, fixed as S3 behaves.
 *
 * s3rver keeps each object in files named after its key: every `/`-separated segment a folder, the last
 * one the file `{segment}._S3rver_object`. A segment longer than a file name may be (255 bytes on ext4;
 * 80 Chinese characters are 240) makes its write stream fail with no handler, which ends the process. S3
 * takes any key up to 1,024 bytes, so here a long segment is kept in pieces of at most 200 bytes, each
 * but the last a folder marked `._S3rver_piece`; the key read back (listings included) is the same.
 */

const require = createRequire(import.meta.url);
const PIECE = "._S3rver_piece";
const PIECE_BYTES = 200;
/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

interface FilesystemStoreClass {
  encodeKeyPath(key: string): string;
  decodeKeyPath(keyPath: string): string;
  piecesPatched?: true;
}

/** Makes s3rver's file store keep long key segments in pieces (once per process; s3rver's class is global). */
export function storeLongSegmentsInPieces(): void {
  const store: FilesystemStoreClass = require("s3rver/lib/stores/filesystem");
  if (store.piecesPatched) return;
  const encode = store.encodeKeyPath.bind(store);
  const decode = store.decodeKeyPath.bind(store);
  store.encodeKeyPath = (key) => encode(key).split("/").map(inPieces).join("/");
  store.decodeKeyPath = (keyPath) => decode(keyPath.replaceAll(`${PIECE}/`, ""));
  store.piecesPatched = true;
}

/** A segment of at most PIECE_BYTES bytes as it is; a longer one cut between characters. */
function inPieces(segment: string): string {
  if (Buffer.byteLength(segment) <= PIECE_BYTES) return segment;
  const pieces: string[] = [];
  let piece = "";
  let bytes = 0;
  for (const char of segment) {
    const size = Buffer.byteLength(char);
    if (bytes + size > PIECE_BYTES) {
      pieces.push(piece);
      piece = "";
      bytes = 0;
    }
    piece += char;
    bytes += size;
  }
  return [...pieces.map((p) => `${p}${PIECE}`), piece].join("/");
}

interface KoaContext {
  headers: Record<string, string | string[] | undefined>;
  store: {
    getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
    existsObject(bucket: string, key: string): Promise<boolean>;
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  };
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
}
type S3ErrorClass = new (code: string, message: string, detail?: Record<string, string>) => Error;
const S3Error: S3ErrorClass = require("s3rver/lib/models/error");

/**
 * Refuses, as S3 does with 400, a path whose percent-encoding is malformed (`/bucket/100%`: s3rver's
 * router would keep it undecoded, and `%E0%A4%A` would reach code that throws) and a key over 1,024 bytes.
 */
export async function keysAsS3Takes(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  let path: string;
  try {
    path = decodeURIComponent(ctx.path);
  } catch {
    throw new S3Error("InvalidURI", "Couldn't parse the specified URI.", { URI: ctx.path.slice(0, 1100) });
  }
  const key = /^\/[^/]+\/(.+)$/.exec(path)?.[1];
  if (key && Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new S3Error("KeyTooLongError", "Your key is too long", {
      MaxSizeAllowed: String(MAX_KEY_BYTES),
      Size: String(Buffer.byteLength(key)),
    });
  }
  return next();
}

/**
 * A ranged GET of an empty object: S3 answers 416 InvalidRange; s3rver promises one byte, sends none
 * and the client sees the connection aborted (and retries it for good).
 */
export async function emptyObjectRanges(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const target = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
  const range = ctx.headers.range;
  if (ctx.method === "GET" && target && typeof range === "string" && /^bytes=/.test(range)) {
    const [, bucket = "", key = ""] = target;
    const metadata = await ctx.store.getMetadata(bucket, decodeURIComponent(key)).catch(() => null);
    if (metadata && Number(metadata["content-length"]) === 0) {
      throw new S3Error("InvalidRange", "The requested range is not satisfiable", { RangeRequested: range });
    }
  }
  return next();
}

// --- CopyObject sources ----------------------------------------------------------------------------

/**
 * S3 URL-decodes `x-amz-copy-source` (`bucket/key[?versionId=…]`) fully; s3rver applies decodeURI, which
 * leaves `%2B`, `%3D`, `%26`, `%3F`, `%23`… encoded. Hand s3rver the fully decoded source re-encoded with
 * encodeURI, which decodeURI inverts exactly. (s3rver has no versions; a versionId is dropped.)
 */
export async function copySourceAsS3Reads(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const source = ctx.headers["x-amz-copy-source"];
  if (typeof source === "string") {
    try {
      ctx.headers["x-amz-copy-source"] = encodeURI(
        decodeURIComponent(source.replace(/\?versionId=[^&]*$/, "")),
      );
    } catch {
      // Malformed percent-encoding: leave it to s3rver to refuse.
    }
  }
  return next();
}

// --- Create-only writes ----------------------------------------------------------------------------

/** `If-None-Match: *` on PutObject / CopyObject: 412 PreconditionFailed when the key exists, as S3 does. */
export async function createOnly(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const target = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
  if (
    ctx.method === "PUT" &&
    target &&
    ctx.headers["if-none-match"] === "*" &&
    !("partNumber" in ctx.query)
  ) {
    const [, bucket = "", key = ""] = target;
    if (await ctx.store.existsObject(bucket, decodeURIComponent(key))) {
      throw new S3Error(
        "PreconditionFailed",
        "At least one of the pre-conditions you specified did not hold",
        {
          Condition: "If-None-Match",
        },
      );
    }
  }
  return next();
}

// --- Aborted multipart uploads ---------------------------------------------------------------------

/**
 * AbortMultipartUpload (`DELETE /bucket/key?uploadId=…`), which s3rver answers 405 MethodNotAllowed: its
 * parts are dropped and it answers 204, an upload it does not hold (never begun, completed, aborted) 404
 * NoSuchUpload, as S3 does. s3rver keeps an upload's parts in a folder named by its id (32 hex digits).
 */
export async function abortableUploads(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const target = /^\/([^/]+)\/.+$/.exec(ctx.path);
  const uploadId = ctx.query.uploadId;
  if (ctx.method !== "DELETE" || !target || typeof uploadId !== "string") return next();
  const folder = /^[0-9a-f]{32}$/.test(uploadId)
    ? join(ctx.store.getResourcePath(target[1]!, undefined, "uploads"), uploadId)
    : null;
  if (!folder || !(await stat(folder).catch(() => null))?.isDirectory()) {
    throw new S3Error(
      "NoSuchUpload",
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been " +
        "aborted or completed.",
      { UploadId: uploadId },
    );
  }
  await rm(folder, { recursive: true, force: true });
  ctx.status = 204;
  ctx.body = null;
}
