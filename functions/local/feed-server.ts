import { createServer, type Server } from "node:http";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { ApiPorts } from "../api/ports";
import { OBJECT_PREFIX } from "../storage-layout";
import { serveDeskApi } from "./desk-api";

/**
 * The feed over HTTP, as CloudFront serves it: JSON, cache headers, CORS for GET, ETag revalidation; and
 * the desk API under `/api/`.
 */
export async function serveFeed(
  s3: () => S3Client,
  bucket: string,
  api: () => ApiPorts,
  port: number,
): Promise<Server> {
  const server = createServer(async (request, response) => {
    if (requestPath(request.url).startsWith("/api/")) {
      await serveDeskApi(api(), request, response);
      return;
    }
    const cors = { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, HEAD, OPTIONS" };
    if (request.method === "OPTIONS") {
      response.writeHead(204, cors).end();
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, cors).end();
      return;
    }
    const path = feedKey(request.url);
    if (path === null) {
      response.writeHead(400, { ...cors, "content-type": "text/plain" }).end("malformed path\n");
      return;
    }
    if (!path.startsWith(OBJECT_PREFIX.feed) || path.includes("..")) {
      response.writeHead(404, { ...cors, "content-type": "text/plain" }).end("not found\n");
      return;
    }
    try {
      const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: path }));
      const etag = object.ETag ?? "";
      const headers = {
        ...cors,
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
        .writeHead(missing ? 404 : 502, { ...cors, "content-type": "text/plain" })
        .end(missing ? "not found\n" : "feed store error\n");
    }
  });
  // Idle connections stay open a minute (Node's default is 5 s): a client whose event loop was busy (a
  // test waiting on a spawned command) reuses one before it has seen the close, and the request fails.
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

/** The path of a request URL; `/` for one that is not a URL at all. */
function requestPath(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

/** The feed object a path names, or null when its percent-encoding is malformed (`/v1/100%`). */
function feedKey(url: string | undefined): string | null {
  try {
    return decodeURIComponent(requestPath(url)).replace(/^\/+/, "");
  } catch {
    return null;
  }
}
