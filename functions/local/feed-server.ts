import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { ApiPorts } from "../api/ports";
import { feedObjectPath, feedResponseHeaders, preflightHeaders } from "../feed-http";
import { OBJECT_PREFIX } from "../storage-layout";
import { serveDeskApi } from "./desk-api";
import { isDeskPath } from "./desk-page";

/**
 * The feed's root on the local stack, answered as the CloudFront distribution answers it (`feed-http.ts`
 * holds what both send): a preflight with 204, a folder with its index document, `v1/…` from the feed
 * bucket with its content type, cache policy and ETag (a matching If-None-Match gets a 304), and every
 * other path from the reference portal (`web/portal/`), built on the first request for it.
 */

type PortalFiles = Map<string, { bytes: Uint8Array; contentType: string }>;
let portal: Promise<PortalFiles> | undefined;

function portalFiles(): Promise<PortalFiles> {
  portal ??= import("../../web/portal/build").then(async ({ buildPortal }) => {
    const files = await buildPortal();
    return new Map(files.map((file) => [file.path, file]));
  });
  return portal;
}

export async function serveFeedObject(
  s3: S3Client,
  bucket: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const common = feedResponseHeaders();
  if (request.method === "OPTIONS") {
    response.writeHead(204, preflightHeaders()).end();
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { ...common, allow: "GET, HEAD, OPTIONS" }).end();
    return;
  }
  const notFound = () =>
    response.writeHead(404, { ...common, "content-type": "text/plain; charset=utf-8" }).end("not found\n");
  let pathname: string;
  try {
    pathname = feedObjectPath(decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname));
  } catch {
    // `/v1/%E0%A4%A`, `/v1/100%`: a path no object can have, answered, never thrown.
    response
      .writeHead(400, { ...common, "content-type": "text/plain; charset=utf-8" })
      .end("malformed path\n");
    return;
  }
  const path = pathname.replace(/^\/+/, "");
  if (path.includes("..")) {
    notFound();
    return;
  }
  if (!path.startsWith(OBJECT_PREFIX.feed)) {
    const file = (await portalFiles()).get(path);
    if (!file) {
      notFound();
      return;
    }
    response
      .writeHead(200, {
        ...common,
        "content-type": file.contentType,
        "content-length": file.bytes.length,
        "cache-control": "no-cache",
      })
      .end(request.method === "HEAD" ? undefined : file.bytes);
    return;
  }
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: path }));
    const etag = object.ETag ?? "";
    const headers = {
      ...common,
      "content-type": object.ContentType ?? "application/json; charset=utf-8",
      "cache-control": object.CacheControl ?? "no-cache",
      etag,
    };
    if (etag && request.headers["if-none-match"] === etag) {
      response.writeHead(304, headers).end();
      return;
    }
    const body = await object.Body!.transformToByteArray();
    response.writeHead(200, headers).end(request.method === "HEAD" ? undefined : body);
  } catch (error) {
    const missing = (error as Error).name === "NoSuchKey";
    response
      .writeHead(missing ? 404 : 502, { ...common, "content-type": "text/plain; charset=utf-8" })
      .end(missing ? "not found\n" : "feed store error\n");
  }
}

/**
 * The feed over HTTP, as CloudFront serves it (`serveFeedObject` above): the feed, the portal at its root; the
 * desk API under `/api/`; and the desk page under `/desk/`.
 */
export async function serveFeed(
  s3: () => S3Client,
  feedBucket: string,
  api: () => ApiPorts,
  port: number,
  desk: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): Promise<Server> {
  const server = createServer(async (request, response) => {
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    if (pathname.startsWith("/api/")) {
      await serveDeskApi(api(), request, response);
      return;
    }
    if (isDeskPath(pathname)) {
      await desk(request, response);
      return;
    }
    await serveFeedObject(s3(), feedBucket, request, response);
  });
  // A reader that pauses (a CLI waiting on a child process) must not find its kept-alive socket closed
  // under it as it sends: idle connections are kept for a minute, as a CDN's viewer connections are.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" && port !== 0) server.listen(0, "127.0.0.1", () => resolve());
      else reject(error);
    });
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return server;
}
