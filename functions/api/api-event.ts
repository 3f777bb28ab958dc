import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { ApiPorts } from "./ports";
import { type ApiRequest, type ApiResponse, answer } from "./routes";

/**
 * API Gateway's HTTP API (payload format 2.0) ↔ the desk API's request and response. The local stack
 * builds the same event from Node's request, so both run exactly this code.
 */

export function requestOfEvent(event: APIGatewayProxyEventV2): ApiRequest {
  const body =
    event.body === undefined || event.body === null
      ? null
      : event.isBase64Encoded
        ? Buffer.from(event.body, "base64").toString("utf8")
        : event.body;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = value;
  }
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query,
    authorization: event.headers.authorization ?? event.headers.Authorization,
    body,
  };
}

export function resultOfResponse(response: ApiResponse): APIGatewayProxyStructuredResultV2 {
  return { statusCode: response.status, headers: response.headers, body: response.body };
}

/** One HTTP API event → its result: what the Lambda handler runs, and the local stack's server too. */
export async function answerEvent(
  ports: ApiPorts,
  event: APIGatewayProxyEventV2,
  onError?: (error: unknown) => void,
): Promise<APIGatewayProxyStructuredResultV2> {
  return resultOfResponse(await answer(ports, requestOfEvent(event), onError));
}
