import { createRequire } from "node:module";

/**
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
  path: string;
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
