import { createHash } from "node:crypto";

export const FEED_CONTENT_TYPE = "application/json; charset=utf-8";

/**
 * Cache-Control of the feed's documents.
 *
 * `document` (index, years, summaries, reports, departments — all replaced when a report is published):
 * - `max-age=60`: a portal or browser reuses its copy for a minute, then revalidates (S3 sends an ETag,
 *   so an unchanged document costs a 304, not a download);
 * - `s-maxage=60`: CloudFront answers the portal's polling from the edge and asks S3 at most once a
 *   minute per edge, so a newly published report is visible everywhere within about two minutes without
 *   paying for invalidations;
 * - `stale-while-revalidate=60`: an edge serves its copy at once while it fetches the new one;
 * - `stale-if-error=86400`: if S3 fails, readers keep the last good feed for a day rather than an error.
 * The year document names each report's sha256: a reader that finds a report one minute older than the
 * year document only has to fetch it again.
 *
 * `schema` (the JSON Schemas, changed only by a deployment, and only by adding fields): an hour.
 */
export const CACHE_CONTROL = {
  document: "public, max-age=60, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400",
  schema: "public, max-age=3600, s-maxage=3600, stale-while-revalidate=600, stale-if-error=86400",
} as const;

export interface SerializedDocument {
  body: string;
  /** SHA-256 of the body's UTF-8 bytes, lower-case hex. */
  sha256: string;
  contentType: string;
  cacheControl: string;
}

/**
 * A feed document as the bytes to write. Deterministic: `JSON.stringify` keeps keys in the order the
 * builders set them, so the same document always has the same bytes and the same sha256.
 */
export function serializeDocument(
  doc: unknown,
  kind: keyof typeof CACHE_CONTROL = "document",
): SerializedDocument {
  const body = JSON.stringify(doc);
  if (body === undefined) throw new Error("feed: nothing to serialize");
  return {
    body,
    sha256: createHash("sha256").update(body, "utf8").digest("hex"),
    contentType: FEED_CONTENT_TYPE,
    cacheControl: CACHE_CONTROL[kind],
  };
}

/** A text document (the year's CSV) as the bytes to write, with the document's cache policy. */
export function serializeText(body: string, contentType: string): SerializedDocument {
  return {
    body,
    sha256: createHash("sha256").update(body, "utf8").digest("hex"),
    contentType,
    cacheControl: CACHE_CONTROL.document,
  };
}

/** A text document written as it is produced (the year's CSV): its UTF-8 bytes a chunk at a time. */
export interface StreamedDocument {
  body: AsyncIterable<Uint8Array>;
  contentType: string;
  cacheControl: string;
}

/** What a streamed document's body was, known once all of it has been written. */
export interface StreamedDigest {
  /** SHA-256 of the body's UTF-8 bytes, lower-case hex: what `serializeText` gives for the whole text. */
  sha256: string;
  bytes: number;
}

/**
 * Text produced a chunk at a time as a document to stream, hashed and counted on the way, so no step
 * holds the whole body; `digest()` is its sha256 and size once the body has been read to its end.
 */
export function streamText(
  chunks: AsyncIterable<string>,
  contentType: string,
): { document: StreamedDocument; digest(): StreamedDigest } {
  const hash = createHash("sha256");
  const encoder = new TextEncoder();
  let bytes = 0;
  let ended = false;
  async function* body(): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      const encoded = encoder.encode(chunk);
      hash.update(encoded);
      bytes += encoded.byteLength;
      yield encoded;
    }
    ended = true;
  }
  let digest: StreamedDigest | undefined;
  return {
    document: { body: body(), contentType, cacheControl: CACHE_CONTROL.document },
    digest: () => {
      if (!ended) throw new Error("feed: the streamed text was not read to its end");
      digest ??= { sha256: hash.digest("hex"), bytes };
      return digest;
    },
  };
}
