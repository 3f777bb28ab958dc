/**
 * How the feed answers over HTTP, written once for the two that serve it: the CloudFront distribution
 * (`infra/constructs/feed-distribution.ts`: its response headers policy and viewer-request function) and
 * the local stack's server (`functions/local/stack.ts`). Both send exactly these headers, answer a CORS
 * preflight the same way, and answer a folder (`/`, `/v1/`, `/v1/schema/`) with its index document.
 */

/** CORS: any origin may read the feed (GET, HEAD) and see its ETag to revalidate. */
export const FEED_CORS = {
  allowOrigin: "*",
  allowMethods: ["GET", "HEAD", "OPTIONS"],
  /** What a portal sends: conditional requests and ranges. */
  allowHeaders: ["If-None-Match", "If-Modified-Since", "Range"],
  exposeHeaders: ["ETag", "Last-Modified", "Content-Length"],
  maxAgeSeconds: 3600,
} as const;

/**
 * The portal's Content-Security-Policy (sent with every document at the feed's root, JSON included, as a
 * response headers policy applies to the whole behaviour): its own scripts, styles and the feed only.
 */
export const PORTAL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** HSTS for a year, sub-domains included. */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;

/** The headers every response of the feed's root carries (CORS and security), lower-case names. */
export function feedResponseHeaders(): Record<string, string> {
  return {
    "access-control-allow-origin": FEED_CORS.allowOrigin,
    "access-control-expose-headers": FEED_CORS.exposeHeaders.join(", "),
    "content-security-policy": PORTAL_CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "strict-transport-security": `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
  };
}

/** The answer to a CORS preflight: 204 with what may be asked, cached by the browser for an hour. */
export function preflightHeaders(): Record<string, string> {
  return {
    ...feedResponseHeaders(),
    "access-control-allow-methods": FEED_CORS.allowMethods.join(", "),
    "access-control-allow-headers": FEED_CORS.allowHeaders.join(", "),
    "access-control-max-age": String(FEED_CORS.maxAgeSeconds),
  };
}

/** Folders answered with their index document (S3 behind OAC has no index documents). */
export const FOLDER_INDEXES: Readonly<Record<string, string>> = {
  "/": "/index.html",
  "/v1/": "/v1/index.json",
  "/v1": "/v1/index.json",
  "/v1/schema/": "/v1/schema/index.json",
  "/v1/schema": "/v1/schema/index.json",
};

/** The object a request path reads: a folder's index document, else the path itself. */
export function feedObjectPath(pathname: string): string {
  return FOLDER_INDEXES[pathname] ?? pathname;
}

/**
 * The CloudFront Function (viewer request) doing what the local server does before it reads an object:
 * a preflight answered at the edge, a folder rewritten to its index document. Generated from the same
 * constants, so the two cannot drift.
 */
export function viewerRequestFunctionSource(): string {
  const preflight = Object.fromEntries(
    Object.entries(preflightHeaders()).map(([name, value]) => [name, { value }]),
  );
  return [
    "function handler(event) {",
    "  var request = event.request;",
    '  if (request.method === "OPTIONS") {',
    `    return { statusCode: 204, statusDescription: "No Content", headers: ${JSON.stringify(preflight)} };`,
    "  }",
    `  var indexes = ${JSON.stringify(FOLDER_INDEXES)};`,
    "  if (indexes[request.uri]) request.uri = indexes[request.uri];",
    "  return request;",
    "}",
  ].join("\n");
}
