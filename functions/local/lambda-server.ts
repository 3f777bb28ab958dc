import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A function the server runs: the handler of a Lambda, given the invocation's parsed JSON payload. */
export type LocalFunction = (payload: unknown) => Promise<unknown>;

const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * Lambda's Invoke API (`POST /2015-03-31/functions/{name}/invocations`, synchronous) on loopback, running
 * each named function's handler in this process: what lets the ingest function's LambdaAnnotator talk to
 * the annotate handler through the SDK's own Lambda client, as on AWS. A handler that throws is answered
 * as Lambda answers a function error: 200 with `X-Amz-Function-Error: Unhandled` and the error as the
 * payload. An unknown function is Lambda's 404 ResourceNotFoundException. No auth, no async invocations.
 */
export async function startLambda(
  functions: Readonly<Record<string, LocalFunction>>,
  host = "127.0.0.1",
  port = 0,
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    answer(functions, request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(
  functions: Readonly<Record<string, LocalFunction>>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const name = INVOKE.exec(new URL(request.url ?? "/", "http://local").pathname)?.[1];
  const handler = request.method === "POST" && name ? functions[decodeURIComponent(name)] : undefined;
  if (!handler) {
    response.writeHead(404, {
      "content-type": "application/json",
      "x-amzn-errortype": "ResourceNotFoundException",
    });
    response.end(JSON.stringify({ Type: "User", message: `Function not found: ${name ?? request.url}` }));
    return;
  }
  const body = Buffer.concat(chunks).toString("utf8");
  try {
    const result = await handler(body ? JSON.parse(body) : {});
    response.writeHead(200, { "content-type": "application/json", "x-amz-executed-version": "$LATEST" });
    response.end(JSON.stringify(result ?? null));
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    response.writeHead(200, {
      "content-type": "application/json",
      "x-amz-executed-version": "$LATEST",
      "x-amz-function-error": "Unhandled",
    });
    response.end(JSON.stringify({ errorType: failure.name, errorMessage: failure.message, trace: [] }));
  }
}
