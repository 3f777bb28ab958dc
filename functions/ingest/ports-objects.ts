import type { SerializedDocument } from "../core/feed";
import type { StreamedDocument } from "../core/feed/serialize";

/** The ingest's ports for objects: the uploads bucket and the feed. */

/**
 * Why an upload's bytes are not kept under `originals/`: stored encrypted with the uploader's own key
 * (SSE-C: S3 gives none of its bytes without it), or larger than S3 copies in one request (5 GiB).
 */
export type OriginalNotKept = "customer_key" | "larger_than_copy_limit";

/** What S3 itself says of one version of an object: the facts the intake orders uploads by. */
export interface ObjectFacts {
  versionId: string | null;
  /** S3's Last-Modified of the version (whole seconds). */
  lastModified: string;
  size: number;
  /** Encrypted with a key only the uploader has: there, but none of its bytes can be read. */
  sealed?: "customer_key";
}

/** An object S3 holds but gives none of its bytes: encrypted with a key only the uploader has (SSE-C). */
export interface SealedObject {
  sealed: "customer_key";
  size: number;
  versionId: string | null;
}

export interface UploadObject {
  bytes: Uint8Array;
  size: number;
  versionId: string | null;
  lastModified: string;
}

export interface ObjectStore {
  /** What S3 says of the object (version): null when there is no such object or version. */
  inspect(key: string, versionId: string | null): Promise<ObjectFacts | null>;
  /**
   * The upload's bytes, at most `maxBytes + 1` of them; null when the object (version) is gone; sealed
   * when S3 holds it but will give none of it (never thrown: retrying would not change that).
   */
  read(key: string, versionId: string | null, maxBytes: number): Promise<UploadObject | SealedObject | null>;
  /** Keeps the bytes under `originals/{sha256}`; writing the same bytes again changes nothing. */
  keepOriginal(sha256: string, bytes: Uint8Array, sourceKey: string): Promise<string>;
  /**
   * Keeps an upload too large to read here by a server-side copy (`originals/oversize/…`); null when it is
   * larger than one copy request may be (5 GiB), and so not kept.
   */
  keepOversize(key: string, versionId: string | null, order: string, size: number): Promise<string | null>;
  /** Keeps an annotated copy (an .xlsx) under `key`; writing it again replaces it. */
  keepAnnotated(key: string, bytes: Uint8Array): Promise<void>;
  /** An object's bytes (an annotated copy), or null when there is none. */
  readObject(key: string): Promise<Uint8Array | null>;
}

export interface FeedStore {
  write(path: string, document: SerializedDocument): Promise<void>;
  /**
   * Writes a document as its body is produced (the year's CSV), never holding more than a few parts of
   * it. Readers see the previous document until the whole new one is there; when the body fails (or the
   * write does) nothing of the new one is left behind and the error is thrown.
   */
  writeStream(path: string, document: StreamedDocument): Promise<void>;
  /** Removes a document (a withdrawn report); removing one that is not there is no error. */
  remove(path: string): Promise<void>;
}
