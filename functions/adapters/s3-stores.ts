import { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { SerializedDocument } from "../core/feed";
import type { StreamedDocument } from "../core/feed/serialize";
import type { FeedStore, ObjectFacts, ObjectStore, SealedObject, UploadObject } from "../ingest/ports";
import { ANNOTATED_CONTENT_TYPE, originalKey, oversizeKey } from "../storage-layout";

const status = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const named = (error: unknown, ...names: string[]) => names.includes((error as { name?: string }).name ?? "");

/** The largest object one CopyObject request copies (S3's limit). */
export const COPY_LIMIT_BYTES = 5 * 1024 ** 3;

/**
 * S3's answer to reading an object stored with a customer-provided key (SSE-C) without the key: 400
 * `InvalidRequest`, "The object was stored using a form of Server Side Encryption. The correct
 * parameters must be provided to retrieve the object." No retry gets past it.
 */
export function isCustomerKeyRefusal(error: unknown): boolean {
  return (
    named(error, "InvalidRequest") &&
    /server side encryption/i.test((error as Error).message ?? "") &&
    (status(error) === undefined || status(error) === 400)
  );
}

/** The uploads bucket: uploads are read with a bounded range; originals kept content-addressed. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** The largest upload kept by a server-side copy (S3's CopyObject limit; smaller in tests). */
    private readonly copyLimitBytes = COPY_LIMIT_BYTES,
  ) {}

  async inspect(key: string, versionId: string | null): Promise<ObjectFacts | null> {
    try {
      const response = await this.client.send(
        new HeadObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      );
      // A server without versions (s3rver) answers for the object whatever version was asked for.
      if (versionId && response.VersionId !== versionId) return null;
      return {
        versionId: response.VersionId ?? null,
        lastModified: (response.LastModified ?? new Date(0)).toISOString(),
        size: response.ContentLength ?? 0,
      };
    } catch (error) {
      if (named(error, "NoSuchKey", "NoSuchVersion", "NotFound") || status(error) === 404) return null;
      // A HEAD answer has no body, so a 400 says neither "no such version" nor "sealed": a GET tells.
      if (status(error) === 400) {
        const facts = await this.sealedFacts(key, versionId);
        if (facts === undefined) throw error;
        return facts;
      }
      throw error;
    }
  }

  /**
   * The facts of an object HEAD answered 400 for: sealed with a customer key (its time and size from the
   * listing, which needs no key), null for a version id S3 never issued (or an object gone meanwhile),
   * undefined when the GET does not explain the 400.
   */
  private async sealedFacts(key: string, versionId: string | null): Promise<ObjectFacts | null | undefined> {
    const probe = await this.read(key, versionId, 0).catch((error: unknown) => {
      if (versionId && (named(error, "InvalidArgument") || status(error) === 400)) return null;
      throw error;
    });
    if (!probe) return null;
    if (!("sealed" in probe)) return undefined;
    const listed = await this.client.send(
      new ListObjectsV2Command({ Bucket: this.bucket, Prefix: key, MaxKeys: 1 }),
    );
    const object = listed.Contents?.find((entry) => entry.Key === key);
    if (!object) return null;
    return {
      versionId,
      lastModified: (object.LastModified ?? new Date(0)).toISOString(),
      size: object.Size ?? 0,
      sealed: "customer_key",
    };
  }

  async read(
    key: string,
    versionId: string | null,
    maxBytes: number,
  ): Promise<UploadObject | SealedObject | null> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
          // Never more than one byte past the limit: enough to know the file is too large.
          Range: `bytes=0-${maxBytes}`,
        }),
      );
      const bytes = await response.Body!.transformToByteArray();
      const total = /\/(\d+)$/.exec(response.ContentRange ?? "")?.[1];
      return {
        bytes,
        size: total ? Number(total) : bytes.length,
        versionId: response.VersionId ?? versionId,
        lastModified: (response.LastModified ?? new Date(0)).toISOString(),
      };
    } catch (error) {
      if (named(error, "NoSuchKey", "NoSuchVersion", "NotFound") || status(error) === 404) return null;
      if (isCustomerKeyRefusal(error)) return { sealed: "customer_key", size: 0, versionId };
      // An empty object cannot satisfy a byte range.
      if (named(error, "InvalidRange") || status(error) === 416) {
        return { bytes: new Uint8Array(0), size: 0, versionId, lastModified: new Date(0).toISOString() };
      }
      throw error;
    }
  }

  async keepOriginal(sha256: string, bytes: Uint8Array, sourceKey: string): Promise<string> {
    const key = originalKey(sha256);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          IfNoneMatch: "*",
          ContentType: "application/octet-stream",
          Metadata: { "source-key": encodeURIComponent(sourceKey).slice(0, 1024) },
        }),
      );
    } catch (error) {
      // Already kept: the same bytes under the same name.
      if (
        !(
          named(error, "PreconditionFailed", "ConditionalRequestConflict") ||
          status(error) === 412 ||
          status(error) === 409
        )
      ) {
        throw error;
      }
    }
    return key;
  }

  async keepAnnotated(key: string, bytes: Uint8Array): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: ANNOTATED_CONTENT_TYPE,
      }),
    );
  }

  async readObject(key: string): Promise<Uint8Array | null> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await response.Body!.transformToByteArray();
    } catch (error) {
      if (named(error, "NoSuchKey", "NotFound") || status(error) === 404) return null;
      throw error;
    }
  }

  async keepOversize(
    key: string,
    versionId: string | null,
    order: string,
    size: number,
  ): Promise<string | null> {
    // Beyond one request's limit a copy would fail on every delivery; the upload itself stays under uploads/.
    if (size > this.copyLimitBytes) return null;
    const target = oversizeKey(order);
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: target,
        CopySource: copySource(this.bucket, key, versionId),
      }),
    );
    return target;
  }
}

/** `bucket/key` as CopyObject's `CopySource` wants it: each path segment URI-encoded. */
export function copySource(bucket: string, key: string, versionId?: string | null): string {
  const source = `${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
  return versionId ? `${source}?versionId=${encodeURIComponent(versionId)}` : source;
}

/** The smallest part of a multipart upload S3 takes (all but the last), and the default part size. */
export const MIN_PART_BYTES = 5 * 1024 ** 2;

/** How a streamed document is uploaded: the part size, and how many parts are sent at once. */
export interface StreamedWrites {
  /** Bytes of each part but the last (at least 5 MiB, S3's minimum); default 5 MiB. */
  partBytes?: number;
  /** Parts uploaded at once; default 2. What a streamed write holds is about (this + 1) × `partBytes`. */
  partsAtOnce?: number;
}

/** The feed bucket: every document written with its content type and cache policy. */
export class S3FeedStore implements FeedStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly streamed: StreamedWrites = {},
  ) {}

  async write(path: string, document: SerializedDocument): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: path,
        Body: document.body,
        ContentType: document.contentType,
        CacheControl: document.cacheControl,
        Metadata: { sha256: document.sha256 },
      }),
    );
  }

  /**
   * A body of one part is one PutObject; a longer one a multipart upload (lib-storage's `Upload`), which
   * S3 makes the object only on CompleteMultipartUpload, so readers see the previous one until then.
   * When the body or a part fails, `Upload` aborts the upload (its parts are dropped) and throws; a process
   * killed meanwhile leaves the parts to the bucket's lifecycle rule (abort incomplete uploads). No
   * `sha256` metadata as `write` gives: S3 takes metadata when the upload is created, before the body
   * exists.
   */
  async writeStream(path: string, document: StreamedDocument): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: path,
        Body: Readable.from(document.body),
        ContentType: document.contentType,
        CacheControl: document.cacheControl,
      },
      partSize: this.streamed.partBytes ?? MIN_PART_BYTES,
      queueSize: this.streamed.partsAtOnce ?? 2,
    });
    await upload.done();
  }

  async remove(path: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: path }));
  }
}
