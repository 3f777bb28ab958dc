import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { answerEvent } from "../api/api-event";
import type { ApiPorts } from "../api/ports";

/**
 * The desk API on the local stack's HTTP server: Node's request turned into the event API Gateway's HTTP
 * API (payload format 2.0) hands the Lambda, answered by the same function the Lambda runs. CORS as the
 * HTTP API is configured (any origin, bearer tokens, no cookies).
 */

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-max-age": "600",
};

/** Largest body read before answering 413 (the API reads 16 KiB at most; API Gateway caps at 10 MB). */
const MAX_READ_BYTES = 64 * 1024;

export async function serveDeskApi(
  ports: ApiPorts,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method === "OPTIONS") {
    response.writeHead(204, CORS).end();
    return;
  }
  const body = await readBody(request);
  if (body === null) {
    response.writeHead(413, { ...CORS, "content-type": "text/plain" }).end("request too large\n");
    return;
  }
  const result = await answerEvent(ports, apiEventOf(request, body), (error) =>
    console.error("gongkai: desk API request failed", error),
  );
  response
    .writeHead(result.statusCode ?? 200, { ...CORS, ...(result.headers as Record<string, string>) })
    .end(result.body ?? "");
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_READ_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The HTTP API's event for a Node request, as API Gateway builds it (headers lowercased, query decoded). */
export function apiEventOf(request: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const now = new Date();
  const method = request.method ?? "GET";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "127.0.0.1",
      domainPrefix: "local",
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: body.toString("base64") } : {}),
    isBase64Encoded: body.length > 0,
  };
}
