import { type ApiError, apiErrorBody, apiErrorStatus } from "../../schemas/api-errors";
import { annotatedCopy } from "./annotated-copy";
import { authenticate } from "./caller";
import { explainOwnWarning } from "./explain-warning";
import { explainableReport } from "./explainable-report";
import { issueUpload } from "./issue-upload";
import { listUploads } from "./list-uploads";
import { me } from "./me";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, Download, failure } from "./results";
import { showUpload } from "./show-upload";

/**
 * The desk API's routes under `/api/v1/`: the same on AWS (API Gateway's HTTP API → the Lambda) and on the
 * local stack (Node's HTTP server), both of which hand over the request as an `ApiRequest`. Every route
 * needs a verified token; a route's use case answers with a value or an API error.
 */

export const API_BASE = "/api/v1";

/** A request as the desk API reads it. */
export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: string | null;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON, or a file's bytes in base64 when `isBase64Encoded` (as API Gateway takes a binary answer). */
  body: string;
  isBase64Encoded?: boolean;
}

/** Largest request body read: the bodies are `{year, fileName, size}` and an explanation's. */
const MAX_BODY_BYTES = 16 * 1024;

type Route = (ports: ApiPorts, caller: SignedIn, request: ApiRequest, id: string) => Promise<ApiResult>;

const noQuery = (request: ApiRequest, allowed: string[] = []): ApiResult | null => {
  const unknown = Object.keys(request.query).filter((name) => !allowed.includes(name));
  return unknown.length > 0
    ? failure("request.unknown_field", unknown.slice(0, 5).join(", ").slice(0, 200))
    : null;
};

const ROUTES: { pattern: RegExp; methods: Record<string, Route> }[] = [
  {
    pattern: /^\/me$/,
    methods: {
      GET: async (ports, caller, request) =>
        noQuery(request, ["department"]) ?? me(ports, caller, request.query.department),
    },
  },
  {
    pattern: /^\/uploads$/,
    methods: {
      GET: (ports, caller, request) => listUploads(ports, caller, request.query),
      POST: async (ports, caller, request) => jsonBody(request, (body) => issueUpload(ports, caller, body)),
    },
  },
  {
    pattern: /^\/explanations$/,
    methods: {
      GET: (ports, caller, request) => explainableReport(ports, caller, request.query),
      POST: async (ports, caller, request) =>
        jsonBody(request, (body) => explainOwnWarning(ports, caller, body)),
    },
  },
  {
    pattern: /^\/uploads\/([^/]+)$/,
    methods: { GET: (ports, caller, request, id) => showUpload(ports, caller, id, request.query) },
  },
  {
    pattern: /^\/uploads\/([^/]+)\/annotated$/,
    methods: {
      GET: (ports, caller, request, id) => annotatedCopy(ports, caller, id, request.query),
    },
  },
];

/** A POST's JSON body handed to its use case; no query string. */
async function jsonBody(request: ApiRequest, use: (body: unknown) => Promise<ApiResult>): Promise<ApiResult> {
  const wrong = noQuery(request);
  if (wrong) return wrong;
  const body = parseJson(request.body);
  return body === undefined ? failure("request.not_json") : use(body);
}

function parseJson(body: string | null): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

const respond = (status: number, value: unknown): ApiResponse => ({
  status,
  headers: JSON_HEADERS,
  body: JSON.stringify(value),
});

/** A file to save: its bytes as base64, its name in both the plain and the RFC 5987 (UTF-8) form. */
const download = (file: Download): ApiResponse => ({
  status: 200,
  headers: {
    "content-type": file.contentType,
    "content-disposition": `attachment; filename="${asciiName(file.fileName)}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    "cache-control": "no-store",
  },
  body: Buffer.from(file.bytes).toString("base64"),
  isBase64Encoded: true,
});

/** The name for clients that read only `filename=`: non-ASCII and quoting characters replaced. */
const asciiName = (name: string) => name.replace(/[^\x20-\x7e]|["\\]/g, "_");

const refuse = (error: ApiError): ApiResponse => respond(apiErrorStatus(error.code), apiErrorBody(error));

/**
 * One request → its response. A failure of ours (an adapter throwing) answers 500 with a generic message
 * and is reported to `onError`; nothing of it reaches the caller.
 */
export async function answer(
  ports: ApiPorts,
  request: ApiRequest,
  onError: (error: unknown) => void = () => {},
): Promise<ApiResponse> {
  const path = request.path.startsWith(API_BASE) ? request.path.slice(API_BASE.length) : null;
  let route: (typeof ROUTES)[number] | undefined;
  let id = "";
  for (const candidate of ROUTES) {
    const match = path === null ? null : candidate.pattern.exec(path);
    if (match) {
      route = candidate;
      id = match[1] ?? "";
      break;
    }
  }
  if (!route) return refuse({ code: "route.not_found", detail: request.path.slice(0, 200) });
  const handle = route.methods[request.method.toUpperCase()];
  if (!handle) return refuse({ code: "route.method_not_allowed", detail: request.method.slice(0, 10) });
  try {
    const caller = await authenticate(ports, request.authorization);
    if (!caller.ok) return refuse(caller.error);
    if (request.body && Buffer.byteLength(request.body) > MAX_BODY_BYTES)
      return refuse({ code: "request.body_too_large" });
    const result = await handle(ports, caller.value, request, decodeURIComponent(id));
    if (!result.ok) return refuse(result.error);
    return result.value instanceof Download ? download(result.value) : respond(result.status, result.value);
  } catch (error) {
    onError(error);
    return refuse({ code: "internal.error" });
  }
}
