import type { IncomingMessage, ServerResponse } from "node:http";
import {
  DESK_CONFIG_FILE,
  DESK_PATH,
  type DeskConfig,
  deskContentSecurityPolicy,
  originOf,
} from "../../web/desk/config";
import type { LocalEndpoints } from "./stack";

/**
 * The desk page on the local stack's HTTP server, at `/desk/` as CloudFront serves it: the page built
 * from `web/desk/` (once per process, on the first request: most uses of the stack never open it), its
 * `config.json` written from the stack's endpoints, and the same security headers.
 */

type DeskFiles = Map<string, { bytes: Uint8Array; contentType: string }>;

let built: Promise<DeskFiles> | undefined;

function deskFiles(): Promise<DeskFiles> {
  built ??= import("../../web/desk/build").then(async ({ buildDeskPage }) => {
    const files = await buildDeskPage();
    return new Map(files.map((file) => [file.path, file]));
  });
  return built;
}

/** The page's config on the local stack: its API, cognito-local, its feed and its upload limit. */
export function localDeskConfig(endpoints: LocalEndpoints, maxUploadBytes: number): DeskConfig {
  return {
    api: endpoints.api,
    cognito: { endpoint: endpoints.cognito, clientId: endpoints.userPoolClientId, region: endpoints.region },
    feed: endpoints.feed,
    maxUploadBytes,
  };
}

/** Whether a path is the page's (`/desk`, `/desk/…`). */
export const isDeskPath = (pathname: string) =>
  pathname === DESK_PATH.slice(0, -1) || pathname.startsWith(DESK_PATH);

/** Answers a request for the page; `s3` is where the page's presigned POSTs go. */
export async function serveDeskPage(
  config: DeskConfig,
  s3: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  if (pathname === DESK_PATH.slice(0, -1)) {
    response.writeHead(301, { location: DESK_PATH }).end();
    return;
  }
  const headers = {
    "content-security-policy": deskContentSecurityPolicy(
      [config.api, config.cognito.endpoint, config.feed, s3].map(originOf),
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-cache",
  };
  const path = decodeURIComponent(pathname.slice(DESK_PATH.length)) || "index.html";
  if (path === DESK_CONFIG_FILE) {
    const body = `${JSON.stringify(config)}\n`;
    response
      .writeHead(200, { ...headers, "content-type": "application/json; charset=utf-8" })
      .end(request.method === "HEAD" ? undefined : body);
    return;
  }
  const file = (await deskFiles()).get(path);
  if (!file) {
    response.writeHead(404, { ...headers, "content-type": "text/plain; charset=utf-8" }).end("not found\n");
    return;
  }
  response
    .writeHead(200, { ...headers, "content-type": file.contentType, "content-length": file.bytes.length })
    .end(request.method === "HEAD" ? undefined : file.bytes);
}
